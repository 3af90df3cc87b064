/** What the user chooses for an export, and the defaults. Plain data: it crosses to the worker and goes into the manifest. */
import type { SampleKind } from '../dataset/types';
import type { Layout } from './layout';
import { DEFAULT_MAX_NAME_BYTES } from './sanitise';
import { DEFAULT_SPLIT_OPTIONS, type SplitOptions } from './split';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export const IMAGE_FORMAT_EXT: Record<ImageFormat, string> = { png: '.png', jpeg: '.jpg', webp: '.webp' };
export const IMAGE_FORMAT_MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export interface ExportOptions {
  layout: Layout;
  split: SplitOptions;
  /** How working pixels (augmented, synthetic, and re-encoded originals) are encoded. */
  image: {
    format: ImageFormat;
    /** 0..1, for JPEG and WebP (as OffscreenCanvas.convertToBlob takes it). */
    quality: number;
  };
  /** Originals as their untouched file bytes, or re-encoded from the working pixels at the working resolution. */
  originals: 'original-bytes' | 're-encode';
  /** Which kinds of image go into the zip. */
  include: Record<SampleKind, boolean>;
  /** Cap on each file and folder name, in UTF-8 bytes. */
  maxNameBytes: number;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = {
  layout: 'imagefolder',
  split: DEFAULT_SPLIT_OPTIONS,
  image: { format: 'png', quality: 0.92 },
  originals: 'original-bytes',
  include: { original: true, augmented: true, synthetic: true },
  maxNameBytes: DEFAULT_MAX_NAME_BYTES,
};
