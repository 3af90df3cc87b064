/**
 * One unit of augmentation work, as bytes in and bytes out: 8-bit source pixels and their plans →
 * the augment engine on the active backend → 8-bit augmented pixels. The same function runs in the
 * augment worker and in its helper workers (pool.ts), so a job gives the same bytes wherever it runs.
 *
 * The conversions give exactly the export's values (src/core/export/regenerate.ts; see bytes.ts),
 * so an image materialised here and the same image regenerated at export time have the same bytes
 * and hash, on the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import { execute, type SamplePlan } from '../../src/core/pipeline';
import { batchToBytes, bytesToBatch } from './bytes';

export interface PixelJob {
  size: number;
  channels: number;
  /** One plan per image of `pixels`, in order. */
  plans: SamplePlan[];
  /** [n, size, size, channels] 8-bit source pixels. */
  pixels: Uint8Array;
  /** Source pixels of mixing partners that are not samples of this job (partnersNeeded). */
  partners?: { ids: string[]; pixels: Uint8Array };
}

export interface JobTiming {
  /** Bytes → float tensor on the backend. */
  uploadMs: number;
  /** execute(): the augmentation itself (dispatch; on GPUs the work may finish during read-back). */
  executeMs: number;
  /** Quantising to 8 bits on the backend and reading the bytes back. */
  readbackMs: number;
}

/** Runs a job; `timing`, when given, receives where the time went. */
export async function executePixels(job: PixelJob, timing?: JobTiming): Promise<Uint8Array> {
  const n = job.plans.length;
  if (job.pixels.length !== n * job.size * job.size * job.channels) {
    throw new Error(`A job of ${n} images at ${job.size}×${job.size}×${job.channels} got ${job.pixels.length} bytes.`);
  }
  const t0 = performance.now();
  let batch: tf.Tensor4D | undefined;
  let partners: tf.Tensor4D | undefined;
  let images: tf.Tensor4D | undefined;
  try {
    batch = await bytesToBatch(job.pixels, n, job.size, job.channels);
    if (job.partners?.ids.length) partners = await bytesToBatch(job.partners.pixels, job.partners.ids.length, job.size, job.channels);
    const t1 = performance.now();
    images = execute(batch, job.plans, partners ? { partners: { ids: job.partners!.ids, images: partners } } : {}).images;
    const t2 = performance.now();
    const out = await batchToBytes(images);
    if (timing) {
      timing.uploadMs += t1 - t0;
      timing.executeMs += t2 - t1;
      timing.readbackMs += performance.now() - t2;
    }
    return out;
  } finally {
    images?.dispose();
    batch?.dispose();
    partners?.dispose();
  }
}
