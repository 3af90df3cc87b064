import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toSamplingTransform, translate } from './matrix';
import { expectClose, flat, makeBatch, noiseBatch, useCpu } from './test-helpers';
import type { BorderMode } from './types';
import { remap, warpBatch, type WarpPath } from './warp';

beforeAll(useCpu);

const PATHS = ['js', 'gather'] as const;

/** A 1x4 row [a b c d] = [0.1 0.2 0.3 0.4] shifted right by `by` pixels. */
function shiftRow(border: BorderMode, path: WarpPath, interpolation: 'nearest' | 'bilinear' = 'nearest', by = 2): number[] {
  const row = tf.tensor4d([0.1, 0.2, 0.3, 0.4], [1, 1, 4, 1]);
  const out = warpBatch(row, [toSamplingTransform(translate(by, 0))], { interpolation, border, fill: 0.9 }, { force: path });
  row.dispose();
  return flat(out);
}

describe.each(PATHS)('warp border modes (%s path)', (path) => {
  it('constant fills with the fill value', () => expectClose(shiftRow('constant', path), [0.9, 0.9, 0.1, 0.2]));
  it('edge repeats the border pixel', () => expectClose(shiftRow('edge', path), [0.1, 0.1, 0.1, 0.2]));
  it('reflect mirrors including the edge pixel (ba|abcd)', () => expectClose(shiftRow('reflect', path), [0.2, 0.1, 0.1, 0.2]));
  it('reflect101 mirrors without repeating it (cb|abcd)', () => expectClose(shiftRow('reflect101', path), [0.3, 0.2, 0.1, 0.2]));
  it('wrap tiles the image (cd|abcd)', () => expectClose(shiftRow('wrap', path), [0.3, 0.4, 0.1, 0.2]));
  it('mirrors and tiles far outside the image too', () => {
    // Shift by 6: positions -6..-3. reflect: -6→2? period 8: -6≡2 → c; -5≡3 → d; -4≡4 → 7-4=3 → d; -3≡5 → 2 → c.
    expectClose(shiftRow('reflect', path, 'nearest', 6), [0.3, 0.4, 0.4, 0.3]);
    // reflect101 period 6: -6≡0 → a; -5≡1 → b; -4≡2 → c; -3≡3 → 6-3=3 → d.
    expectClose(shiftRow('reflect101', path, 'nearest', 6), [0.1, 0.2, 0.3, 0.4]);
    expectClose(shiftRow('wrap', path, 'nearest', 6), [0.3, 0.4, 0.1, 0.2]);
  });
  it('bilinear at whole-pixel shifts equals nearest', () => {
    for (const b of ['constant', 'edge', 'reflect', 'reflect101', 'wrap'] as const) expectClose(shiftRow(b, path, 'bilinear'), shiftRow(b, path));
  });

  it('bilinear interpolates between neighbours, with the border mode beyond the edge', () => {
    // Half-pixel shift right: output x reads input x - 0.5.
    const row = tf.tensor4d([0.1, 0.2, 0.3, 0.4], [1, 1, 4, 1]);
    const half = [toSamplingTransform(translate(0.5, 0))];
    const run = (border: BorderMode) => flat(warpBatch(row, half, { interpolation: 'bilinear', border, fill: 0 }, { force: path }));
    expectClose(run('constant'), [0.05, 0.15, 0.25, 0.35]);
    expectClose(run('reflect101'), [0.15, 0.15, 0.25, 0.35]);
    expectClose(run('wrap'), [0.25, 0.15, 0.25, 0.35]);
    row.dispose();
  });

  it('warps every image of a batch with its own map', () => {
    const x = makeBatch(3, 4, 5, 2, (i, r, c, ch) => i * 100 + r * 10 + c + ch / 10);
    const maps = [translate(1, 0), translate(0, 1), translate(-1, -1)].map(toSamplingTransform);
    const out = tf.tidy(() => warpBatch(x, maps, { interpolation: 'bilinear', border: 'constant', fill: -1 }, { force: path }).arraySync());
    // Image 0 moved right by 1: column 0 is fill, column c reads c - 1.
    expect(out[0][2][0][1]).toBe(-1);
    expect(out[0][2][3][1]).toBeCloseTo(0 * 100 + 2 * 10 + 2 + 0.1, 4);
    // Image 1 moved down by 1.
    expect(out[1][0][0][0]).toBe(-1);
    expect(out[1][3][4][0]).toBeCloseTo(100 + 2 * 10 + 4, 4);
    // Image 2 moved up-left by 1.
    expect(out[2][3][4][0]).toBe(-1);
    expect(out[2][0][0][0]).toBeCloseTo(200 + 10 + 1, 4);
    x.dispose();
  });
});

describe('warp implementations agree', () => {
  it('the JS kernel and the gather path agree on projective maps, every border, both interpolations', () => {
    const x = noiseBatch(3, 9, 11, 3);
    // (No map samples exactly half-way between pixels: float32 and float64 break such ties differently.)
    const maps = [
      [0.9, 0.2, 0.7, -0.15, 1.05, -0.4, 0.01, -0.02],
      [1.3137, -0.4129, -6.1311, 0.3513, 0.8271, 2.2693, 0, 0],
      [-1, 0, 10.31, 0, 1, -12.73, 0, 0],
    ];
    for (const border of ['constant', 'edge', 'reflect', 'reflect101', 'wrap'] as const)
      for (const interpolation of ['bilinear', 'nearest'] as const) {
        const s = { interpolation, border, fill: 0.3 };
        expectClose(flat(warpBatch(x, maps, s, { force: 'js' })), flat(warpBatch(x, maps, s, { force: 'gather' })), 1e-5);
      }
    x.dispose();
  });

  it('tf.image.transform (the GPU backends\' path) agrees with ours for a single image on CPU', () => {
    // tfjs's CPU Transform kernel is only correct for batch size 1, which is enough to compare.
    const x = noiseBatch(1, 6, 7, 3);
    const m = [[0.9, 0.2, 0.7, -0.15, 1.05, -0.4, 0.01, -0.02]];
    for (const border of ['constant', 'reflect', 'edge'] as const) {
      const ours = flat(warpBatch(x, m, { interpolation: 'bilinear', border, fill: 0.3 }, { force: 'js' }));
      const native = flat(warpBatch(x, m, { interpolation: 'bilinear', border, fill: 0.3 }, { force: 'native' }));
      expectClose(ours, native, 1e-5);
    }
    x.dispose();
  });

  it("documents tfjs's CPU Transform bug: only the first image of a batch is warped", () => {
    const x = tf.ones([2, 2, 2, 1]) as tf.Tensor4D;
    const identity = [[1, 0, 0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0]];
    expect(flat(tf.image.transform(x, tf.tensor2d(identity)))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(flat(warpBatch(x, identity, { interpolation: 'bilinear', border: 'constant', fill: 0 }))).toEqual(new Array(8).fill(1));
    x.dispose();
  });

  it('remap samples arbitrary per-pixel positions', () => {
    const x = makeBatch(1, 2, 2, 1, (_i, r, c) => r * 2 + c); // [[0,1],[2,3]]
    const sx = tf.tensor3d([[[0.5, 1], [0, 0]]]);
    const sy = tf.tensor3d([[[0, 0.5], [1, 0.5]]]);
    const out = flat(remap(x, sx, sy, { interpolation: 'bilinear', border: 'edge', fill: 0 }));
    expectClose(out, [0.5, 2, 2, 1]);
    tf.dispose([x, sx, sy]);
  });
});
