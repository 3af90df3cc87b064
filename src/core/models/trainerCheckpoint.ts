/**
 * Saving and restoring a trainer: model weights (all of them, batch-norm statistics included),
 * optimizer moments and counters, step, epoch position and loss curves, so training resumes
 * exactly where it stopped, curves and all.
 */
import * as tf from '@tensorflow/tfjs';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checksum32,
  packTensors,
  readTensor,
  validateCheckpoint,
  type Checkpoint,
  type CheckpointMeta,
} from './checkpoint';
import { TrainingError } from './errors';
import { buildGan, disposeGan, type GanConfig } from './gan';
import { GanTrainer, type GanTrainerOptions } from './ganTrainer';
import type { BaseSettings, Trainer } from './trainer';
import { buildVae, disposeVae, type VaeConfig } from './vae';
import { VaeTrainer, type VaeTrainerOptions } from './vaeTrainer';

/** Reads everything back asynchronously (pending losses first) and packs it. */
export async function saveCheckpoint(trainer: Trainer<BaseSettings>, extra?: Record<string, unknown>): Promise<Checkpoint> {
  await trainer.flush();
  const { config, models, optimizers } = trainer.checkpointParts();
  const named: Array<[string, tf.Tensor]> = [];
  for (const [name, model] of Object.entries(models)) {
    model.weights.forEach((w, i) => named.push([`${name}/${i}`, w.read()]));
  }
  const optimizerMeta: CheckpointMeta['optimizers'] = {};
  const optimizerTensors: tf.Tensor[] = [];
  for (const [name, opt] of Object.entries(optimizers)) {
    const state = opt.getState();
    optimizerMeta[name] = { step: state.step, beta1Power: state.beta1Power, beta2Power: state.beta2Power };
    state.tensors.forEach((t, i) => named.push([`optimizer/${name}/${i}`, t]));
    optimizerTensors.push(...state.tensors);
  }
  const { tensors, data } = await packTensors(named).finally(() => tf.dispose(optimizerTensors));
  const meta: CheckpointMeta = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: structuredClone(config),
    step: trainer.step,
    imagesSeen: trainer.imagesSeen,
    seed: trainer.seed,
    history: trainer.history.toJSON(),
    heldOutHistory: trainer.heldOutHistory.toJSON(),
    optimizers: optimizerMeta,
    tensors,
    byteLength: data.byteLength,
    checksum: checksum32(data),
    savedAt: Date.now(),
    extra,
  };
  return { meta, data };
}

/** Loads a checkpoint into a trainer built from the same config (see the trainers' fromCheckpoint). */
export function restoreCheckpoint(trainer: Trainer<BaseSettings>, value: unknown): void {
  const { config, models, optimizers } = trainer.checkpointParts();
  const ckpt = validateCheckpoint(value, config.kind);
  const saved = ckpt.meta.model as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(config)) {
    if (key !== 'seed' && saved[key] !== v) {
      throw new TrainingError(
        'bad-checkpoint',
        `This checkpoint cannot be loaded: it was saved from a model with ${key} = ${JSON.stringify(saved[key])}, ` +
          `this one has ${JSON.stringify(v)}.`,
      );
    }
  }
  // Read and check everything before changing anything.
  const weightValues = Object.entries(models).map(([name, model]) =>
    model.weights.map((w, i) => readTensor(ckpt, `${name}/${i}`, w.shape as number[])),
  );
  const optimizerValues = Object.entries(optimizers).map(([name, opt]) => {
    const state = ckpt.meta.optimizers[name];
    if (!state) throw new TrainingError('bad-checkpoint', `This checkpoint cannot be loaded: the ${name} optimizer state is missing.`);
    const slots = opt.getState().tensors;
    const shapes = slots.map((t) => t.shape);
    tf.dispose(slots);
    return { opt, state, values: shapes.map((shape, i) => readTensor(ckpt, `optimizer/${name}/${i}`, shape)) };
  });
  try {
    trainer.history.load(ckpt.meta.history);
    trainer.heldOutHistory.load(ckpt.meta.heldOutHistory);
  } catch (e) {
    throw new TrainingError('bad-checkpoint', `This checkpoint cannot be loaded: ${(e as Error).message}`);
  }
  Object.values(models).forEach((model, m) => {
    tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(weightValues[m][i], w.shape as number[]))));
  });
  for (const { opt, state, values } of optimizerValues) opt.setState({ ...state, values });
  trainer.step = ckpt.meta.step;
  trainer.imagesSeen = ckpt.meta.imagesSeen;
}

function modelOf(value: unknown, kind: 'gan' | 'vae'): Checkpoint {
  return validateCheckpoint(value, kind);
}

/** Rebuilds a GAN and its trainer from a checkpoint (e.g. after a reload or a crashed tab). */
export function resumeGanTrainer(value: unknown, options: Omit<GanTrainerOptions, 'seed'> = {}): GanTrainer {
  const ckpt = modelOf(value, 'gan');
  const gan = buildGan(ckpt.meta.model as GanConfig);
  const trainer = new GanTrainer(gan, { ...options, seed: ckpt.meta.seed });
  try {
    restoreCheckpoint(trainer, ckpt);
  } catch (e) {
    trainer.dispose();
    disposeGan(gan);
    throw e;
  }
  return trainer;
}

/** Rebuilds a VAE and its trainer from a checkpoint. */
export function resumeVaeTrainer(value: unknown, options: Omit<VaeTrainerOptions, 'seed'> = {}): VaeTrainer {
  const ckpt = modelOf(value, 'vae');
  const vae = buildVae(ckpt.meta.model as VaeConfig);
  const trainer = new VaeTrainer(vae, { ...options, seed: ckpt.meta.seed });
  try {
    restoreCheckpoint(trainer, ckpt);
  } catch (e) {
    trainer.dispose();
    disposeVae(vae);
    throw e;
  }
  return trainer;
}
