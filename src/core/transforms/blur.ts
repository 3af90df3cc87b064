/**
 * Blur and sharpen: each image its own kernel, all images in one depthwise convolution (see
 * filters.ts), mirrored borders as OpenCV's default.
 */
import * as tf from '@tensorflow/tfjs';
import { clip01 } from './batch';
import { gaussianKernel1d, maxKernelFor, padKernel, perImageFilter2d, perImageSeparable } from './filters';
import { draw, drawInt, r6, range, times } from './params';
import type { PixelTransform } from './types';

/** Kernel size OpenCV picks for 8-bit images: round(6σ + 1), made odd, at least 3. */
export function gaussianSize(sigma: number): number {
  return Math.max(3, Math.round(sigma * 6 + 1) | 1);
}

function centrePad1d(k: Float32Array, K: number): Float32Array {
  const out = new Float32Array(K);
  out.set(k, (K - k.length) / 2);
  return out;
}

export const GaussianBlur: PixelTransform<{ sigma: number }> = {
  name: 'GaussianBlur',
  label: 'Gaussian blur',
  description: 'Blurs with a Gaussian of random sigma (pixels); kernel size as OpenCV derives it from sigma.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { sigma: { kind: 'range', label: 'Sigma', default: [0.5, 1.5], min: 0.1, max: 10, step: 0.05, unit: 'px' } },
  sample: (rng, n, config) => times(n, () => ({ sigma: draw(rng, range(config, 'sigma')) })),
  apply: (x, params, { height, width }) =>
    tf.tidy(() => {
      const cap = maxKernelFor(Math.min(height, width));
      const sizes = params.map((p) => Math.min(gaussianSize(p.sigma), cap));
      const K = Math.max(...sizes);
      const kernels = params.map((p, i) => centrePad1d(gaussianKernel1d(sizes[i], p.sigma), K));
      return perImageSeparable(x, kernels, kernels);
    }),
};

export interface MotionBlurParams {
  /** Odd kernel size in pixels. */
  size: number;
  /** Direction of motion in degrees. */
  angle: number;
  /** -1: the streak trails backwards only, 0: both ways, 1: forwards only. */
  direction: number;
}

/**
 * A normalised k x k kernel holding a line through the centre at `angle` (degrees,
 * counter-clockwise), spanning [-r·min(1, 1 − d), r·min(1, 1 + d)] along it (r = (k − 1) / 2,
 * d = direction). Each pixel the line crosses gets a weight proportional to the length of line
 * inside it (dense point sampling, nearest pixel), so an axis-aligned line is uniform, like the
 * cv2.line kernels Albumentations draws.
 */
export function motionKernel(k: number, angle: number, direction: number): Float32Array {
  const out = new Float32Array(k * k);
  const r = (k - 1) / 2;
  // Extend by half a pixel at each end so the end pixels are covered as fully as inner ones.
  const t0 = -r * Math.min(1, 1 - direction) - 0.5;
  const t1 = r * Math.min(1, 1 + direction) + 0.5;
  const dx = Math.cos((angle * Math.PI) / 180);
  const dy = -Math.sin((angle * Math.PI) / 180);
  const samples = Math.max(1, Math.round(64 * (t1 - t0)));
  for (let s = 0; s < samples; s++) {
    const t = t0 + ((t1 - t0) * (s + 0.5)) / samples;
    const x = Math.round(r + t * dx);
    const y = Math.round(r + t * dy);
    if (x >= 0 && x < k && y >= 0 && y < k) out[y * k + x] += 1;
  }
  const sum = out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

export const MotionBlur: PixelTransform<MotionBlurParams> = {
  name: 'MotionBlur',
  label: 'Motion blur',
  description: 'Smears the image along a straight line of random length and angle, as a camera or subject in motion.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    size: { kind: 'range', label: 'Length', default: [3, 7], min: 3, max: 31, integer: true, unit: 'px' },
    angle: { kind: 'range', label: 'Angle', default: [0, 360], min: 0, max: 360, step: 1, unit: '°' },
    direction: { kind: 'range', label: 'Direction', default: [-1, 1], min: -1, max: 1, step: 0.05, help: '-1 trails backwards, 0 both ways, 1 forwards.' },
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const [lo, hi] = range(config, 'size');
      // Odd sizes only: draw among the odd values of the range.
      const oddLo = Math.ceil(lo) | 1;
      const oddHi = (Math.floor(hi) - 1) | 1;
      const size = oddHi >= oddLo ? oddLo + 2 * drawInt(rng, [0, (oddHi - oddLo) / 2]) : oddLo;
      return { size, angle: draw(rng, range(config, 'angle')), direction: r6(draw(rng, range(config, 'direction'))) };
    }),
  apply: (x, params, { height, width }) =>
    tf.tidy(() => {
      const cap = maxKernelFor(Math.min(height, width));
      const sizes = params.map((p) => Math.min(p.size, cap));
      const K = Math.max(...sizes);
      const kernels = params.map((p, i) => padKernel(motionKernel(sizes[i], p.angle, p.direction), sizes[i], K));
      return clip01(perImageFilter2d(x, kernels, K, K));
    }),
};

export interface SharpenParams {
  alpha: number;
  lightness: number;
}

/** (1 − α)·identity + α·[[-1,-1,-1],[-1,8+lightness,-1],[-1,-1,-1]], as Albumentations Sharpen. */
export function sharpenKernel(alpha: number, lightness: number): Float32Array {
  const k = new Float32Array(9).fill(-alpha);
  k[4] = 1 - alpha + alpha * (8 + lightness);
  return k;
}

export const Sharpen: PixelTransform<SharpenParams> = {
  name: 'Sharpen',
  label: 'Sharpen',
  description: 'Blends the image with a Laplacian-sharpened version (Albumentations Sharpen, kernel method).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    alpha: { kind: 'range', label: 'Amount', default: [0.2, 0.5], min: -1, max: 1, step: 0.01, help: 'Blend towards the sharpened image; negative values soften instead (as in RandAugment’s Sharpness below 1).' },
    lightness: { kind: 'range', label: 'Lightness', default: [0.5, 1], min: 0, max: 2, step: 0.01 },
  },
  sample: (rng, n, config) => times(n, () => ({ alpha: draw(rng, range(config, 'alpha')), lightness: draw(rng, range(config, 'lightness')) })),
  apply: (x, params) => tf.tidy(() => clip01(perImageFilter2d(x, params.map((p) => sharpenKernel(p.alpha, p.lightness)), 3, 3))),
};
