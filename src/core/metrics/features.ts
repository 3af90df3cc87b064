/**
 * Feature vectors of image sets, from the penultimate layer of the FCD feature CNN (see
 * src/core/models/classifier.ts), read back asynchronously chunk by chunk.
 */
import * as tf from '@tensorflow/tfjs';

export interface FeatureSet {
  count: number;
  dim: number;
  /** Row-major count x dim. */
  values: Float32Array;
}

export type ImageBatches = tf.Tensor4D | Iterable<tf.Tensor4D> | AsyncIterable<tf.Tensor4D>;

/**
 * Runs `extractor` (images in [0, 1] -> [n, dim]) over the images in chunks of `batchSize`.
 * Batches passed as an iterable are disposed after use; a single tensor is left to the caller.
 */
export async function extractFeatures(extractor: tf.LayersModel, images: ImageBatches, batchSize = 256): Promise<FeatureSet> {
  const parts: Float32Array[] = [];
  let dim = 0;
  const run = async (batch: tf.Tensor4D) => {
    for (let start = 0; start < batch.shape[0]; start += batchSize) {
      const n = Math.min(batchSize, batch.shape[0] - start);
      const f = tf.tidy(() => extractor.predict(tf.slice(batch, [start, 0, 0, 0], [n, -1, -1, -1])) as tf.Tensor2D);
      dim = f.shape[1];
      parts.push((await f.data()) as Float32Array);
      f.dispose();
    }
  };
  if (images instanceof tf.Tensor) {
    await run(images);
  } else {
    for await (const batch of images as AsyncIterable<tf.Tensor4D>) {
      try {
        await run(batch);
      } finally {
        batch.dispose();
      }
    }
  }
  const count = parts.reduce((s, p) => s + p.length, 0) / Math.max(dim, 1);
  const values = new Float32Array(count * dim);
  let offset = 0;
  for (const p of parts) {
    values.set(p, offset);
    offset += p.length;
  }
  return { count, dim, values };
}
