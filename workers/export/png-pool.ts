/**
 * PNG encoding on several cores. Deflate dominates an export of large images (about 25 ms per
 * 256×256 RGB image on one core), so the export worker hands PNG jobs to a few encoder workers,
 * each job to the least busy one. encodePng is deterministic: the bytes are the same whichever
 * worker made them. Small images stay in the export worker (a message costs more than the encode).
 */
import { encodePng, type PngChannels } from '../../src/core/export/png-encode';
import type { EncodeJob, EncodeReply } from './png-encoder.worker';

/** Images with at least this many bytes of pixels go to the pool (64×64 RGB and up). */
export const POOL_MIN_BYTES = 64 * 64 * 3;

interface Slot {
  worker: Worker;
  /** Ids of the jobs it is running. */
  jobs: Set<number>;
}

export class PngEncoderPool {
  private slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly size = PngEncoderPool.defaultSize()) {}

  static defaultSize(): number {
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
    // The export worker mostly waits on these while they deflate: use every core, up to six.
    return Math.max(2, Math.min(6, cores));
  }

  /** Encodes `pixels` (copied: the caller keeps its buffer) as a PNG. */
  encode(pixels: Uint8Array, width: number, height: number, channels: PngChannels): Promise<Uint8Array> {
    if (pixels.length < POOL_MIN_BYTES || this.size < 2) return Promise.resolve(encodePng(pixels, width, height, channels));
    const slot = this.leastBusy();
    const id = this.nextId++;
    const copy = pixels.slice();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.jobs.add(id);
      slot.worker.postMessage({ id, pixels: copy, width, height, channels } satisfies EncodeJob, [copy.buffer]);
    });
  }

  /** Stops the workers; jobs still running reject. */
  dispose(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
    for (const p of this.pending.values()) p.reject(new Error('The PNG encoder was stopped.'));
    this.pending.clear();
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size && this.slots.every((s) => s.jobs.size > 0)) this.slots.push(this.spawn());
    return this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./png-encoder.worker.ts', import.meta.url), { type: 'module', name: 'png-encoder' });
    const slot: Slot = { worker, jobs: new Set() };
    worker.onmessage = (e: MessageEvent<EncodeReply>) => {
      slot.jobs.delete(e.data.id);
      const p = this.pending.get(e.data.id);
      this.pending.delete(e.data.id);
      if (!p) return;
      if ('png' in e.data) p.resolve(e.data.png);
      else p.reject(new Error(`PNG encoding failed: ${e.data.error}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      const err = new Error(`The PNG encoder worker failed: ${e.message || 'it could not start'}`);
      // Its jobs fail; the pool goes on without it.
      this.slots = this.slots.filter((s) => s !== slot);
      worker.terminate();
      for (const id of slot.jobs) {
        this.pending.get(id)?.reject(err);
        this.pending.delete(id);
      }
    };
    return slot;
  }
}
