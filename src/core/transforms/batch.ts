/** Per-image factors as tensors that broadcast over a batch [n, h, w, c]. */
import * as tf from '@tensorflow/tfjs';

/** [n, 1, 1, 1] from one number per image. */
export function perImage(values: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(values as number[], [values.length, 1, 1, 1]);
}

/** [n, 1, 1, c] from one vector of c numbers per image. */
export function perImageChannel(values: readonly (readonly number[])[], c: number): tf.Tensor4D {
  const flat = new Float32Array(values.length * c);
  values.forEach((v, i) => flat.set(v.slice(0, c), i * c));
  return tf.tensor4d(flat, [values.length, 1, 1, c]);
}

export function clip01<T extends tf.Tensor>(x: T): T {
  return x.clipByValue(0, 1) as T;
}

/** The scalar clip01, for value maps (PixelTransform.tone). */
export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
