/**
 * One unit of augmentation work, as bytes in and bytes out: 8-bit source pixels and their plans →
 * the augment engine (executeBytes: the fused 8-bit path on CPU/WASM where a plan allows, else the
 * tensor engine on the active backend) → 8-bit augmented pixels. The same function runs in the
 * augment worker and in its helper workers (pool.ts), so a job gives the same bytes wherever it runs.
 *
 * The conversions give exactly the export's values (src/core/export/regenerate.ts; see bytes.ts),
 * and the export makes the same fused/tensor choice, so an image materialised here and the same
 * image regenerated at export time have the same bytes and hash, on the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import { execute } from '../../src/core/pipeline';
import { executeBytes, fusedPathFor, type ByteJob } from '../../src/core/pipeline/execute-bytes';
import { batchToBytes, bytesToBatch } from './bytes';

export type PixelJob = ByteJob;

export interface JobTiming {
  /** Bytes → float tensor on the backend (tensor path). */
  uploadMs: number;
  /** The augmentation itself: the fused 8-bit path, and execute() on the tensor path (dispatch; on GPUs the work may finish during read-back). */
  executeMs: number;
  /** Quantising to 8 bits on the backend and reading the bytes back (tensor path). */
  readbackMs: number;
}

/** The tensor engine on a job's bytes. */
async function tensorPixels(job: PixelJob, timing: JobTiming): Promise<Uint8Array> {
  const n = job.plans.length;
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
    timing.uploadMs += t1 - t0;
    timing.executeMs += t2 - t1;
    timing.readbackMs += performance.now() - t2;
    return out;
  } finally {
    images?.dispose();
    batch?.dispose();
    partners?.dispose();
  }
}

/**
 * Runs a job; `timing`, when given, receives where the time went. The job's pixels are consumed:
 * the result may be written over them (every caller reads them fresh from storage or a transfer).
 */
export async function executePixels(job: PixelJob, timing?: JobTiming): Promise<Uint8Array> {
  const t0 = performance.now();
  const tensor: JobTiming = { uploadMs: 0, executeMs: 0, readbackMs: 0 };
  const out = await executeBytes(job, (part) => tensorPixels(part, tensor), { fused: fusedPathFor(tf.getBackend()), overwriteInput: true });
  if (timing) {
    const fusedMs = performance.now() - t0 - tensor.uploadMs - tensor.executeMs - tensor.readbackMs;
    timing.uploadMs += tensor.uploadMs;
    timing.executeMs += tensor.executeMs + fusedMs;
    timing.readbackMs += tensor.readbackMs;
  }
  return out;
}
