/**
 * Non-linear warps: each image gets a dense displacement field, and the whole batch is resampled
 * in one gather-based remap. They run as their own warp step (a field does not compose into a
 * 3x3 matrix).
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKernel1d, maxKernelFor, perImageSeparable } from './filters';
import { draw, drawSeed, num, range, times, WARP_SCHEMA, warpRecord, warpSettingsOf, borderParam, interpolationParam, fillParam, type WarpRecord } from './params';
import { seededNormal } from './random-field';
import { remap } from './warp';
import type { PixelTransform } from './types';

export interface ElasticParams extends WarpRecord {
  seed: number;
  alpha: number;
  sigma: number;
}

/** Pads a 1-D kernel with zeros on both sides to length K. */
function padTo(k: Float32Array, K: number): Float32Array {
  if (k.length === K) return k;
  const out = new Float32Array(K);
  out.set(k, (K - k.length) / 2);
  return out;
}

export const ElasticTransform: PixelTransform<ElasticParams> = {
  name: 'ElasticTransform',
  label: 'Elastic',
  description: 'Displaces every pixel by a smooth random field: Gaussian noise scaled to [-1, 1], blurred with sigma, times alpha (pixels), as Albumentations ElasticTransform.',
  family: 'geometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    alpha: { kind: 'number', label: 'Strength (alpha)', default: 34, min: 0, max: 500, step: 1, unit: 'px' },
    sigma: { kind: 'number', label: 'Smoothness (sigma)', default: 4, min: 0.5, max: 100, step: 0.5, unit: 'px' },
    interpolation: interpolationParam(),
    border: borderParam('reflect101'),
    fill: fillParam('Border fill'),
  },
  sample: (rng, n, config) =>
    times(n, () => ({ seed: drawSeed(rng), alpha: num(config, 'alpha'), sigma: num(config, 'sigma'), ...warpRecord(config) })),
  apply: (x, params, { height: h, width: w }) =>
    tf.tidy(() => {
      const n = params.length;
      const noise = seededNormal(params.map((p) => p.seed), h, w, 2);
      const peak = tf.maximum(noise.abs().max([1, 2, 3], true), 1e-6);
      const unit = noise.div(peak) as tf.Tensor4D;
      // Kernel size as cv2.GaussianBlur picks it for float data (2·round(4σ)+1), capped by the image.
      const sizes = params.map((p) => Math.min(2 * Math.round(4 * p.sigma) + 1, maxKernelFor(Math.min(h, w))));
      const K = Math.max(...sizes);
      const kernels = params.map((p, i) => padTo(gaussianKernel1d(sizes[i], p.sigma), K));
      const field = perImageSeparable(unit, kernels, kernels).mul(tf.tensor4d(params.map((p) => p.alpha), [n, 1, 1, 1]));
      const [dx, dy] = tf.split(field, 2, 3).map((t) => t.reshape([n, h, w]));
      const xs = tf.range(0, w, 1, 'float32').reshape([1, 1, w]);
      const ys = tf.range(0, h, 1, 'float32').reshape([1, h, 1]);
      return remap(x, xs.add(dx) as tf.Tensor3D, ys.add(dy) as tf.Tensor3D, warpSettingsOf(params[0]));
    }),
};

export interface GridDistortionParams extends WarpRecord {
  /** Relative widths of the grid's columns and heights of its rows (1 = unchanged). */
  xsteps: number[];
  ysteps: number[];
}

/**
 * For each output pixel centre along one axis of `len` pixels, the input position: output cell
 * k spans [k·len/n, (k+1)·len/n] and reads from an input span whose width is proportional to
 * steps[k], the spans together covering the whole side.
 */
export function gridAxisMap(steps: readonly number[], len: number): Float32Array {
  const n = steps.length;
  const total = steps.reduce((a, b) => a + b, 0);
  const src = [0];
  for (const s of steps) src.push(src[src.length - 1] + (s / total) * len);
  const out = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    const e = i + 0.5;
    const k = Math.min(n - 1, Math.floor((e / len) * n));
    const t = e / (len / n) - k;
    out[i] = src[k] + t * (src[k + 1] - src[k]) - 0.5;
  }
  return out;
}

export const GridDistortion: PixelTransform<GridDistortionParams> = {
  name: 'GridDistortion',
  label: 'Grid distortion',
  description: 'Splits the image into a grid and stretches or squeezes each column and row by a random factor 1 + d, as Albumentations GridDistortion (normalised to keep the frame).',
  family: 'geometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    numSteps: { kind: 'int', label: 'Grid cells', default: 5, min: 1, max: 20 },
    distortLimit: { kind: 'range', label: 'Distortion', default: [-0.3, 0.3], min: -0.95, max: 1, step: 0.01 },
    ...WARP_SCHEMA,
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const cells = num(config, 'numSteps');
      const lim = range(config, 'distortLimit');
      const xsteps = times(cells, () => 1 + draw(rng, lim));
      const ysteps = times(cells, () => 1 + draw(rng, lim));
      return { xsteps, ysteps, ...warpRecord(config) };
    }),
  apply: (x, params, { height: h, width: w }) =>
    tf.tidy(() => {
      const n = params.length;
      const mx = new Float32Array(n * w);
      const my = new Float32Array(n * h);
      params.forEach((p, i) => {
        mx.set(gridAxisMap(p.xsteps, w), i * w);
        my.set(gridAxisMap(p.ysteps, h), i * h);
      });
      const sx = tf.tensor3d(mx, [n, 1, w]).tile([1, h, 1]) as tf.Tensor3D;
      const sy = tf.tensor3d(my, [n, h, 1]).tile([1, 1, w]) as tf.Tensor3D;
      return remap(x, sx, sy, warpSettingsOf(params[0]));
    }),
};
