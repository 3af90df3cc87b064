/**
 * Seeded per-image noise. tfjs draws random numbers in JavaScript on every backend anyway, so
 * we do the same with a counter-based generator keyed by each image's seed (drawn in its plan):
 * an image's noise depends only on its own seed, whichever batch it is executed in.
 */
import * as tf from '@tensorflow/tfjs';
import { fmix32 } from '../rng';

/** 24-bit uniform in [0, 1) for element k of the stream `seed`. */
function uniformAt(seed: number, k: number): number {
  const h = fmix32(fmix32((seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0) + k);
  return (h >>> 8) / 16777216;
}

/** Fills `out` (length `len` from `offset`) with uniform [0, 1) values of stream `seed`. */
export function fillUniform(out: Float32Array, offset: number, len: number, seed: number): void {
  for (let k = 0; k < len; k++) out[offset + k] = uniformAt(seed, k);
}

/** Fills with standard normal values (Box–Muller on consecutive uniform pairs). */
export function fillNormal(out: Float32Array, offset: number, len: number, seed: number): void {
  for (let k = 0; k < len; k += 2) {
    const u1 = 1 - uniformAt(seed, k);
    const u2 = uniformAt(seed, k + 1);
    const r = Math.sqrt(-2 * Math.log(u1));
    out[offset + k] = r * Math.cos(2 * Math.PI * u2);
    if (k + 1 < len) out[offset + k + 1] = r * Math.sin(2 * Math.PI * u2);
  }
}

/** [n, h, w, c] uniform noise in [0, 1), image i from seeds[i]. */
export function seededUniform(seeds: readonly number[], h: number, w: number, c: number): tf.Tensor4D {
  const per = h * w * c;
  const out = new Float32Array(seeds.length * per);
  seeds.forEach((s, i) => fillUniform(out, i * per, per, s));
  return tf.tensor4d(out, [seeds.length, h, w, c]);
}

/** [n, h, w, c] standard normal noise, image i from seeds[i]. */
export function seededNormal(seeds: readonly number[], h: number, w: number, c: number): tf.Tensor4D {
  const per = h * w * c;
  const out = new Float32Array(seeds.length * per);
  seeds.forEach((s, i) => fillNormal(out, i * per, per, s));
  return tf.tensor4d(out, [seeds.length, h, w, c]);
}
