/**
 * The Generate tab's quality report, on one fixed protocol so numbers compare across runs and
 * tools: the FCD feature CNN (conv 32 → conv 64 → dense 128 → classes; 10 epochs, Adam 1e-3,
 * batch 64, inputs in [0, 1]) trained on the dataset's real train split and cached per dataset in
 * IndexedDB; FCD and k-NN precision/recall between the held-out real images and 1,000 generated
 * ones in its 128-d feature space; and the memorisation check (nearest training image per
 * generated image, in pixels). FCD is not FID: the features come from this CNN, not Inception.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ClassifierTrainer,
  FCD_PROTOCOL,
  InMemorySource,
  buildFeatureCnn,
  classifierConfig,
  classifierSettings,
  evaluateClassifier,
  exportTfjs,
  featureExtractor,
  generateFromSeeds,
  imageSeed,
  importTfjs,
  type ModelSize,
  type TfjsArtifacts,
} from '../../src/core/models';
import { measureGenerativeQuality } from '../../src/core/metrics';
import { TrainingError } from '../../src/core/models';
import { hashKey, hashString } from '../../src/core/rng';
import { getObject, putObject } from '../shared/db';
import { loadDataset, readSet, splitOriginals, subsample, MAX_REFERENCE } from './data';
import { bytesToTensor, resizeImages, tileBitmap, toBytes } from './images';
import { ensureModelSnapshot } from './generate';
import { getModelSnapshot, modelId, saveModelSnapshot, saveRun } from './runs';
import type { TrainingSession } from './session';
import type { QualityProgress, QualityReport, QualitySummary } from './types';

/** Generated images per measurement (the protocol's 1,000). */
export const GENERATED_COUNT = 1000;
const CHUNK = 250;

interface SavedFeatureCnn {
  artifacts: TfjsArtifacts;
  accuracy: number;
  classes: string[];
  trainImages: number;
  trainedAt: number;
}

type Progress = (p: QualityProgress) => void;

/**
 * The dataset's feature CNN at this model size: loaded from IndexedDB, or trained now on the
 * train split of every class (the cache key changes when the data does).
 */
async function featureCnn(datasetId: string, size: number, onProgress: Progress): Promise<{ model: tf.LayersModel; accuracy: number; classes: number; trainImages: number; cached: boolean }> {
  const { meta, records } = await loadDataset(datasetId);
  const { train, reference, heldOutOfTrain } = splitOriginals(records);
  const fitRecords = train.filter((r) => !heldOutOfTrain.has(r.id));
  const counts = new Map<string, number>();
  for (const r of fitRecords) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  const classes = meta.classes.filter((c) => (counts.get(c) ?? 0) > 0);
  if (classes.length < 2) {
    throw new TrainingError('bad-config', 'FCD needs a feature CNN trained to tell classes apart, so the dataset needs at least 2 classes with training images.');
  }
  const { channels } = meta.format;
  const key = `feature-cnn:${datasetId}:${size}x${channels}:${hashString(JSON.stringify([classes, fitRecords.length, fitRecords[0]?.id, fitRecords.at(-1)?.id])).toString(16)}`;
  const saved = await getObject<SavedFeatureCnn>(key);
  if (saved) {
    const { model } = await importTfjs(saved.artifacts);
    return { model, accuracy: saved.accuracy, classes: saved.classes.length, trainImages: saved.trainImages, cached: true };
  }
  const wanted = new Set(classes);
  const fit = await readSet(meta, fitRecords.filter((r) => wanted.has(r.label)), classes);
  const test = await readSet(meta, subsample(reference.filter((r) => wanted.has(r.label)), MAX_REFERENCE, 11), classes);
  const h = meta.format.size;
  const toModelSize = (set: typeof fit) => {
    const raw = bytesToTensor(set.pixels, set.count, h, channels);
    const x = resizeImages(raw, size);
    raw.dispose();
    return x;
  };
  const config = classifierConfig({ variant: 'fcd-feature', size: size as ModelSize, channels: channels as 1 | 3, numClasses: classes.length, seed: 1 });
  const cnn = buildFeatureCnn(config.size, config.channels, config.numClasses, config.seed);
  const fitX = toModelSize(fit);
  const pixels = (await fitX.data()) as Float32Array;
  fitX.dispose();
  const source = new InMemorySource({ pixels, shape: [fit.count, size, size, channels] }, { labels: fit.labels, numClasses: classes.length, seed: 3 });
  const trainer = new ClassifierTrainer(cnn, config);
  const settings = classifierSettings({ readEvery: 20 });
  const totalSteps = Math.ceil((FCD_PROTOCOL.epochs * fit.count) / Math.min(FCD_PROTOCOL.batchSize, fit.count));
  try {
    for await (const e of trainer.train(source, settings)) {
      if (e.losses) {
        onProgress({
          phase: 'feature-cnn',
          fraction: Math.min(1, e.step / totalSteps),
          detail: `Training the feature CNN on ${fit.count.toLocaleString()} real images: epoch ${Math.min(FCD_PROTOCOL.epochs, Math.floor(e.epoch) + 1)} of ${FCD_PROTOCOL.epochs}`,
        });
      }
    }
  } finally {
    trainer.dispose();
  }
  let accuracy = NaN;
  if (test.count > 0) {
    const x = toModelSize(test);
    const labels = tf.tensor1d(Array.from(test.labels), 'int32');
    accuracy = (await evaluateClassifier(cnn, { x, labels })).accuracy;
    tf.dispose([x, labels]);
  }
  await putObject('feature-cnn', key, { artifacts: await exportTfjs(cnn), accuracy, classes, trainImages: fit.count, trainedAt: Date.now() } satisfies SavedFeatureCnn);
  return { model: cnn, accuracy, classes: classes.length, trainImages: fit.count, cached: false };
}

/** 1,000 images from fixed seeds; conditional models follow the reference set's class shares. */
function generatedSet(session: TrainingSession, runSeed: number): tf.Tensor4D {
  const { reference } = session.data;
  const k = session.data.classes.length;
  let classIds: number[] | undefined;
  if (session.conditional) {
    const counts = new Array<number>(k).fill(0);
    for (const y of reference.labels) counts[y]++;
    const total = counts.reduce((a, b) => a + b, 0);
    const shares = total > 0 ? counts.map((c) => c / total) : counts.map(() => 1 / k);
    classIds = [];
    for (let c = 0; c < k; c++) for (let i = 0; i < Math.round(shares[c] * GENERATED_COUNT); i++) classIds.push(c);
    while (classIds.length < GENERATED_COUNT) classIds.push(classIds.length % k);
    classIds.length = GENERATED_COUNT;
  }
  const parts: tf.Tensor4D[] = [];
  for (let start = 0; start < GENERATED_COUNT; start += CHUNK) {
    const n = Math.min(CHUNK, GENERATED_COUNT - start);
    const seeds = Array.from({ length: n }, (_, i) => imageSeed(runSeed, start + i, classIds ? classIds[start + i] : -1));
    parts.push(generateFromSeeds(session.model, seeds, classIds?.slice(start, start + n)));
  }
  const all = tf.concat(parts) as tf.Tensor4D;
  tf.dispose(parts);
  return all;
}

/** The training images, resized to the model, in batches (for the memorisation scan). */
function* trainingBatches(session: TrainingSession, batch = 512): Generator<tf.Tensor4D> {
  const n = session.data.train.count;
  for (let start = 0; start < n; start += batch) {
    const idx = Array.from({ length: Math.min(batch, n - start) }, (_, i) => start + i);
    yield session.trainImages(idx).x;
  }
}

export async function measureQuality(session: TrainingSession, onProgress: Progress): Promise<QualityReport> {
  const t0 = performance.now();
  const { run, data } = session;
  if (data.reference.count <= 3) {
    throw new TrainingError(
      'bad-config',
      `FCD and precision/recall need at least 4 held-out real images of the trained classes (a test or val split, or enough images to hold 15 % out); there are ${data.reference.count}.`,
    );
  }
  onProgress({ phase: 'feature-cnn', fraction: 0, detail: 'Preparing the feature CNN…' });
  const size = run.config.size;
  const cnn = await featureCnn(run.datasetId, size, onProgress);
  onProgress({ phase: 'generating', fraction: 1, detail: `Generating ${GENERATED_COUNT.toLocaleString()} images…` });
  const extractor = featureExtractor(cnn.model);
  const generated = generatedSet(session, hashKey(run.config.seed, 'fcd'));
  const [h, , c] = data.shape;
  const rawReal = bytesToTensor(data.reference.pixels, data.reference.count, h, c);
  const real = resizeImages(rawReal, size);
  rawReal.dispose();
  try {
    onProgress({ phase: 'measuring', fraction: 1, detail: 'Measuring FCD, precision/recall and memorisation…' });
    const q = await measureGenerativeQuality({ extractor, real, generated, training: trainingBatches(session), closestCount: 6 });
    const closestPairs = await Promise.all(
      (q.memorisation?.closest ?? []).map(async (p) => {
        const { x } = session.trainImages([p.real]);
        const pair = tf.tidy(() => tf.concat([tf.slice(generated, [p.generated, 0, 0, 0], [1, -1, -1, -1]), x]) as tf.Tensor4D);
        x.dispose();
        const bytes = await toBytes(pair);
        pair.dispose();
        return { bitmap: await tileBitmap({ pixels: bytes, count: 2, size, channels: c }, 2), rms: p.rms };
      }),
    );
    const summary: QualitySummary = {
      fcd: q.fcd,
      precision: q.precision,
      recall: q.recall,
      k: q.k,
      realCount: q.realCount,
      generatedCount: q.generatedCount,
      memorisation: q.memorisation ? { medianRms: q.memorisation.medianRms, minRms: q.memorisation.minRms, closestRms: q.memorisation.closest.map((p) => p.rms) } : undefined,
      featureCnn: { accuracy: cnn.accuracy, classes: cnn.classes, trainImages: cnn.trainImages, cached: cnn.cached, reference: data.referenceName },
      step: session.trainer.step,
      measuredAt: Date.now(),
      seconds: (performance.now() - t0) / 1000,
    };
    // Saved with the run and with the model snapshot of this step (what an export ships).
    run.quality = summary;
    run.updatedAt = Date.now();
    await saveRun(run);
    await ensureModelSnapshot(session);
    const id = modelId(run.id, session.trainer.step);
    const snapshot = await getModelSnapshot(id);
    if (snapshot) await saveModelSnapshot(id, { ...snapshot, info: { ...snapshot.info, quality: summary } });
    return { ...summary, closestPairs };
  } finally {
    tf.dispose([generated, real]);
    cnn.model.dispose();
  }
}
