/**
 * Improved precision and recall (Kynkäänniemi et al. 2019). Each set's manifold is the union of
 * balls around its points, each ball's radius the distance to that point's k-th nearest neighbour
 * in the same set. Precision: the share of generated points inside the real manifold (fidelity).
 * Recall: the share of real points inside the generated manifold (coverage).
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureSet } from './features';
import { chunkRows, squaredDistances } from './pairwiseDistances';

export interface PrecisionRecall {
  precision: number;
  recall: number;
  k: number;
}

function toTensor(set: FeatureSet): tf.Tensor2D {
  return tf.tensor2d(set.values, [set.count, set.dim]);
}

/** Squared distance from each row to its k-th nearest other row. */
async function kthNeighbourRadii(x: tf.Tensor2D, k: number): Promise<tf.Tensor1D> {
  const n = x.shape[0];
  if (k >= n) throw new Error(`k = ${k} needs more than ${k} points in each set; got ${n}.`);
  const step = chunkRows(n);
  const parts: tf.Tensor1D[] = [];
  for (let start = 0; start < n; start += step) {
    parts.push(
      tf.tidy(() => {
        const rows = tf.slice(x, [start, 0], [Math.min(step, n - start), -1]) as tf.Tensor2D;
        // k+1 smallest includes the point itself at distance 0.
        const { values } = tf.topk(tf.neg(squaredDistances(rows, x)), k + 1);
        return tf.neg(tf.slice(values, [0, k], [-1, 1])).reshape([-1]) as tf.Tensor1D;
      }),
    );
  }
  const radii = tf.concat(parts) as tf.Tensor1D;
  tf.dispose(parts);
  return radii;
}

/** Share of `queries` rows inside some ball (centre row of `centres`, squared radius). */
async function coverage(queries: tf.Tensor2D, centres: tf.Tensor2D, radii: tf.Tensor1D): Promise<number> {
  const n = queries.shape[0];
  const step = chunkRows(centres.shape[0]);
  const counts: tf.Scalar[] = [];
  for (let start = 0; start < n; start += step) {
    counts.push(
      tf.tidy(() => {
        const rows = tf.slice(queries, [start, 0], [Math.min(step, n - start), -1]) as tf.Tensor2D;
        const slack = tf.sub(squaredDistances(rows, centres), tf.reshape(radii, [1, -1]));
        return tf.sum(tf.cast(tf.lessEqual(tf.min(slack, 1), 0), 'float32')) as tf.Scalar;
      }),
    );
  }
  const total = tf.addN(counts);
  const inside = (await total.data())[0];
  tf.dispose([...counts, total]);
  return inside / n;
}

export async function precisionRecall(real: FeatureSet, generated: FeatureSet, k = 3): Promise<PrecisionRecall> {
  if (real.dim !== generated.dim) throw new Error(`Feature sizes differ: ${real.dim} vs ${generated.dim}.`);
  const r = toTensor(real);
  const g = toTensor(generated);
  try {
    const realRadii = await kthNeighbourRadii(r, k);
    const genRadii = await kthNeighbourRadii(g, k);
    const precision = await coverage(g, r, realRadii);
    const recall = await coverage(r, g, genRadii);
    tf.dispose([realRadii, genRadii]);
    return { precision, recall, k };
  } finally {
    tf.dispose([r, g]);
  }
}
