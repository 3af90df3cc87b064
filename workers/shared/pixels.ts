/** Reads working-resolution pixels out of IndexedDB chunks, with a small cache of recent chunks. */
import { toRgba } from '../../src/core/dataset/fit';
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { getChunk } from './db';

const CACHE_CHUNKS = 16;
const cache = new Map<string, Uint8Array>();

export function forgetChunks(datasetId?: string): void {
  for (const key of [...cache.keys()]) if (!datasetId || key.startsWith(`${datasetId}:`)) cache.delete(key);
}

async function chunk(datasetId: string, index: number): Promise<Uint8Array | undefined> {
  const key = `${datasetId}:${index}`;
  let data = cache.get(key);
  if (data) {
    cache.delete(key);
  } else {
    data = (await getChunk(datasetId, index))?.data;
    if (!data) return undefined;
  }
  cache.set(key, data);
  while (cache.size > CACHE_CHUNKS) cache.delete(cache.keys().next().value!);
  return data;
}

/** The image's pixels at working resolution (size × size × channels), or zeros if missing. */
export async function readPixels(meta: DatasetMeta, r: ImageRecord): Promise<Uint8Array> {
  const bytes = meta.format.size * meta.format.size * meta.format.channels;
  const data = await chunk(meta.id, r.chunk);
  return data ? data.subarray(r.slot * bytes, (r.slot + 1) * bytes) : new Uint8Array(bytes);
}

/** Many images' pixels packed into one [n, size, size, channels] buffer, ready for a tensor. */
export async function readBatch(meta: DatasetMeta, records: ImageRecord[]): Promise<Uint8Array> {
  const bytes = meta.format.size * meta.format.size * meta.format.channels;
  const out = new Uint8Array(records.length * bytes);
  for (let i = 0; i < records.length; i++) out.set(await readPixels(meta, records[i]), i * bytes);
  return out;
}

export async function toBitmap(meta: DatasetMeta, pixels: Uint8Array): Promise<ImageBitmap> {
  const { size, channels } = meta.format;
  return createImageBitmap(new ImageData(toRgba(pixels, channels) as Uint8ClampedArray<ArrayBuffer>, size, size));
}
