/** The shapes of a workspace's data: plain, serialisable records shared by workers and UI. */

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** How an image came to be in the workspace. */
export type SampleKind = 'original' | 'augmented' | 'synthetic';

/** How an image of another aspect ratio is fitted into the square working resolution. */
export type Fit = 'letterbox' | 'crop';

export type Channels = 1 | 3;

/** The resolution all of a dataset's images are stored at, ready for tensors. */
export interface WorkingFormat {
  /** Square side in pixels. */
  size: number;
  channels: Channels;
  fit: Fit;
  /** Colour that transparent pixels and letterbox bars are composited on, `#rrggbb`. */
  background: string;
}

/** What made an augmented image: enough to regenerate it bit for bit. */
export interface AugmentRecipe {
  pipelineId: string;
  seed: number;
  variant: number;
  /** The per-sample plan: which transforms fired, with which parameters. */
  plan: unknown;
}

/** What made a synthetic image. */
export interface SynthRecipe {
  modelId: string;
  checkpointStep: number;
  seed: number;
  label: string;
}

export interface ImageRecord {
  /** Unique in the workspace, stable across reloads. */
  id: string;
  datasetId: string;
  /** Class name as the user sees it; '' for unlabeled data. */
  label: string;
  /** The split that came with the data, or null. */
  split: Split | null;
  kind: SampleKind;
  /** Where the working-resolution pixels live: chunk number and slot in it. */
  chunk: number;
  slot: number;
  /** Path inside the drop (file, folder or zip) it came from; for derived images a generated name. */
  sourceName: string;
  /** Which import (drop) it came from. */
  sourceId: string;
  /** Size of the original image. */
  width: number;
  height: number;
  /** Channels of the original: 1 grey, 3 RGB, 4 RGBA. */
  channels: number;
  /** Original file size in bytes and its type. */
  bytes: number;
  mime: string;
  /** SHA-256 (hex) of the original file's bytes; for derived images, of their working pixels. */
  hash: string;
  /** For augmented and synthetic images: the image they derive from (synthetic: none). */
  derivedFrom?: string;
  recipe?: AugmentRecipe | SynthRecipe;
}

/** One import: a drop of files, a folder or a zip. */
export interface SourceInfo {
  id: string;
  name: string;
  importedAt: number;
  imported: number;
  skipped: number;
  /** False while the import runs: still false after a reload means it was interrupted. */
  complete: boolean;
}

export interface DatasetMeta {
  id: string;
  name: string;
  createdAt: number;
  format: WorkingFormat;
  /** Class names in display order. */
  classes: string[];
  sources: SourceInfo[];
  /** Number of image records (all kinds). */
  count: number;
  /** Next free pixel slot (chunk * chunkImagesOf(meta) + slot). */
  nextSlot: number;
  /**
   * Images per pixel chunk (one IndexedDB value each), chosen from the working format when the
   * dataset is created (chunks.ts). Absent in datasets stored before it existed: read it with
   * chunkImagesOf(meta), never directly.
   */
  chunkImages?: number;
}

/** Why a file was not imported. */
export type SkipReason =
  | 'not-an-image'
  | 'corrupt'
  | 'empty-file'
  | 'too-large'
  | 'unsafe-path'
  | 'system-file'
  | 'duplicate'
  | 'too-deep'
  | 'cancelled';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  /** A sentence a user understands: what was wrong and what to do. */
  message: string;
}

export interface IngestReport {
  sourceId: string;
  sourceName: string;
  filesSeen: number;
  imported: number;
  skipped: SkippedFile[];
  /** Exact duplicates (same bytes) kept once: the path kept for each dropped path. */
  duplicates: Array<{ path: string; keptAs: string }>;
  /** Folders recognised as classes with no images in them. */
  emptyClasses: string[];
  layout: 'imagefolder' | 'imagefolder-split' | 'flat';
  elapsedMs: number;
  cancelled: boolean;
}
