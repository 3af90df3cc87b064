/**
 * Appends new images to a dataset the way the ingest does: pixel slots taken in order from the
 * dataset's nextSlot, pixels packed into chunks of chunkImagesOf(meta) images (a partly filled
 * last chunk is read and filled up), and a chunk written once, when it is full or at the end, with
 * its image records and the dataset's new count and nextSlot, in one transaction (db.appendImages).
 */
import { bytesPerImage, chunkBytesOf, chunkSlotOf } from '../../src/core/dataset/chunks';
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';
import { appendImages, getChunk, getDataset } from '../shared/db';

export class ChunkWriter {
  private chunkIndex: number;
  private data: Uint8Array;
  private pending: ImageRecord[] = [];
  /** The slot the next image takes. */
  private slot: number;
  /** The nextSlot the dataset had when the pending records were allocated. */
  private flushedSlot: number;
  private flushing: Promise<void> = Promise.resolve();
  /** add() calls run one at a time: slots and chunk buffers are taken in order. */
  private adding: Promise<unknown> = Promise.resolve();
  meta: DatasetMeta;

  private constructor(meta: DatasetMeta, partial: Uint8Array | undefined) {
    this.meta = meta;
    this.slot = meta.nextSlot;
    this.flushedSlot = meta.nextSlot;
    this.chunkIndex = chunkSlotOf(meta, meta.nextSlot).chunk;
    this.data = partial ?? new Uint8Array(chunkBytesOf(meta));
  }

  get bytesPerImage(): number {
    return bytesPerImage(this.meta.format);
  }

  static async open(datasetId: string): Promise<ChunkWriter> {
    const meta = await getDataset(datasetId);
    if (!meta) throw new Error('This dataset no longer exists.');
    const { chunk, slot } = chunkSlotOf(meta, meta.nextSlot);
    const partial = slot ? (await getChunk(datasetId, chunk))?.data : undefined;
    return new ChunkWriter(meta, partial?.slice());
  }

  /**
   * Adds images (their records without chunk/slot, and their pixels packed in order); returns the
   * records with their slots. Resolves once a chunk this filled has been written.
   */
  add(records: Array<Omit<ImageRecord, 'chunk' | 'slot'>>, pixels: Uint8Array): Promise<ImageRecord[]> {
    const run = this.adding.then(() => this.addNow(records, pixels));
    this.adding = run.catch(() => undefined);
    return run;
  }

  private async addNow(records: Array<Omit<ImageRecord, 'chunk' | 'slot'>>, pixels: Uint8Array): Promise<ImageRecord[]> {
    const per = this.bytesPerImage;
    if (pixels.length !== records.length * per) throw new Error(`${records.length} images need ${records.length * per} bytes, got ${pixels.length}.`);
    const placed: ImageRecord[] = [];
    for (let i = 0; i < records.length; i++) {
      const { chunk, slot } = chunkSlotOf(this.meta, this.slot);
      if (chunk !== this.chunkIndex) {
        await this.flush();
        this.chunkIndex = chunk;
        this.data = new Uint8Array(chunkBytesOf(this.meta));
      }
      this.data.set(pixels.subarray(i * per, (i + 1) * per), slot * per);
      const r = { ...records[i], chunk, slot } as ImageRecord;
      this.pending.push(r);
      placed.push(r);
      this.slot++;
    }
    if (chunkSlotOf(this.meta, this.slot).slot === 0) await this.flush();
    return placed;
  }

  /** Writes what is pending (the current chunk, its new records, the meta). */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (!this.pending.length) return;
      const images = this.pending;
      const chunk = { datasetId: this.meta.id, chunk: this.chunkIndex, data: this.data.slice() };
      this.pending = [];
      this.meta = await appendImages(this.meta.id, this.flushedSlot, images, [chunk]);
      this.flushedSlot = this.meta.nextSlot;
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }
}
