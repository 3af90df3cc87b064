/**
 * Memorisation check: for each generated image, the nearest real training image (Euclidean
 * distance in pixel space, pixels in [0, 1]) and that distance. A GAN that copies its training
 * set shows generated images at near-zero distance; the closest pairs are what to look at.
 */
import * as tf from '@tensorflow/tfjs';
import { chunkRows, squaredDistances } from './pairwiseDistances';

export interface NearestReal {
  /** Per generated image: index of the nearest real image (in the order the real batches came). */
  index: Int32Array;
  /** Per generated image: Euclidean distance to it. */
  distance: Float32Array;
  /** distance / sqrt(pixels): the RMS pixel difference, comparable across resolutions. */
  rms: Float32Array;
}

export type RealBatches = tf.Tensor4D | Iterable<tf.Tensor4D> | AsyncIterable<tf.Tensor4D>;

/**
 * Scans the real images batch by batch (they need not fit in memory at once), keeping a running
 * nearest neighbour per generated image on the device. Batches from an iterable are disposed.
 */
export async function nearestRealImages(generated: tf.Tensor4D, real: RealBatches): Promise<NearestReal> {
  const n = generated.shape[0];
  const pixels = generated.shape[1] * generated.shape[2] * generated.shape[3];
  const g = tf.reshape(generated, [n, pixels]) as tf.Tensor2D;
  let best = tf.fill([n], Infinity) as tf.Tensor1D;
  let bestIndex = tf.fill([n], -1, 'int32') as tf.Tensor1D;
  let offset = 0;
  const scan = (batch: tf.Tensor4D) => {
    if (batch.shape[1] * batch.shape[2] * batch.shape[3] !== pixels) {
      throw new Error(`Real images are ${batch.shape.slice(1).join('×')}, generated ones ${generated.shape.slice(1).join('×')}.`);
    }
    const m = batch.shape[0];
    const step = chunkRows(n);
    for (let start = 0; start < m; start += step) {
      const count = Math.min(step, m - start);
      const [nextBest, nextIndex] = tf.tidy(() => {
        const r = tf.reshape(tf.slice(batch, [start, 0, 0, 0], [count, -1, -1, -1]), [count, pixels]) as tf.Tensor2D;
        const d = squaredDistances(g, r); // [n, count]
        const min = tf.min(d, 1) as tf.Tensor1D;
        const arg = tf.add(tf.argMin(d, 1), offset + start) as tf.Tensor1D;
        const better = tf.less(min, best);
        return [tf.where(better, min, best), tf.where(better, arg, bestIndex)] as tf.Tensor1D[];
      });
      tf.dispose([best, bestIndex]);
      best = nextBest;
      bestIndex = nextIndex;
    }
    offset += m;
  };
  try {
    if (real instanceof tf.Tensor) {
      scan(real);
    } else {
      for await (const batch of real as AsyncIterable<tf.Tensor4D>) {
        try {
          scan(batch);
        } finally {
          batch.dispose();
        }
      }
    }
    if (offset === 0) throw new Error('The memorisation check needs at least one real image.');
    const [d2, idx] = await Promise.all([best.data(), bestIndex.data()]);
    const distance = Float32Array.from(d2, (v) => Math.sqrt(v));
    const rms = Float32Array.from(distance, (v) => v / Math.sqrt(pixels));
    return { index: Int32Array.from(idx), distance, rms };
  } finally {
    tf.dispose([g, best, bestIndex]);
  }
}

/** The `count` generated images closest to a real one, closest first. */
export interface NearPair {
  generated: number;
  real: number;
  distance: number;
  rms: number;
}

export function closestPairs(result: NearestReal, count: number): NearPair[] {
  return Array.from(result.distance, (distance, generated) => ({
    generated,
    real: result.index[generated],
    distance,
    rms: result.rms[generated],
  }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count);
}
