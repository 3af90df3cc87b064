/**
 * Crops, each resized back to the working size (the batch keeps one shape), so each is a matrix
 * that joins the sample's single warp. Boxes are fractions of the image side, so plans do not
 * depend on the resolution.
 */
import { chain, scale, translate } from './matrix';
import { draw, drawLog, num, r6, range, str, times, WARP_SCHEMA, warpRecord, warpSettingsOf, interpolationParam, type WarpRecord } from './params';
import type { Interpolation, MatrixTransform } from './types';

export interface CropBox {
  /** Top-left corner and size, as fractions of width and height. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ResizedCropParams extends CropBox {
  interpolation: Interpolation;
}

/** Maps the box onto the whole frame. */
function boxMatrix(b: CropBox, W: number, H: number) {
  return chain(translate(-b.x * W, -b.y * H), scale(1 / b.w, 1 / b.h));
}

/**
 * Crop borders clamp to the edge pixel: a box touching the image border samples half a pixel
 * beyond it when resized, and should not blend in a fill colour there.
 */
const cropSettings = (p: { interpolation: Interpolation }) => ({ interpolation: p.interpolation, border: 'edge' as const, fill: 0 });

export const RandomResizedCrop: MatrixTransform<ResizedCropParams> = {
  name: 'RandomResizedCrop',
  label: 'Random resized crop',
  description: 'Crops a random box (area and aspect ratio drawn as torchvision does, 10 tries then a centre crop) and resizes it to the full size. The aspect ratio is relative to the image’s own.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    scale: { kind: 'range', label: 'Area', default: [0.08, 1], min: 0.01, max: 1, step: 0.01, unit: '× area' },
    ratio: { kind: 'range', label: 'Aspect ratio', default: [0.75, 4 / 3], min: 0.1, max: 10, step: 0.01 },
    interpolation: interpolationParam(),
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const [r0, r1] = range(config, 'ratio');
      const interpolation = str<Interpolation>(config, 'interpolation');
      for (let attempt = 0; attempt < 10; attempt++) {
        const area = rng.uniform(...range(config, 'scale'));
        const ratio = drawLog(rng, [r0, r1]);
        const w = Math.sqrt(area * ratio);
        const h = Math.sqrt(area / ratio);
        if (w <= 1 && h <= 1) {
          const x = rng.uniform(0, 1 - w);
          const y = rng.uniform(0, 1 - h);
          return { x: r6(x), y: r6(y), w: r6(w), h: r6(h), interpolation };
        }
      }
      // Fallback: the largest centred box with an allowed aspect ratio.
      const w = r0 > 1 ? 1 : r1 < 1 ? r1 : 1;
      const h = r0 > 1 ? 1 / r0 : 1;
      return { x: r6((1 - w) / 2), y: r6((1 - h) / 2), w: r6(w), h: r6(h), interpolation };
    }),
  matrix: (p, { width, height }) => boxMatrix(p, width, height),
  warpSettings: cropSettings,
};

export interface CenterCropParams {
  size: number;
  interpolation: Interpolation;
}

export const CenterCrop: MatrixTransform<CenterCropParams> = {
  name: 'CenterCrop',
  label: 'Centre crop',
  description: 'Keeps the central part of the image and resizes it back to the full size (a zoom).',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    size: { kind: 'number', label: 'Kept side', default: 0.875, min: 0.05, max: 1, step: 0.005, unit: '× side' },
    interpolation: interpolationParam(),
  },
  sample: (_rng, n, config) => times(n, () => ({ size: num(config, 'size'), interpolation: str<Interpolation>(config, 'interpolation') })),
  matrix: (p, { width, height }) => boxMatrix({ x: (1 - p.size) / 2, y: (1 - p.size) / 2, w: p.size, h: p.size }, width, height),
  warpSettings: cropSettings,
};

export interface RandomCropParams extends WarpRecord {
  /** Top-left of the window in the padded image, as fractions of the unpadded side (may be negative). */
  x: number;
  y: number;
  size: number;
}

export const RandomCrop: MatrixTransform<RandomCropParams> = {
  name: 'RandomCrop',
  label: 'Random crop + pad',
  description: 'Pads the image on every side, then takes a window at a random position (the CIFAR-style “pad 4, crop 32”), resized to the full size. With the full window size the shift is rounded to whole pixels, so no pixel is blended.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    size: { kind: 'number', label: 'Window', default: 1, min: 0.05, max: 1, step: 0.005, unit: '× side' },
    padding: { kind: 'number', label: 'Padding', default: 0.125, min: 0, max: 0.5, step: 0.005, unit: '× side' },
    ...WARP_SCHEMA,
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const size = num(config, 'size');
      const pad = num(config, 'padding');
      const span: [number, number] = [-pad, 1 + pad - size];
      return { x: draw(rng, span), y: draw(rng, span), size, ...warpRecord(config) };
    }),
  matrix: (p, { width: W, height: H }) => {
    if (p.size === 1) return translate(-Math.round(p.x * W), -Math.round(p.y * H));
    return boxMatrix({ x: p.x, y: p.y, w: p.size, h: p.size }, W, H);
  },
  warpSettings: warpSettingsOf,
};
