/**
 * Colour and intensity: element-wise ops with per-image factors broadcast over the batch. Every
 * op clips to [0, 1] after itself, as Albumentations and torchvision do for float images.
 */
import * as tf from '@tensorflow/tfjs';
import { clamp01, clip01, perImage, perImageChannel } from './batch';
import { hsvToRgb, luma, rgbToHsv } from './colour-space';
import { bool, draw, range, rgbOnly, times } from './params';
import type { PixelTransform } from './types';

export const Brightness: PixelTransform<{ beta: number }> = {
  name: 'Brightness',
  label: 'Brightness',
  description: 'Adds a random offset to every pixel (Albumentations RandomBrightnessContrast with brightness only).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { limit: { kind: 'range', label: 'Offset', default: [-0.2, 0.2], min: -1, max: 1, step: 0.01 } },
  sample: (rng, n, config) => times(n, () => ({ beta: draw(rng, range(config, 'limit')) })),
  apply: (x, params) => tf.tidy(() => clip01(x.add(perImage(params.map((p) => p.beta))))),
  identity: { beta: 0 },
  tone: (p) => (v) => clamp01(v + p.beta),
};

export const Contrast: PixelTransform<{ factor: number }> = {
  name: 'Contrast',
  label: 'Contrast',
  description: 'Blends each image with its mean grey level: factor 0 gives flat grey, 1 the original, above 1 more contrast (torchvision adjust_contrast).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { factor: { kind: 'range', label: 'Factor', default: [0.8, 1.2], min: 0, max: 3, step: 0.01, unit: '×' } },
  sample: (rng, n, config) => times(n, () => ({ factor: draw(rng, range(config, 'factor')) })),
  apply: (x, params) => tf.tidy(() => blendWithMean(x, perImage(params.map((p) => p.factor)))),
  identity: { factor: 1 },
};

/** factor·x + (1 − factor)·mean(luma(x)), clipped. */
function blendWithMean(x: tf.Tensor4D, factor: tf.Tensor4D): tf.Tensor4D {
  const mean = luma(x).mean([1, 2, 3], true);
  return clip01(x.mul(factor).add(mean.mul(tf.scalar(1).sub(factor))));
}

export const BrightnessContrast: PixelTransform<{ alpha: number; beta: number }> = {
  name: 'BrightnessContrast',
  label: 'Brightness & contrast',
  description: 'x·(1 + contrast) + brightness, clipped: Albumentations RandomBrightnessContrast (brightness_by_max).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    brightness: { kind: 'range', label: 'Brightness', default: [-0.2, 0.2], min: -1, max: 1, step: 0.01 },
    contrast: { kind: 'range', label: 'Contrast', default: [-0.2, 0.2], min: -1, max: 1, step: 0.01 },
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const beta = draw(rng, range(config, 'brightness'));
      const alpha = 1 + draw(rng, range(config, 'contrast'));
      return { alpha, beta };
    }),
  apply: (x, params) =>
    tf.tidy(() => clip01(x.mul(perImage(params.map((p) => p.alpha))).add(perImage(params.map((p) => p.beta))))),
  identity: { alpha: 1, beta: 0 },
  tone: (p) => (v) => clamp01(v * p.alpha + p.beta),
};

export const Gamma: PixelTransform<{ gamma: number }> = {
  name: 'Gamma',
  label: 'Gamma',
  description: 'Raises every pixel to a random power: below 1 brightens dark tones, above 1 darkens them.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { gamma: { kind: 'range', label: 'Gamma', default: [0.8, 1.2], min: 0.1, max: 5, step: 0.01 } },
  sample: (rng, n, config) => times(n, () => ({ gamma: draw(rng, range(config, 'gamma')) })),
  apply: (x, params) => tf.tidy(() => clip01(tf.pow(x, perImage(params.map((p) => p.gamma))))),
  tone: (p) => (v) => clamp01(v ** p.gamma),
};

export interface HsvParams {
  /** Degrees around the colour circle. */
  hue: number;
  saturation: number;
  value: number;
}

export const HueSaturationValue: PixelTransform<HsvParams> = {
  name: 'HueSaturationValue',
  label: 'Hue, saturation, value',
  description: 'Converts to HSV, turns the hue by some degrees and adds to saturation and value (clipped), then back to RGB.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    hue: { kind: 'range', label: 'Hue shift', default: [-20, 20], min: -180, max: 180, step: 1, unit: '°' },
    saturation: { kind: 'range', label: 'Saturation shift', default: [-0.12, 0.12], min: -1, max: 1, step: 0.01 },
    value: { kind: 'range', label: 'Value shift', default: [-0.08, 0.08], min: -1, max: 1, step: 0.01 },
  },
  channelError: rgbOnly('Hue, saturation, value'),
  sample: (rng, n, config) =>
    times(n, () => ({
      hue: draw(rng, range(config, 'hue')),
      saturation: draw(rng, range(config, 'saturation')),
      value: draw(rng, range(config, 'value')),
    })),
  apply: (x, params) => {
    requireRgb(x, 'HueSaturationValue');
    return tf.tidy(() => {
      const [h, s, v] = rgbToHsv(x);
      const h2 = tf.mod(h.add(perImage(params.map((p) => p.hue / 360))), 1) as tf.Tensor4D;
      const s2 = clip01(s.add(perImage(params.map((p) => p.saturation))) as tf.Tensor4D);
      const v2 = clip01(v.add(perImage(params.map((p) => p.value))) as tf.Tensor4D);
      return clip01(hsvToRgb(h2, s2, v2));
    });
  },
};

function requireRgb(x: tf.Tensor4D, name: string): void {
  if (x.shape[3] !== 3) throw new Error(rgbOnly(name)(x.shape[3]) ?? `${name} needs RGB images.`);
}

export interface ColorJitterParams {
  brightness: number;
  contrast: number;
  saturation: number;
  hue: number;
  /** Order of the four adjustments: 0 brightness, 1 contrast, 2 saturation, 3 hue. */
  order: number[];
}

const JITTER_IDENTITY = [1, 1, 1, 0];

export const ColorJitter: PixelTransform<ColorJitterParams> = {
  name: 'ColorJitter',
  label: 'Colour jitter',
  description: 'torchvision ColorJitter: brightness and saturation factors, contrast around the mean grey, hue turn (fraction of the circle), in a random order per image. Saturation and hue do nothing on grey images.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    brightness: { kind: 'range', label: 'Brightness', default: [0.8, 1.2], min: 0, max: 3, step: 0.01, unit: '×' },
    contrast: { kind: 'range', label: 'Contrast', default: [0.8, 1.2], min: 0, max: 3, step: 0.01, unit: '×' },
    saturation: { kind: 'range', label: 'Saturation', default: [0.8, 1.2], min: 0, max: 3, step: 0.01, unit: '×' },
    hue: { kind: 'range', label: 'Hue', default: [-0.05, 0.05], min: -0.5, max: 0.5, step: 0.01, unit: '× circle' },
    randomOrder: { kind: 'bool', label: 'Random order', default: true },
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const order = rng.shuffle([0, 1, 2, 3]);
      return {
        brightness: draw(rng, range(config, 'brightness')),
        contrast: draw(rng, range(config, 'contrast')),
        saturation: draw(rng, range(config, 'saturation')),
        hue: draw(rng, range(config, 'hue')),
        order: bool(config, 'randomOrder') ? order : [0, 1, 2, 3],
      };
    }),
  apply: (x, params) =>
    tf.tidy(() => {
      const grey = x.shape[3] === 1;
      const values = (p: ColorJitterParams) => [p.brightness, p.contrast, p.saturation, p.hue];
      let y = x;
      // Step k applies, to each image, the adjustment its order puts at position k; images whose
      // k-th adjustment is another one get that op's neutral factor (hue is masked, since an
      // HSV round trip is not bit-exact).
      for (let k = 0; k < 4; k++) {
        for (let op = 0; op < 4; op++) {
          const on = params.map((p) => p.order[k] === op);
          if (!on.some(Boolean) || (grey && op >= 2)) continue;
          const f = params.map((p, i) => (on[i] ? values(p)[op] : JITTER_IDENTITY[op]));
          if (op === 0) y = clip01(y.mul(perImage(f)));
          else if (op === 1) y = blendWithMean(y, perImage(f));
          else if (op === 2) y = blendWithGrey(y, perImage(f));
          else {
            const [h, s, v] = rgbToHsv(y);
            const turned = clip01(hsvToRgb(tf.mod(h.add(perImage(f)), 1) as tf.Tensor4D, s, v));
            y = tf.where(perImage(on.map(Number)).cast('bool').tile([1, ...y.shape.slice(1)]), turned, y);
          }
        }
      }
      return y;
    }),
};

/** factor·x + (1 − factor)·luma(x), clipped (torchvision adjust_saturation). */
function blendWithGrey(x: tf.Tensor4D, factor: tf.Tensor4D): tf.Tensor4D {
  return clip01(x.mul(factor).add(luma(x).mul(tf.scalar(1).sub(factor))));
}

export const ToGray: PixelTransform<Record<string, never>> = {
  name: 'ToGray',
  label: 'To grey',
  description: 'Replaces colour with luma (0.299 R + 0.587 G + 0.114 B), kept as three equal channels.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  apply: (x) => (x.shape[3] === 1 ? x.clone() : tf.tidy(() => luma(x).tile([1, 1, 1, x.shape[3]]) as tf.Tensor4D)),
};

export const Invert: PixelTransform<Record<string, never>> = {
  name: 'Invert',
  label: 'Invert',
  description: 'Negative image: 1 − x.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  apply: (x) => tf.tidy(() => tf.scalar(1).sub(x) as tf.Tensor4D),
  tone: () => (v) => 1 - v,
};

export const RGBShift: PixelTransform<{ shift: number[] }> = {
  name: 'RGBShift',
  label: 'RGB shift',
  description: 'Adds a separate random offset to the red, green and blue channels.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    r: { kind: 'range', label: 'Red', default: [-0.08, 0.08], min: -1, max: 1, step: 0.01 },
    g: { kind: 'range', label: 'Green', default: [-0.08, 0.08], min: -1, max: 1, step: 0.01 },
    b: { kind: 'range', label: 'Blue', default: [-0.08, 0.08], min: -1, max: 1, step: 0.01 },
  },
  channelError: rgbOnly('RGB shift'),
  sample: (rng, n, config) =>
    times(n, () => ({ shift: [draw(rng, range(config, 'r')), draw(rng, range(config, 'g')), draw(rng, range(config, 'b'))] })),
  apply: (x, params) => {
    requireRgb(x, 'RGBShift');
    return tf.tidy(() => clip01(x.add(perImageChannel(params.map((p) => p.shift), 3))));
  },
  identity: { shift: [0, 0, 0] },
  tone: (p) => (v, channel) => clamp01(v + p.shift[channel]),
};

export const ChannelShuffle: PixelTransform<{ perm: number[] }> = {
  name: 'ChannelShuffle',
  label: 'Channel shuffle',
  description: 'Reorders the R, G and B channels randomly.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {},
  channelError: rgbOnly('Channel shuffle'),
  sample: (rng, n) => times(n, () => ({ perm: rng.shuffle([0, 1, 2]) })),
  apply: (x, params) => {
    requireRgb(x, 'ChannelShuffle');
    return tf.tidy(() => {
      // A per-image 3x3 permutation matrix in one batched product (exact: one 1 per column).
      // (tf.gather with batchDims would do, but tfjs-backend-wasm 4.22 reads out of bounds with it.)
      const [n, h, w] = x.shape;
      const m = new Float32Array(n * 9);
      params.forEach((p, i) => p.perm.forEach((src, dst) => (m[i * 9 + src * 3 + dst] = 1)));
      return tf.matMul(x.reshape([n, h * w, 3]), tf.tensor3d(m, [n, 3, 3])).reshape([n, h, w, 3]) as tf.Tensor4D;
    });
  },
  identity: { perm: [0, 1, 2] },
};
