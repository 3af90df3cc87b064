/** Rotations, affine maps and perspective: each a per-image matrix composed into the sample's one warp. */
import { about, chain, homography, rotate, scale, shear, translate } from './matrix';
import { draw, r6, range, times, bool, WARP_SCHEMA, warpRecord, warpSettingsOf, type WarpRecord } from './params';
import type { MatrixTransform } from './types';

export interface RotateParams extends WarpRecord {
  /** Degrees, positive counter-clockwise. */
  angle: number;
}

export const Rotate: MatrixTransform<RotateParams> = {
  name: 'Rotate',
  label: 'Rotate',
  description: 'Rotates about the centre by a random angle (positive is counter-clockwise).',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    limit: { kind: 'range', label: 'Angle', default: [-30, 30], min: -180, max: 180, step: 1, unit: '°' },
    ...WARP_SCHEMA,
  },
  sample: (rng, n, config) => times(n, () => ({ angle: draw(rng, range(config, 'limit')), ...warpRecord(config) })),
  matrix: (p, { width, height }) => about(width / 2, height / 2, rotate(p.angle)),
  warpSettings: warpSettingsOf,
};

export interface AffineParams extends WarpRecord {
  scaleX: number;
  scaleY: number;
  /** Shifts as fractions of the width and height. */
  translateX: number;
  translateY: number;
  angle: number;
  shearX: number;
  shearY: number;
}

export const Affine: MatrixTransform<AffineParams> = {
  name: 'Affine',
  label: 'Affine',
  description: 'Scales, rotates, shears and shifts about the centre, in that order (as Albumentations Affine).',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    scale: { kind: 'range', label: 'Scale', default: [0.9, 1.1], min: 0.1, max: 4, step: 0.01, unit: '×' },
    keepRatio: { kind: 'bool', label: 'Same scale for x and y', default: true },
    translateX: { kind: 'range', label: 'Shift x', default: [-0.1, 0.1], min: -1, max: 1, step: 0.01, unit: '× width' },
    translateY: { kind: 'range', label: 'Shift y', default: [-0.1, 0.1], min: -1, max: 1, step: 0.01, unit: '× height' },
    rotate: { kind: 'range', label: 'Rotation', default: [-15, 15], min: -180, max: 180, step: 1, unit: '°' },
    shearX: { kind: 'range', label: 'Shear x', default: [0, 0], min: -80, max: 80, step: 1, unit: '°' },
    shearY: { kind: 'range', label: 'Shear y', default: [0, 0], min: -80, max: 80, step: 1, unit: '°' },
    ...WARP_SCHEMA,
  },
  sample: (rng, n, config) => {
    const [scale, tx, ty, rot, shx, shy] = ['scale', 'translateX', 'translateY', 'rotate', 'shearX', 'shearY'].map((k) => range(config, k));
    const keepRatio = bool(config, 'keepRatio');
    const { interpolation, border, fill } = warpRecord(config);
    return times(n, () => {
      const scaleX = draw(rng, scale);
      const scaleY = draw(rng, scale);
      return {
        scaleX,
        scaleY: keepRatio ? scaleX : scaleY,
        translateX: draw(rng, tx),
        translateY: draw(rng, ty),
        angle: draw(rng, rot),
        shearX: draw(rng, shx),
        shearY: draw(rng, shy),
        interpolation,
        border,
        fill,
      };
    });
  },
  matrix: (p, { width, height }) =>
    about(
      width / 2,
      height / 2,
      chain(scale(p.scaleX, p.scaleY), rotate(p.angle), shear(p.shearX, p.shearY), translate(p.translateX * width, p.translateY * height)),
    ),
  warpSettings: warpSettingsOf,
};

export interface PerspectiveParams extends WarpRecord {
  /**
   * Inward offsets of the corners [tl.x, tl.y, tr.x, tr.y, br.x, br.y, bl.x, bl.y] as fractions of
   * the side: the quadrilateral they outline is stretched to fill the frame.
   */
  corners: number[];
}

export const Perspective: MatrixTransform<PerspectiveParams> = {
  name: 'Perspective',
  label: 'Perspective',
  description: 'Moves each corner inward by |N(0, scale)| (mod 0.32) of the side and stretches that quadrilateral to the frame, as Albumentations Perspective with keep_size.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {
    scale: { kind: 'range', label: 'Strength', default: [0.05, 0.1], min: 0, max: 0.3, step: 0.01, help: 'Standard deviation of the corner offsets, as a fraction of the side.' },
    ...WARP_SCHEMA,
  },
  sample: (rng, n, config) =>
    times(n, () => {
      const sigma = rng.uniform(...range(config, 'scale'));
      const corners = times(8, () => r6(Math.abs(rng.normal(0, sigma)) % 0.32));
      return { corners, ...warpRecord(config) };
    }),
  matrix: (p, { width: W, height: H }) => {
    const c = p.corners;
    const src: Array<[number, number]> = [
      [c[0] * W, c[1] * H],
      [(1 - c[2]) * W, c[3] * H],
      [(1 - c[4]) * W, (1 - c[5]) * H],
      [c[6] * W, (1 - c[7]) * H],
    ];
    return homography(src, [[0, 0], [W, 0], [W, H], [0, H]]);
  },
  warpSettings: warpSettingsOf,
};
