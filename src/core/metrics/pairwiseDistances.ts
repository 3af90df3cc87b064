/** Squared Euclidean distances between row sets, on the device, in bounded chunks. */
import * as tf from '@tensorflow/tfjs';

/** |a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i.b_j for a [n, d] and b [m, d], clamped at 0. */
export function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]);
    const ab = tf.matMul(a, b, false, true);
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(2, ab))) as tf.Tensor2D;
  });
}

/** Rows per chunk so that a chunk x m distance block stays around 4M entries. */
export function chunkRows(m: number): number {
  return Math.max(1, Math.floor(4_000_000 / Math.max(1, m)));
}
