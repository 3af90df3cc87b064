/**
 * Making a training session: a new run from the Generate tab's form, a saved run reopened from its
 * checkpoint (after a reload or a crashed tab), or an imported model. Every way checks the model
 * against the dataset first and fails with a sentence the user can act on.
 */
import {
  GanTrainer,
  SUPPORTED_SIZES,
  TrainingError,
  VaeTrainer,
  buildGan,
  buildVae,
  disposeGan,
  disposeVae,
  resumeGanTrainer,
  resumeVaeTrainer,
  type Batch,
  type Gan,
  type GanConfig,
  type Vae,
  type VaeConfig,
} from '../../src/core/models';
import { loadAugmenter } from './augment';
import { loadTrainingData, type TrainingData } from './data';
import { getRun, loadCheckpointObject, saveRun } from './runs';
import { TrainingSession, gridPerClass, heldOutBatch, type Trainer } from './session';
import { defaultSettings, isConditional, isGan, MODEL_LABELS, type ModelKind, type RunInfo, type TrainRequest } from './types';

function newRunId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return `run-${stamp}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The model side must be a supported size no larger than the dataset's (batches are shrunk, never enlarged). */
export function checkModelSize(size: number, channels: number, data: TrainingData): void {
  const [h, , c] = data.shape;
  if (channels !== c) {
    throw new TrainingError(
      'shape-mismatch',
      `This model works on ${channels === 1 ? 'grey (1-channel)' : 'colour (3-channel)'} images, but the dataset's working format is ${h}×${h}×${c}. ` +
        'Use a dataset with matching channels, or train a new model on this one.',
    );
  }
  if (!(SUPPORTED_SIZES as readonly number[]).includes(size) || size > h) {
    const fits = SUPPORTED_SIZES.filter((s) => s <= h);
    throw new TrainingError(
      'shape-mismatch',
      `A ${size}×${size} model cannot train on this ${h}×${h} dataset. ` +
        (fits.length ? `Choose a model size of ${fits.join(', ')}.` : `Models need images of at least ${SUPPORTED_SIZES[0]}×${SUPPORTED_SIZES[0]}: import the data at a larger working resolution.`),
    );
  }
}

function buildModel(kind: ModelKind, init: { size: number; channels: 1 | 3; latentDim: number; numClasses: number; width: number; seed: number }): Gan | Vae {
  const size = init.size as GanConfig['size'];
  return isGan(kind) ? buildGan({ ...init, size }) : buildVae({ ...init, size });
}

interface Built {
  trainer: Trainer;
  /** The VAE's held-out batch (owned by the session). */
  heldOut?: Batch;
}

function disposeHeldOut(b?: Batch): void {
  b?.x.dispose();
  b?.labels?.dispose();
}

/** A trainer for a new model, or one restored from a checkpoint (`ckpt`). */
function makeTrainer(data: TrainingData, kind: 'gan' | 'vae', size: number, conditional: boolean, from: { model: Gan | Vae } | { ckpt: unknown }): Built {
  const per = gridPerClass(data.classes.length);
  if (kind === 'gan') {
    return { trainer: 'model' in from ? new GanTrainer(from.model as Gan, { gridPerClass: per }) : resumeGanTrainer(from.ckpt, { gridPerClass: per }) };
  }
  const heldOut = heldOutBatch(data, size, conditional);
  try {
    const trainer = 'model' in from ? new VaeTrainer(from.model as Vae, { gridPerClass: per, heldOut }) : resumeVaeTrainer(from.ckpt, { gridPerClass: per, heldOut });
    return { trainer, heldOut };
  } catch (e) {
    disposeHeldOut(heldOut);
    throw e;
  }
}

async function sessionFor(run: RunInfo, built: Built, data: TrainingData): Promise<TrainingSession> {
  const { trainer, heldOut } = built;
  try {
    const augmenter = run.data === 'pipeline' ? await loadAugmenter(data.shape[2], isConditional(run.model)) : null;
    return new TrainingSession(run, trainer, data, augmenter, heldOut);
  } catch (e) {
    trainer.dispose();
    if (trainer instanceof GanTrainer) disposeGan(trainer.gan);
    else disposeVae(trainer.vae);
    disposeHeldOut(heldOut);
    throw e;
  }
}

export function describeRun(kind: ModelKind, size: number, classes: string[]): string {
  const what = classes.length === 1 ? classes[0] : `${classes.length} classes`;
  return `${MODEL_LABELS[kind]} ${size}px · ${what}`;
}

export async function createSession(req: TrainRequest): Promise<TrainingSession> {
  const conditional = isConditional(req.model);
  if (conditional && req.classes.length < 2) {
    throw new TrainingError('bad-config', 'A conditional model needs at least 2 classes. Choose more classes, or an unconditional model.');
  }
  const data = await loadTrainingData(req.datasetId, req.classes);
  const channels = data.shape[2] as 1 | 3;
  checkModelSize(req.size, channels, data);
  const model = buildModel(req.model, {
    size: req.size,
    channels,
    latentDim: req.latentDim,
    numClasses: conditional ? req.classes.length : 0,
    width: req.width,
    seed: req.seed >>> 0,
  });
  const now = Date.now();
  const run: RunInfo = {
    id: newRunId(),
    name: req.name?.trim() || describeRun(req.model, req.size, req.classes),
    datasetId: req.datasetId,
    model: req.model,
    config: structuredClone(model.config),
    classes: [...req.classes],
    dataFormat: { size: data.shape[0], channels },
    data: req.data,
    settings: { ...defaultSettings(req.model), ...req.settings },
    createdAt: now,
    updatedAt: now,
    step: 0,
    epoch: 0,
    trainCount: data.train.count,
    status: 'paused',
    checkpointStep: null,
  };
  const session = await sessionFor(run, makeTrainer(data, model.config.kind, req.size, conditional, { model }), data);
  await saveRun(run);
  return session;
}

/** Rebuilds a run from its last checkpoint (weights, Adam state, step, curves). */
export async function openSession(runId: string): Promise<TrainingSession> {
  const run = await getRun(runId);
  if (!run) throw new TrainingError('bad-checkpoint', 'This run is no longer saved in the workspace.');
  const ckpt = await loadCheckpointObject(runId);
  if (ckpt === undefined) {
    throw new TrainingError('bad-checkpoint', `The run “${run.name}” has no saved checkpoint (it was never paused or saved). Start it again.`);
  }
  const data = await loadTrainingData(run.datasetId, run.classes);
  if (data.shape[0] !== run.dataFormat.size || data.shape[2] !== run.dataFormat.channels) {
    throw new TrainingError(
      'shape-mismatch',
      `The run “${run.name}” was trained on ${run.dataFormat.size}×${run.dataFormat.size}×${run.dataFormat.channels} images, ` +
        `but the dataset is now ${data.shape[0]}×${data.shape[0]}×${data.shape[2]}. Train a new model for this working resolution.`,
    );
  }
  checkModelSize(run.config.size, run.config.channels, data);
  const built = makeTrainer(data, run.config.kind, run.config.size, isConditional(run.model), { ckpt });
  run.trainCount = data.train.count;
  run.settings = { ...defaultSettings(run.model), ...run.settings };
  if (run.status === 'training') run.status = 'paused';
  return sessionFor(run, built, data);
}

/** A session around an imported model (and its checkpoint, when the file carries one). */
export async function importedSession(
  datasetId: string,
  model: Gan | Vae,
  checkpoint: unknown,
  saved: Partial<RunInfo> | undefined,
  fileName: string,
  datasetClasses: string[],
): Promise<TrainingSession> {
  const config = model.config as GanConfig | VaeConfig;
  const kind: ModelKind = config.kind === 'gan' ? (config.numClasses > 0 ? 'cgan' : 'dcgan') : config.numClasses > 0 ? 'cvae' : 'vae';
  let classes = saved?.classes && Array.isArray(saved.classes) ? saved.classes.map(String) : undefined;
  if (!classes) {
    if (config.numClasses > 0 && config.numClasses !== datasetClasses.length) {
      throw new TrainingError(
        'shape-mismatch',
        `This conditional model was built for ${config.numClasses} classes, and the file does not say which; this dataset has ${datasetClasses.length}.`,
      );
    }
    classes = datasetClasses;
  }
  if (config.numClasses > 0 && classes.length !== config.numClasses) {
    throw new TrainingError('shape-mismatch', `The file names ${classes.length} classes for a model built for ${config.numClasses}.`);
  }
  const data = await loadTrainingData(datasetId, classes);
  checkModelSize(config.size, config.channels, data);
  // A checkpoint in the file carries the optimizer state and curves: continue exactly where it was.
  const built = makeTrainer(data, config.kind, config.size, config.numClasses > 0, checkpoint !== undefined ? { ckpt: checkpoint } : { model });
  if (checkpoint !== undefined) {
    if (config.kind === 'gan') disposeGan(model as Gan);
    else disposeVae(model as Vae);
  }
  const trainer = built.trainer;
  const now = Date.now();
  const run: RunInfo = {
    id: newRunId(),
    name: `${saved?.name ?? describeRun(kind, config.size, classes)} (imported)`,
    datasetId,
    model: kind,
    config: structuredClone(trainer instanceof GanTrainer ? trainer.gan.config : trainer.vae.config),
    classes,
    dataFormat: { size: data.shape[0], channels: data.shape[2] },
    data: 'originals',
    settings: { ...defaultSettings(kind), ...(saved?.settings ?? {}) },
    createdAt: now,
    updatedAt: now,
    step: trainer.step,
    epoch: trainer.imagesSeen / Math.max(1, data.train.count),
    trainCount: data.train.count,
    status: 'paused',
    checkpointStep: null,
    quality: saved?.quality,
    importedFrom: fileName,
  };
  const session = await sessionFor(run, built, data);
  await saveRun(run);
  await session.checkpoint();
  return session;
}
