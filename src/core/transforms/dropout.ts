/**
 * Cutout-style erasing. The boxes are drawn in the plan and listed there explicitly (fractions of
 * the side), so execute erases exactly the planned pixels: a mask is painted in JavaScript (only
 * the box pixels are touched) and applied to the batch in one blend.
 */
import * as tf from '@tensorflow/tfjs';
import { draw, drawInt, drawLog, drawSeed, num, r6, range, str, times } from './params';
import { seededUniform } from './random-field';
import type { ApplyContext, Config, ImageSize, PixelTransform } from './types';

/** [x0, y0, x1, y1] as fractions of width and height. */
export type Box = [number, number, number, number];

/**
 * Pixel bounds [row0, col0, row1, col1) of a box: edges rounded to the nearest pixel boundary.
 * With `atLeastOne`, a box never vanishes below one pixel.
 */
export function boxToPixels(box: readonly number[], { height, width }: ImageSize, atLeastOne = true): [number, number, number, number] {
  const clampTo = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  let c0 = clampTo(Math.round(box[0] * width), width);
  let r0 = clampTo(Math.round(box[1] * height), height);
  let c1 = clampTo(Math.round(box[2] * width), width);
  let r1 = clampTo(Math.round(box[3] * height), height);
  if (atLeastOne) {
    if (c1 <= c0) c0 === width ? (c0 = width - 1) : (c1 = c0 + 1);
    if (r1 <= r0) r0 === height ? (r0 = height - 1) : (r1 = r0 + 1);
  }
  return [r0, c0, r1, c1];
}

/** [n, h, w, 1] mask: 1 inside any of image i's boxes. */
export function boxMask(boxes: readonly (readonly Box[])[], size: ImageSize, atLeastOne = true): tf.Tensor4D {
  const { height: h, width: w } = size;
  const m = new Float32Array(boxes.length * h * w);
  boxes.forEach((list, i) => {
    for (const box of list) {
      const [r0, c0, r1, c1] = boxToPixels(box, size, atLeastOne);
      for (let r = r0; r < r1; r++) m.fill(1, i * h * w + r * w + c0, i * h * w + r * w + c1);
    }
  });
  return tf.tensor4d(m, [boxes.length, h, w, 1]);
}

export interface EraseParams {
  boxes: Box[];
  /** Grey level of the erased pixels, or -1 for uniform random noise (seeded by `seed`). */
  fill: number;
  seed: number;
}

const FILL_SCHEMA = {
  fillMode: { kind: 'enum', label: 'Fill', default: 'constant', options: ['constant', 'random'] },
  fill: { kind: 'number', label: 'Fill value', default: 0, min: 0, max: 1, step: 0.01 },
} as const;

function eraseApply(x: tf.Tensor4D, params: EraseParams[], { height, width, channels }: ApplyContext): tf.Tensor4D {
  return tf.tidy(() => {
    const mask = boxMask(params.map((p) => p.boxes), { height, width });
    const keep = tf.scalar(1).sub(mask);
    let fill: tf.Tensor = tf.tensor4d(params.map((p) => Math.max(p.fill, 0)), [params.length, 1, 1, 1]);
    if (params.some((p) => p.fill < 0)) {
      const noise = seededUniform(params.map((p) => p.seed), height, width, channels);
      const isRandom = tf.tensor4d(params.map((p) => (p.fill < 0 ? 1 : 0)), [params.length, 1, 1, 1]);
      fill = noise.mul(isRandom).add(fill.mul(tf.scalar(1).sub(isRandom)));
    }
    return x.mul(keep).add(mask.mul(fill)) as tf.Tensor4D;
  });
}

function fillOf(config: Config): number {
  return str(config, 'fillMode') === 'random' ? -1 : num(config, 'fill');
}

export const CoarseDropout: PixelTransform<EraseParams> = {
  name: 'CoarseDropout',
  label: 'Coarse dropout (cutout)',
  description: 'Erases a random number of rectangles of random size (fractions of the side), as Albumentations CoarseDropout.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    holes: { kind: 'range', label: 'Holes', default: [1, 2], min: 1, max: 20, integer: true },
    height: { kind: 'range', label: 'Hole height', default: [0.1, 0.2], min: 0.01, max: 1, step: 0.01, unit: '× height' },
    width: { kind: 'range', label: 'Hole width', default: [0.1, 0.2], min: 0.01, max: 1, step: 0.01, unit: '× width' },
    ...FILL_SCHEMA,
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const count = drawInt(rng, range(config, 'holes'));
      const boxes = times(count, (): Box => {
        const bh = draw(rng, range(config, 'height'));
        const bw = draw(rng, range(config, 'width'));
        const y = r6(rng.uniform(0, 1 - bh));
        const x = r6(rng.uniform(0, 1 - bw));
        return [x, y, r6(x + bw), r6(y + bh)];
      });
      return { boxes, fill: fillOf(config), seed: drawSeed(rng) };
    }),
  apply: eraseApply,
  identity: { boxes: [], fill: 0, seed: 0 },
};

export const RandomErasing: PixelTransform<EraseParams> = {
  name: 'RandomErasing',
  label: 'Random erasing',
  description: 'Erases one rectangle of random area and aspect ratio (torchvision RandomErasing: 10 tries, else nothing).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    scale: { kind: 'range', label: 'Area', default: [0.02, 0.33], min: 0.001, max: 1, step: 0.001, unit: '× area' },
    ratio: { kind: 'range', label: 'Aspect ratio', default: [0.3, 3.3], min: 0.05, max: 20, step: 0.01 },
    ...FILL_SCHEMA,
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const boxes: Box[] = [];
      for (let attempt = 0; attempt < 10; attempt++) {
        const area = rng.uniform(...range(config, 'scale'));
        const ratio = drawLog(rng, range(config, 'ratio'));
        const bh = Math.sqrt(area * ratio);
        const bw = Math.sqrt(area / ratio);
        if (bh < 1 && bw < 1) {
          const y = rng.uniform(0, 1 - bh);
          const x = rng.uniform(0, 1 - bw);
          boxes.push([r6(x), r6(y), r6(x + bw), r6(y + bh)]);
          break;
        }
      }
      return { boxes, fill: fillOf(config), seed: drawSeed(rng) };
    }),
  apply: eraseApply,
  identity: { boxes: [], fill: 0, seed: 0 },
};
