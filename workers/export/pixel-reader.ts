/**
 * Reads working pixels for the export from IndexedDB chunks, with a cache bounded by bytes, not
 * by chunk count: a chunk of 512 images is 400 KB at 28×28 grey but 100 MB at 256×256 RGB.
 * Images are written in storage order (inStorageOrder), so each chunk is read about once.
 */
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { getChunks } from '../shared/db';

export class ChunkPixelReader {
  private readonly cache = new Map<number, Uint8Array>();
  private cachedBytes = 0;
  private readonly per: number;

  constructor(
    private readonly meta: DatasetMeta,
    /** Chunks beyond this many bytes are dropped, oldest first (at least one chunk is always kept). */
    private readonly budgetBytes = 64 * 2 ** 20,
  ) {
    this.per = meta.format.size * meta.format.size * meta.format.channels;
  }

  /** The records' pixels packed [n, size, size, channels], copied out of their chunks. */
  async read(records: readonly ImageRecord[]): Promise<Uint8Array> {
    const per = this.per;
    const missing = [...new Set(records.map((r) => r.chunk))].filter((c) => !this.cache.has(c));
    if (missing.length) {
      const loaded = await getChunks(this.meta.id, missing);
      missing.forEach((c, i) => {
        const data = loaded[i]?.data;
        if (!data) throw new Error(`The stored pixels of ${records.find((r) => r.chunk === c)?.sourceName ?? `chunk ${c}`} are missing from this browser's storage.`);
        this.put(c, data);
      });
    }
    const out = new Uint8Array(records.length * per);
    records.forEach((r, i) => {
      const data = this.cache.get(r.chunk)!;
      // Touch: most recently used last.
      this.cache.delete(r.chunk);
      this.cache.set(r.chunk, data);
      if ((r.slot + 1) * per > data.length) throw new Error(`The stored pixels of ${r.sourceName} are missing from this browser's storage.`);
      out.set(data.subarray(r.slot * per, (r.slot + 1) * per), i * per);
    });
    this.trim();
    return out;
  }

  private put(chunk: number, data: Uint8Array): void {
    this.cache.set(chunk, data);
    this.cachedBytes += data.length;
  }

  private trim(): void {
    while (this.cache.size > 1 && this.cachedBytes > this.budgetBytes) {
      const [oldest, data] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.cachedBytes -= data.length;
    }
  }
}
