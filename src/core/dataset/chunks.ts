/**
 * How a dataset's working pixels are cut into IndexedDB values. Each chunk is one value, written
 * and read whole, so its byte size is what matters: a 100 MB value (512 images at 256×256×3)
 * blocks IndexedDB for tens of seconds and can crash the tab. The number of images per chunk is
 * therefore chosen from the working format when the dataset is created, and stored in its meta.
 */
import type { DatasetMeta, WorkingFormat } from './types';

/** Images per chunk of datasets stored before the size was a property of the dataset. */
export const LEGACY_CHUNK_IMAGES = 512;
/** A chunk holds at most this many bytes of pixels (unless one image alone is bigger). */
export const CHUNK_TARGET_BYTES = 8 * 2 ** 20;
/** Never more images per chunk than this: small images keep the layout they always had. */
export const MAX_CHUNK_IMAGES = 512;

export function bytesPerImage(format: Pick<WorkingFormat, 'size' | 'channels'>): number {
  return format.size * format.size * format.channels;
}

/**
 * Images per chunk for a new dataset of this format: as many as fit in 8 MiB, at most 512 and at
 * least 1. No larger floor: a floor of 16 would make a 1024×1024×3 chunk 48 MiB, the very stall
 * this avoids, while an 8 MiB value already amortises a transaction's fixed cost.
 */
export function chunkImagesFor(format: Pick<WorkingFormat, 'size' | 'channels'>): number {
  return Math.max(1, Math.min(MAX_CHUNK_IMAGES, Math.floor(CHUNK_TARGET_BYTES / bytesPerImage(format))));
}

/** The dataset's images per chunk; metas written before the field existed used 512. */
export function chunkImagesOf(meta: Pick<DatasetMeta, 'chunkImages'>): number {
  return meta.chunkImages ?? LEGACY_CHUNK_IMAGES;
}

/** Where pixel slot `index` (counted from 0 across the dataset, as nextSlot is) is stored. */
export function chunkSlotOf(meta: Pick<DatasetMeta, 'chunkImages'>, index: number): { chunk: number; slot: number } {
  const per = chunkImagesOf(meta);
  return { chunk: Math.floor(index / per), slot: index % per };
}

/** The dataset-wide pixel slot of a record's chunk and slot: the inverse of chunkSlotOf. */
export function pixelIndexOf(meta: Pick<DatasetMeta, 'chunkImages'>, at: { chunk: number; slot: number }): number {
  return at.chunk * chunkImagesOf(meta) + at.slot;
}

/** Bytes of one full chunk of this dataset. */
export function chunkBytesOf(meta: Pick<DatasetMeta, 'chunkImages' | 'format'>): number {
  return chunkImagesOf(meta) * bytesPerImage(meta.format);
}
