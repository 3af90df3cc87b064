/** Predicted class ids for a set of images, in chunks, read back once. */
import * as tf from '@tensorflow/tfjs';

export async function predictClasses(model: tf.LayersModel, x: tf.Tensor4D, chunk = 256): Promise<Int32Array> {
  const total = x.shape[0];
  const parts: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < total; start += chunk) {
      const count = Math.min(chunk, total - start);
      parts.push(tf.tidy(() => tf.argMax(model.predict(tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1])) as tf.Tensor2D, 1) as tf.Tensor1D));
    }
    if (parts.length === 0) return new Int32Array(0);
    const all = parts.length === 1 ? parts[0] : tf.concat(parts);
    const values = Int32Array.from(await all.data());
    if (all !== parts[0]) all.dispose();
    return values;
  } finally {
    tf.dispose(parts);
  }
}
