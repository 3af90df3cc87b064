/** Small fixtures shared by the model tests. */
import * as tf from '@tensorflow/tfjs';

/** 28x28x1 toy images as raw pixels for InMemorySource (nothing to dispose). */
export function toySquarePixels(count: number, seed = 1, size = 28): { pixels: Float32Array; shape: [number, number, number, number] } {
  const t = toySquares(count, seed, size);
  const pixels = t.dataSync() as Float32Array;
  t.dispose();
  return { pixels, shape: [count, size, size, 1] };
}

/** 28x28x1 toy images: bright 8x8 squares at pseudo-random offsets (deterministic). */
export function toySquares(count: number, seed = 1, size = 28): tf.Tensor4D {
  const data = new Float32Array(count * size * size);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const ox = 2 + (s % (size - 12));
    const oy = 2 + ((s >>> 8) % (size - 12));
    for (let y = oy; y < oy + 8; y++) for (let x = ox; x < ox + 8; x++) data[i * size * size + y * size + x] = 0.9;
  }
  return tf.tensor4d(data, [count, size, size, 1]);
}
