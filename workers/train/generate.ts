/**
 * Drawing synthetic images into the dataset: N per class, or enough to bring every chosen class
 * up to a target count of training images. Each becomes an ImageRecord of kind 'synthetic' in the
 * train split, with the recipe {modelId, checkpointStep, seed, label} that redraws it exactly
 * (generateFromSeeds(model, [seed], [class])); the model's weights at that step are saved under
 * modelId so the export can ship them.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageRecord, SynthRecipe } from '../../src/core/dataset/types';
import { TrainingError, balancePlan, exportGenerative, generateImages, type GenerationRequest } from '../../src/core/models';
import { loadDataset } from './data';
import { resizeImages, toBytes } from './images';
import { getModelSnapshot, modelId, saveModelSnapshot } from './runs';
import type { TrainingSession } from './session';
import type { GenerateProgress, GenerateRequest, GenerateResult } from './types';
import { SyntheticWriter, sha256Hex } from './writer';

/** More than this in one go is almost certainly a typo. */
const MAX_IMAGES = 50_000;

/** Saves the session's current weights as the model that synthetic images name (once per step). */
export async function ensureModelSnapshot(session: TrainingSession): Promise<string> {
  const id = modelId(session.run.id, session.trainer.step);
  const existing = await getModelSnapshot(id);
  if (!existing) {
    const artifacts = await exportGenerative(session.model);
    await saveModelSnapshot(id, {
      ...artifacts,
      info: {
        runId: session.run.id,
        step: session.trainer.step,
        name: session.run.name,
        model: session.run.model,
        classes: session.run.classes,
        quality: session.run.quality?.step === session.trainer.step ? session.run.quality : undefined,
        savedAt: Date.now(),
      },
    });
  }
  return id;
}

/** Which classes to draw and how many of each (class ids are indices into the run's classes). */
export async function generationPlan(session: TrainingSession, req: GenerateRequest): Promise<GenerationRequest[]> {
  const { run } = session;
  const conditional = session.conditional;
  if (!conditional && run.classes.length > 1) {
    throw new TrainingError(
      'bad-config',
      `This unconditional model was trained on ${run.classes.length} classes together, so its images belong to no class. ` +
        'Train a conditional model (or one model per class) to add labelled synthetic images.',
    );
  }
  const count = Math.floor(req.count);
  if (!(count > 0)) throw new TrainingError('bad-config', 'Choose how many images to generate (1 or more).');
  const names = req.classes.length ? req.classes : run.classes;
  const ids = names.map((n) => {
    const i = run.classes.indexOf(n);
    if (i < 0) throw new TrainingError('bad-config', `The model was not trained on class '${n}'.`);
    return i;
  });
  let plan: GenerationRequest[];
  if (req.mode === 'per-class') {
    plan = conditional ? ids.map((classId) => ({ classId, count })) : [{ classId: null, count }];
  } else {
    // Top up to `count` training images (originals, augmented and synthetic) per chosen class.
    const { records } = await loadDataset(run.datasetId);
    const have = run.classes.map((c, i) => (ids.includes(i) ? records.filter((r) => r.label === c && r.split !== 'test' && r.split !== 'val').length : Infinity));
    plan = balancePlan(have, count);
    if (!conditional) plan = plan.map((p) => ({ ...p, classId: null }));
  }
  const total = plan.reduce((n, p) => n + p.count, 0);
  if (total > MAX_IMAGES) throw new TrainingError('bad-config', `That is ${total.toLocaleString()} images; generate at most ${MAX_IMAGES.toLocaleString()} at a time.`);
  return plan;
}

export async function generateIntoDataset(
  session: TrainingSession,
  req: GenerateRequest,
  onProgress?: (p: GenerateProgress) => void,
): Promise<GenerateResult> {
  const { run } = session;
  const plan = await generationPlan(session, req);
  const total = plan.reduce((n, p) => n + p.count, 0);
  const runSeed = (req.runSeed ?? crypto.getRandomValues(new Uint32Array(1))[0]) >>> 0;
  const step = session.trainer.step;
  const perClass: Record<string, number> = {};
  if (total === 0) {
    const writer = await SyntheticWriter.open(run.datasetId);
    return { written: 0, perClass, modelId: modelId(run.id, step), checkpointStep: step, runSeed, datasetCount: writer.meta.count };
  }
  const id = await ensureModelSnapshot(session);
  const writer = await SyntheticWriter.open(run.datasetId);
  const { size, channels } = writer.meta.format;
  if (channels !== run.config.channels) {
    throw new TrainingError('shape-mismatch', `The model makes ${run.config.channels}-channel images; the dataset stores ${channels}-channel ones.`);
  }
  const noise = {
    truncation: req.truncation > 0 ? req.truncation : undefined,
    temperature: req.temperature > 0 && req.temperature !== 1 ? req.temperature : undefined,
  };
  const per = size * size * channels;
  const counters = new Map<number | null, number>();
  let done = 0;
  onProgress?.({ done, total });
  for await (const chunk of generateImages(session.model, plan, { runSeed, batchSize: 64, ...noise })) {
    let pixels: Uint8Array = Uint8Array.from(chunk.pixels);
    if (chunk.height !== size) {
      // A smaller model than the dataset: enlarge to the working resolution for storage.
      const small = tf.tensor4d(pixels, [chunk.count, chunk.height, chunk.width, chunk.channels], 'int32');
      const big = tf.tidy(() => resizeImages(tf.div(small, 255) as tf.Tensor4D, size));
      pixels = await toBytes(big);
      tf.dispose([small, big]);
    }
    const label = chunk.classId === null ? run.classes[0] : run.classes[chunk.classId];
    const first = counters.get(chunk.classId) ?? 0;
    counters.set(chunk.classId, first + chunk.count);
    const hashes = await Promise.all(chunk.seeds.map((_, i) => sha256Hex(pixels.subarray(i * per, (i + 1) * per))));
    const records: Array<Omit<ImageRecord, 'chunk' | 'slot'>> = chunk.seeds.map((seed, i) => {
      const recipe: SynthRecipe & { truncation?: number; temperature?: number } = { modelId: id, checkpointStep: step, seed, label, ...noise };
      return {
        id: `syn~${id}~${runSeed}~${chunk.classId ?? 'u'}~${first + i}`,
        datasetId: run.datasetId,
        label,
        split: 'train',
        kind: 'synthetic',
        sourceName: `synthetic/${label}/${run.id}_step${step}_${seed.toString(16).padStart(8, '0')}.png`,
        sourceId: `model:${id}`,
        width: size,
        height: size,
        channels,
        bytes: per,
        mime: 'image/png',
        hash: hashes[i],
        recipe,
      };
    });
    await writer.add(records, pixels);
    perClass[label] = (perClass[label] ?? 0) + chunk.count;
    done += chunk.count;
    onProgress?.({ done, total });
  }
  await writer.flush();
  return { written: done, perClass, modelId: id, checkpointStep: step, runSeed, datasetCount: writer.meta.count };
}
