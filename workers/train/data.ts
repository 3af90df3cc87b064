/**
 * Training data from the workspace: the active dataset's original images of the chosen classes
 * (train split, or unsplit), read from IndexedDB into one byte buffer, and the held-out real
 * images (test split, else val split, else a seeded 15 % of the unsplit images) that the VAE's
 * held-out ELBO and the FCD reference use. Synthetic and augmented records are never trained on.
 */
import { bySlot } from '../../src/core/dataset/summary';
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { TrainingError, checkTrainingSet } from '../../src/core/models';
import { CounterRng } from '../../src/core/rng';
import { getDataset, getImages } from '../shared/db';
import { forgetChunks, readBatch } from '../shared/pixels';

/** Keeps one run's pixels well inside a browser tab's memory. */
const MAX_BYTES = 768 * 2 ** 20;
/** Held-out images used for FCD and the held-out ELBO, at most. */
export const MAX_REFERENCE = 1000;

export interface ImageSet {
  /** [count, size, size, channels] bytes. */
  pixels: Uint8Array;
  count: number;
  /** Class id per image (index into the run's classes). */
  labels: Int32Array;
  ids: string[];
}

export interface TrainingData {
  meta: DatasetMeta;
  classes: string[];
  /** [size, size, channels] as stored (the dataset's working resolution). */
  shape: [number, number, number];
  train: ImageSet;
  /** Real images the models never train on (may be empty). */
  reference: ImageSet;
  referenceName: string;
}

export async function loadDataset(datasetId: string): Promise<{ meta: DatasetMeta; records: ImageRecord[] }> {
  const meta = await getDataset(datasetId);
  if (!meta) throw new TrainingError('bad-config', 'This dataset no longer exists (it was deleted, perhaps in another tab).');
  forgetChunks(datasetId);
  const records = (await getImages(datasetId)).sort(bySlot);
  return { meta, records };
}

const isTrainSplit = (r: ImageRecord) => r.split === 'train' || r.split === null;

/**
 * Which originals train and which are held out. With a test (or val) split, that split is the
 * reference; without one, a seeded 15 % of the unsplit images is held out (from the feature CNN
 * and the reference only: generators still train on every unsplit image).
 */
export function splitOriginals(records: readonly ImageRecord[], seed = 7): { train: ImageRecord[]; reference: ImageRecord[]; referenceName: string; heldOutOfTrain: Set<string> } {
  const originals = records.filter((r) => r.kind === 'original');
  const train = originals.filter(isTrainSplit);
  for (const split of ['test', 'val'] as const) {
    const reference = originals.filter((r) => r.split === split);
    if (reference.length > 0) return { train, reference, referenceName: `${split} split`, heldOutOfTrain: new Set() };
  }
  const heldOut = train.filter((r) => new CounterRng(seed, 'reference', r.id).next() < 0.15);
  return { train, reference: heldOut, referenceName: '15 % of the images, held out', heldOutOfTrain: new Set(heldOut.map((r) => r.id)) };
}

export async function readSet(meta: DatasetMeta, records: ImageRecord[], classes: readonly string[]): Promise<ImageSet> {
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    pixels: await readBatch(meta, records),
    count: records.length,
    labels: Int32Array.from(records, (r) => index.get(r.label) ?? -1),
    ids: records.map((r) => r.id),
  };
}

/** A seeded subset of at most `max` records, in slot order. */
export function subsample(records: ImageRecord[], max: number, seed: number): ImageRecord[] {
  if (records.length <= max) return records;
  const keep = new Set(new CounterRng(seed, 'subsample').shuffle(records.map((_, i) => i)).slice(0, max));
  return records.filter((_, i) => keep.has(i));
}

/** Loads the chosen classes' training images and their held-out reference images. */
export async function loadTrainingData(datasetId: string, classes: readonly string[]): Promise<TrainingData> {
  const { meta, records } = await loadDataset(datasetId);
  if (classes.length === 0) throw new TrainingError('bad-config', 'Choose at least one class to train on.');
  const unknown = classes.filter((c) => !meta.classes.includes(c));
  if (unknown.length > 0) {
    throw new TrainingError('bad-config', `This dataset has no class ${unknown.map((c) => `'${c}'`).join(', ')} (renamed or deleted?). Choose its classes again.`);
  }
  const wanted = new Set(classes);
  const { train, reference, referenceName } = splitOriginals(records);
  const trainRecords = train.filter((r) => wanted.has(r.label));
  const { size, channels } = meta.format;
  const bytes = trainRecords.length * size * size * channels;
  if (bytes > MAX_BYTES) {
    throw new TrainingError(
      'out-of-memory',
      `The chosen classes hold ${trainRecords.length.toLocaleString()} images at ${size}×${size}×${channels} (${Math.round(bytes / 2 ** 20)} MB): ` +
        'too many to train on in a browser tab. Choose fewer classes or import at a lower resolution.',
    );
  }
  const trainSet = await readSet(meta, trainRecords, classes);
  // One image, or a chosen class with none: say so before anything is built.
  checkTrainingSet(trainSet.count, trainSet.labels, classes.length, classes);
  const refRecords = subsample(reference.filter((r) => wanted.has(r.label)), MAX_REFERENCE, 11);
  return {
    meta,
    classes: [...classes],
    shape: [size, size, channels],
    train: trainSet,
    reference: await readSet(meta, refRecords, classes),
    referenceName,
  };
}
