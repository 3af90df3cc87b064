/**
 * The experiment's data from the workspace: the active dataset's real (original) training images,
 * its real validation images (the data's own test split, else its val split; without either the
 * experiment holds out a stratified seeded share of the training images and says so), and the
 * synthetic images one generator made. Augmented records are never used: arm (b) augments on the fly.
 */
import { bySlot } from '../../src/core/dataset/summary';
import type { DatasetMeta, ImageRecord, SynthRecipe } from '../../src/core/dataset/types';
import { holdOutSplit } from '../../src/core/evaluate/split';
import type { LabelledImages } from '../../src/core/evaluate/labelledImages';
import { TrainingError } from '../../src/core/models/errors';
import { getDataset, getImages, getObject } from '../shared/db';
import { forgetChunks, readBatch } from '../shared/pixels';
import type { EvaluateInputs } from './types';

/** Keeps one experiment's pixels well inside a browser tab's memory. */
const MAX_BYTES = 512 * 2 ** 20;

interface Split {
  meta: DatasetMeta;
  classes: string[];
  train: ImageRecord[];
  validation: ImageRecord[];
  validationSource: 'test' | 'val' | 'held-out';
  synthetic: Map<string, ImageRecord[]>;
}

async function splitDataset(datasetId: string): Promise<Split> {
  const meta = await getDataset(datasetId);
  if (!meta) throw new TrainingError('bad-config', 'This dataset no longer exists (it was deleted, perhaps in another tab).');
  forgetChunks(datasetId);
  const records = (await getImages(datasetId)).sort(bySlot);
  const originals = records.filter((r) => r.kind === 'original' && r.label !== '');
  const train = originals.filter((r) => r.split === 'train' || r.split === null);
  const present = new Set(train.map((r) => r.label));
  const classes = meta.classes.filter((c) => present.has(c));
  if (classes.length < 2) {
    throw new TrainingError(
      'bad-config',
      classes.length === 0
        ? 'This dataset has no labelled training images: the experiment trains a classifier, so it needs images in class folders.'
        : `Only one class ('${classes[0]}') has training images: a classifier needs at least two.`,
    );
  }
  const wanted = new Set(classes);
  let validation: ImageRecord[] = [];
  let validationSource: Split['validationSource'] = 'held-out';
  for (const split of ['test', 'val'] as const) {
    const v = originals.filter((r) => r.split === split && wanted.has(r.label));
    if (v.length > 0) {
      validation = v;
      validationSource = split;
      break;
    }
  }
  const synthetic = new Map<string, ImageRecord[]>();
  for (const r of records) {
    if (r.kind !== 'synthetic' || !wanted.has(r.label)) continue;
    const modelId = (r.recipe as SynthRecipe | undefined)?.modelId ?? r.sourceId;
    if (!synthetic.has(modelId)) synthetic.set(modelId, []);
    synthetic.get(modelId)!.push(r);
  }
  return { meta, classes, train: train.filter((r) => wanted.has(r.label)), validation, validationSource, synthetic };
}

interface SavedModel {
  info?: { name?: string; model?: string; step?: number; quality?: { fcd: number; precision: number; recall: number; k?: number; realCount?: number; generatedCount?: number } };
}

export async function generatorInfo(modelId: string): Promise<SavedModel['info'] | undefined> {
  return (await getObject<SavedModel>(modelId).catch(() => undefined))?.info;
}

export async function describeInputs(datasetId: string): Promise<EvaluateInputs> {
  const s = await splitDataset(datasetId);
  const counts = s.classes.map((c) => s.train.filter((r) => r.label === c).length);
  const generators = await Promise.all(
    [...s.synthetic].map(async ([modelId, recs]) => ({
      modelId,
      name: (await generatorInfo(modelId))?.name ?? modelId,
      images: recs.length,
      classes: [...new Set(recs.map((r) => r.label))],
    })),
  );
  return {
    datasetId,
    datasetName: s.meta.name,
    classes: s.classes,
    trainCountsPerClass: counts,
    validation: { source: s.validationSource, count: s.validation.length },
    generators: generators.sort((a, b) => b.images - a.images),
    size: s.meta.format.size,
    channels: s.meta.format.channels,
  };
}

export interface ExperimentData {
  meta: DatasetMeta;
  classes: string[];
  train: LabelledImages;
  validation?: LabelledImages;
  validationSource: 'test' | 'val' | 'held-out';
  /** Validation images in the split before any cap. */
  validationAvailable: number;
  synthetic?: LabelledImages;
  generatorId?: string;
  notes: string[];
}

async function toSet(meta: DatasetMeta, records: ImageRecord[], classes: readonly string[]): Promise<LabelledImages> {
  const index = new Map(classes.map((c, i) => [c, i]));
  const { size, channels } = meta.format;
  return {
    pixels: await readBatch(meta, records),
    shape: [records.length, size, size, channels],
    labels: Int32Array.from(records, (r) => index.get(r.label)!),
    ids: records.map((r) => r.id),
  };
}

/** Reads the pixels the experiment needs; `generatorId` null = no synthetic images. */
export async function loadExperimentData(datasetId: string, options: { maxValidation: number; generatorId: string | null }): Promise<ExperimentData> {
  const s = await splitDataset(datasetId);
  const notes: string[] = [];
  const { size, channels } = s.meta.format;
  let validation = s.validation;
  if (validation.length > options.maxValidation && options.maxValidation > 0) {
    const index = new Map(s.classes.map((c, i) => [c, i]));
    const labels = validation.map((r) => index.get(r.label)!);
    const keep = holdOutSplit(labels, s.classes.length, options.maxValidation / validation.length, 0).validation.sort((a, b) => a - b);
    notes.push(`Validation uses ${keep.length.toLocaleString()} of the ${validation.length.toLocaleString()} images of the ${s.validationSource} split (a stratified, seeded subset, the same for every arm and seed).`);
    validation = keep.map((i) => validation[i]);
  }
  let synthetic: ImageRecord[] = [];
  if (options.generatorId !== null) {
    synthetic = s.synthetic.get(options.generatorId) ?? [];
    if (synthetic.length === 0) throw new TrainingError('bad-config', 'The chosen generator has no synthetic images in this dataset. Generate some in the Generate tab, or leave arms (c) and (d) out.');
  }
  const bytes = (s.train.length + validation.length + synthetic.length) * size * size * channels;
  if (bytes > MAX_BYTES) {
    throw new TrainingError(
      'out-of-memory',
      `The experiment would hold ${Math.round(bytes / 2 ** 20)} MB of pixels (${(s.train.length + validation.length + synthetic.length).toLocaleString()} images at ${size}×${size}×${channels}): too many for a browser tab. Import at a lower resolution or fewer images.`,
    );
  }
  if (s.validationSource !== 'held-out') notes.push(`Validation images: the dataset's own ${s.validationSource} split (real images, never trained on, never augmented).`);
  return {
    meta: s.meta,
    classes: s.classes,
    train: await toSet(s.meta, s.train, s.classes),
    ...(validation.length > 0 ? { validation: await toSet(s.meta, validation, s.classes) } : {}),
    validationSource: s.validationSource,
    validationAvailable: s.validation.length,
    ...(synthetic.length > 0 ? { synthetic: await toSet(s.meta, synthetic, s.classes), generatorId: options.generatorId! } : {}),
    notes,
  };
}

/** The generator with the most synthetic images in the dataset, or null when there is none. */
export async function defaultGenerator(datasetId: string): Promise<string | null> {
  return (await describeInputs(datasetId)).generators[0]?.modelId ?? null;
}
