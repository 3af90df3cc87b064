/**
 * Where files go in the zip for each layout. Split folders are named train/val/test: torchvision
 * and Keras take any folder, and Hugging Face's split patterns map `val` to its validation split.
 */
import type { Split } from '../dataset/types';

export type Layout = 'imagefolder' | 'hf-imagefolder' | 'flat-csv';
export const LAYOUTS: readonly Layout[] = ['imagefolder', 'hf-imagefolder', 'flat-csv'];

export const LAYOUT_LABELS: Record<Layout, string> = {
  imagefolder: 'ImageFolder (train/<class>/…): torchvision, Keras, Hugging Face',
  'hf-imagefolder': 'Hugging Face imagefolder with metadata.csv per split',
  'flat-csv': 'Flat images/ folder with labels.csv',
};

export const DATASHEET_PATH = 'README.md';
export const MANIFEST_JSON_PATH = 'manifest.json';
export const MANIFEST_CSV_PATH = 'manifest.csv';
/** Flat layout: one table of path,label,split. */
export const LABELS_CSV_PATH = 'labels.csv';
/** Flat layout: the single image folder. */
export const FLAT_IMAGE_DIR = 'images';

/**
 * The folder an image lands in; file names must be unique within it.
 * ImageFolder and HF: `<split>/<class folder>`; flat: `images`.
 * (The HF layout keeps class folders too, so the same zip also loads with torchvision and Keras.)
 */
export function imageDir(layout: Layout, split: Split, classFolder: string): string {
  return layout === 'flat-csv' ? FLAT_IMAGE_DIR : `${split}/${classFolder}`;
}

export function joinPath(dir: string, name: string): string {
  return `${dir}/${name}`;
}

/** HF layout: the metadata file of a split. */
export function hfMetadataPath(split: Split): string {
  return `${split}/metadata.csv`;
}

/** HF resolves `file_name` relative to the folder holding metadata.csv. */
export function hfFileName(imagePath: string, split: Split): string {
  const prefix = `${split}/`;
  if (!imagePath.startsWith(prefix)) throw new Error(`${imagePath} is not in split folder ${prefix}`);
  return imagePath.slice(prefix.length);
}

export const HF_METADATA_COLUMNS = ['file_name', 'label'] as const;
export const LABELS_CSV_COLUMNS = ['path', 'label', 'split'] as const;

/** Index files a layout adds beside the manifest and datasheet, for the splits that hold images. */
export function layoutIndexPaths(layout: Layout, splitsWithImages: readonly Split[]): string[] {
  if (layout === 'hf-imagefolder') return splitsWithImages.map(hfMetadataPath);
  if (layout === 'flat-csv') return [LABELS_CSV_PATH];
  return [];
}

/** Paths the export writes itself; extra files may not take them. */
export function reservedPaths(layout: Layout, splitsWithImages: readonly Split[]): string[] {
  return [DATASHEET_PATH, MANIFEST_JSON_PATH, MANIFEST_CSV_PATH, ...layoutIndexPaths(layout, splitsWithImages)];
}

// Hugging Face infers splits from any path segment that holds one of these words between
// separators (datasets' SPLIT_KEYWORDS and NON_WORDS_CHARS "-._ 0-9").
const HF_SPLIT_WORD = /(^|[-._ 0-9])(train|training|validation|valid|dev|val|test|testing|eval|evaluation)([-._ 0-9]|$)/i;

/**
 * Whether Hugging Face's `load_dataset("imagefolder")`, with no metadata.csv, would read a class
 * folder of this name as a split (and so also put its images into that split).
 */
export function looksLikeHfSplit(folder: string): boolean {
  return HF_SPLIT_WORD.test(folder);
}
