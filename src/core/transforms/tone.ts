/** Tone curves that do not need a histogram: posterize, solarize, auto-contrast, and the no-op. */
import * as tf from '@tensorflow/tfjs';
import { clip01, perImage } from './batch';
import { draw, drawInt, range, times } from './params';
import type { PixelTransform } from './types';

export const Posterize: PixelTransform<{ bits: number }> = {
  name: 'Posterize',
  label: 'Posterize',
  description: 'Keeps only the top bits of each 8-bit channel value (fewer grey levels).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { bits: { kind: 'range', label: 'Bits kept', default: [4, 8], min: 1, max: 8, integer: true } },
  sample: (rng, n, config) => times(n, () => ({ bits: drawInt(rng, range(config, 'bits')) })),
  apply: (x, params) =>
    tf.tidy(() => {
      // v & ~(2^(8-bits) − 1) on the 8-bit value v = round(255·x).
      const q = perImage(params.map((p) => 2 ** (8 - p.bits)));
      return x.mul(255).round().div(q).floor().mul(q).div(255) as tf.Tensor4D;
    }),
  tone: (p) => {
    const q = 2 ** (8 - p.bits);
    return (v) => (Math.floor(Math.round(v * 255) / q) * q) / 255;
  },
};

export const Solarize: PixelTransform<{ threshold: number }> = {
  name: 'Solarize',
  label: 'Solarize',
  description: 'Inverts every value at or above a threshold.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { threshold: { kind: 'range', label: 'Threshold', default: [0.5, 0.5], min: 0, max: 1, step: 0.01 } },
  sample: (rng, n, config) => times(n, () => ({ threshold: draw(rng, range(config, 'threshold')) })),
  apply: (x, params) =>
    tf.tidy(() => tf.where(x.greaterEqual(perImage(params.map((p) => p.threshold))), tf.scalar(1).sub(x), x) as tf.Tensor4D),
  identity: { threshold: 2 },
  tone: (p) => (v) => (v >= p.threshold ? 1 - v : v),
};

export const AutoContrast: PixelTransform<Record<string, never>> = {
  name: 'AutoContrast',
  label: 'Auto-contrast',
  description: 'Stretches each channel so its darkest value becomes 0 and its brightest 1 (PIL autocontrast).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  apply: (x) =>
    tf.tidy(() => {
      const lo = x.min([1, 2], true);
      const hi = x.max([1, 2], true);
      const span = hi.sub(lo);
      const stretched = x.sub(lo).div(tf.maximum(span, 1e-12));
      return clip01(tf.where(span.greater(0), stretched, x)) as tf.Tensor4D;
    }),
};

export const Identity: PixelTransform<Record<string, never>> = {
  name: 'Identity',
  label: 'No change',
  description: 'Leaves the image as it is (useful inside OneOf / SomeOf, as in RandAugment).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  apply: (x) => x.clone(),
  identity: {},
  tone: () => (v) => v,
};
