/**
 * The manifest: one row per image file in the zip, with everything needed to trace it back
 * to its source and to regenerate it (augment plan, synthetic model and seed).
 * Written as manifest.json (header + rows) and manifest.csv (rows), both streamed in chunks.
 */
import type { AugmentRecipe, ImageRecord, SampleKind, Split, SynthRecipe, WorkingFormat } from '../dataset/types';
import { SPLITS } from '../dataset/types';
import { csvLine } from './csv';
import type { Layout } from './layout';
import type { ManifestExperimentReport } from './experiment-report';
import type { ExportOptions, ImageFormat } from './options';
import type { ClassFolder } from './sanitise';
import { rootSource, type DuplicateAcrossSplits } from './split';

/** 'original': the file's own bytes, untouched; otherwise the format the working pixels were encoded to. */
export type FileEncoding = 'original' | ImageFormat;

export interface ManifestRow {
  /** Path in the zip. */
  path: string;
  /** Class name as the user sees it ('' when unlabeled). */
  label: string;
  /** Its (sanitised) folder name. */
  class_folder: string;
  /** Index torchvision/Keras/HF assign to `class_folder` (code-point order of folder names). */
  class_index: number;
  split: Split;
  kind: SampleKind;
  /** The image's id in the workspace. */
  id: string;
  /** Originals: their own id; derived: the image they were made from; synthetic from noise: null. */
  source_id: string | null;
  /** The file the image (or the original it derives from) was imported as; '' for synthetic from noise. */
  original_file_name: string;
  /** SHA-256 (hex) of the original file's bytes; for augmented/synthetic, of their working pixels. */
  content_hash: string;
  encoding: FileEncoding;
  /** Augmented: what made it. */
  pipeline_id: string | null;
  /** Augmented: the pipeline seed; synthetic: the generator's seed. */
  seed: number | null;
  variant: number | null;
  /** Augmented: the per-sample plan (which transforms fired, with which values). */
  plan: unknown;
  /** Synthetic: what made it. */
  model_id: string | null;
  checkpoint_step: number | null;
  /** Synthetic: the class the generator was asked for. */
  synthetic_class: string | null;
}

export const MANIFEST_COLUMNS: ReadonlyArray<keyof ManifestRow> = [
  'path',
  'label',
  'class_folder',
  'class_index',
  'split',
  'kind',
  'id',
  'source_id',
  'original_file_name',
  'content_hash',
  'encoding',
  'pipeline_id',
  'seed',
  'variant',
  'plan',
  'model_id',
  'checkpoint_step',
  'synthetic_class',
];

function isAugmentRecipe(r: ImageRecord['recipe']): r is AugmentRecipe {
  return r !== undefined && 'pipelineId' in r;
}

function isSynthRecipe(r: ImageRecord['recipe']): r is SynthRecipe {
  return r !== undefined && 'modelId' in r;
}

export interface RowPlacement {
  path: string;
  split: Split;
  cls: ClassFolder;
  encoding: FileEncoding;
}

export function manifestRow(record: ImageRecord, at: RowPlacement, byId: ReadonlyMap<string, ImageRecord>): ManifestRow {
  const root = record.kind === 'original' ? record : rootSource(record, byId);
  const aug = record.kind === 'augmented' && isAugmentRecipe(record.recipe) ? record.recipe : null;
  const syn = record.kind === 'synthetic' && isSynthRecipe(record.recipe) ? record.recipe : null;
  return {
    path: at.path,
    label: record.label,
    class_folder: at.cls.folder,
    class_index: at.cls.index,
    split: at.split,
    kind: record.kind,
    id: record.id,
    source_id: record.kind === 'original' ? record.id : record.derivedFrom ?? null,
    original_file_name: typeof root === 'object' ? root.sourceName : '',
    content_hash: record.hash,
    encoding: at.encoding,
    pipeline_id: aug?.pipelineId ?? null,
    seed: aug?.seed ?? syn?.seed ?? null,
    variant: aug?.variant ?? null,
    plan: aug?.plan ?? null,
    model_id: syn?.modelId ?? null,
    checkpoint_step: syn?.checkpointStep ?? null,
    synthetic_class: syn?.label ?? null,
  };
}

/** Images per class label × split × kind. */
export type CountTable = Record<string, Record<Split, Record<SampleKind, number>>>;

export function emptyCounts(): Record<Split, Record<SampleKind, number>> {
  const out = {} as Record<Split, Record<SampleKind, number>>;
  for (const s of SPLITS) out[s] = { original: 0, augmented: 0, synthetic: 0 };
  return out;
}

export function countTable(rows: readonly ManifestRow[], labels: readonly string[] = []): CountTable {
  const table: CountTable = {};
  for (const label of labels) table[label] = emptyCounts();
  for (const r of rows) (table[r.label] ??= emptyCounts())[r.split][r.kind]++;
  return table;
}

/** Everything in manifest.json except the rows. */
export interface ManifestHeader {
  format: 'augment-studio-export';
  version: 1;
  tool: { name: string; version: string };
  /** ISO 8601. */
  createdAt: string;
  dataset: { id: string; name: string; workingFormat: WorkingFormat };
  layout: Layout;
  options: ExportOptions;
  /** Class names, their folders in the zip and their indices. */
  classes: ClassFolder[];
  counts: CountTable;
  warnings: string[];
  duplicatesAcrossSplits: DuplicateAcrossSplits[];
  /** Present when the zip carries the dataset's latest Evaluate experiment report (reports/experiment.json and .html). */
  experimentReport?: ManifestExperimentReport;
}

/** manifest.json as a sequence of text chunks: the header, then one row per line under "files". */
export function* manifestJsonChunks(header: ManifestHeader, rows: readonly ManifestRow[]): Generator<string> {
  const head = JSON.stringify(header, null, 2);
  yield `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "files": [`;
  for (let i = 0; i < rows.length; i++) yield `${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(rows[i])}`;
  yield rows.length > 0 ? '\n  ]\n}\n' : ']\n}\n';
}

/** A manifest cell: structured values (the plan) as JSON text. */
function cell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** manifest.csv as text chunks: a header line, then one line per row. */
export function* manifestCsvChunks(rows: readonly ManifestRow[]): Generator<string> {
  yield csvLine(MANIFEST_COLUMNS as string[]);
  for (const r of rows) yield csvLine(MANIFEST_COLUMNS.map((c) => cell(r[c])));
}
