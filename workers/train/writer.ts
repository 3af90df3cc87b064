/**
 * Appends synthetic images to a dataset the way the ingest lays pixels out: slots taken in order
 * from the dataset's nextSlot, packed into chunks of chunkImagesOf(meta) images (a partly filled
 * last chunk is read and filled up), each chunk written once with its records and the dataset's new
 * count in one transaction (db.appendImages), so a crash never leaves records without pixels.
 */
import { bytesPerImage, chunkBytesOf, chunkSlotOf } from '../../src/core/dataset/chunks';
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { appendImages, getChunk, getDataset } from '../shared/db';

export class SyntheticWriter {
  private pending: ImageRecord[] = [];
  private data: Uint8Array;
  private chunk: number;
  private slot: number;
  private flushedSlot: number;

  private constructor(
    public meta: DatasetMeta,
    partial: Uint8Array | undefined,
  ) {
    this.slot = this.flushedSlot = meta.nextSlot;
    this.chunk = chunkSlotOf(meta, meta.nextSlot).chunk;
    this.data = partial ?? new Uint8Array(chunkBytesOf(meta));
  }

  get bytesPerImage(): number {
    return bytesPerImage(this.meta.format);
  }

  static async open(datasetId: string): Promise<SyntheticWriter> {
    const meta = await getDataset(datasetId);
    if (!meta) throw new Error('This dataset no longer exists.');
    const { chunk, slot } = chunkSlotOf(meta, meta.nextSlot);
    const partial = slot ? (await getChunk(datasetId, chunk))?.data.slice() : undefined;
    return new SyntheticWriter(meta, partial);
  }

  /** Adds images: records without chunk/slot, pixels packed in the same order. */
  async add(records: Array<Omit<ImageRecord, 'chunk' | 'slot'>>, pixels: Uint8Array): Promise<void> {
    const per = this.bytesPerImage;
    if (pixels.length !== records.length * per) throw new Error(`${records.length} images need ${records.length * per} bytes, got ${pixels.length}.`);
    for (let i = 0; i < records.length; i++) {
      const { chunk, slot } = chunkSlotOf(this.meta, this.slot);
      if (chunk !== this.chunk) {
        await this.flush();
        this.chunk = chunk;
        this.data = new Uint8Array(chunkBytesOf(this.meta));
      }
      this.data.set(pixels.subarray(i * per, (i + 1) * per), slot * per);
      this.pending.push({ ...records[i], chunk, slot } as ImageRecord);
      this.slot++;
    }
  }

  /** Writes the current chunk with its new records. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const images = this.pending;
    this.pending = [];
    this.meta = await appendImages(this.meta.id, this.flushedSlot, images, [{ datasetId: this.meta.id, chunk: this.chunk, data: this.data.slice() }]);
    this.flushedSlot = this.meta.nextSlot;
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
}
