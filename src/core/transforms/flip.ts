/** Exact geometric transforms: mirror images and quarter turns (pixels move, none are blended). */
import { about, rotate } from './matrix';
import { drawInt, times } from './params';
import type { MatrixTransform } from './types';

type NoParams = Record<string, never>;

export const HorizontalFlip: MatrixTransform<NoParams> = {
  name: 'HorizontalFlip',
  label: 'Horizontal flip',
  description: 'Mirrors the image left to right.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  matrix: (_p, { width }) => [-1, 0, width, 0, 1, 0, 0, 0, 1],
  warpSettings: () => null,
};

export const VerticalFlip: MatrixTransform<NoParams> = {
  name: 'VerticalFlip',
  label: 'Vertical flip',
  description: 'Mirrors the image top to bottom.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {},
  sample: (_rng, n) => times(n, () => ({})),
  matrix: (_p, { height }) => [1, 0, 0, 0, -1, height, 0, 0, 1],
  warpSettings: () => null,
};

export interface Rotate90Params {
  /** Number of counter-clockwise quarter turns, 0–3. */
  turns: number;
}

export const RandomRotate90: MatrixTransform<Rotate90Params> = {
  name: 'RandomRotate90',
  label: 'Random 90° rotation',
  description: 'Turns the image by 0, 90, 180 or 270 degrees counter-clockwise (as numpy.rot90). Non-square images turn about their centre inside the same frame.',
  family: 'geometric',
  targets: ['image'],
  kind: 'matrix',
  params: {},
  sample: (rng, n) => times(n, () => ({ turns: drawInt(rng, [0, 3]) })),
  matrix: (p, { width, height }) => about(width / 2, height / 2, rotate(90 * p.turns)),
  warpSettings: () => null,
};
