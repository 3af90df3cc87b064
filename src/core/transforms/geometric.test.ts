import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../pipeline/execute';
import type { SamplePlan } from '../pipeline/types';
import { gridAxisMap } from './distortion';
import { expectClose, makeBatch, noiseBatch, runTransform, take, useCpu } from './test-helpers';

beforeAll(useCpu);

const W = 8;
const H = 6;
/** Value = 10·row + col, so every pixel is recognisable. */
const grid = () => makeBatch(1, H, W, 1, (_i, r, c) => 10 * r + c);
const warp = { interpolation: 'bilinear', border: 'constant', fill: 0 };

async function image(name: string, p: object, x = grid()): Promise<number[][]> {
  const { images } = await runTransform(name, [p], x);
  x.dispose();
  return (take(images) as number[][][][])[0].map((row) => row.map((px) => px[0]));
}

const rows = (f: (r: number, c: number) => number, h = H, w = W) => Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => f(r, c)));

describe('flips and quarter turns', () => {
  it('HorizontalFlip moves pixel (r, c) to (r, W-1-c)', async () => {
    expect(await image('HorizontalFlip', {})).toEqual(rows((r, c) => 10 * r + (W - 1 - c)));
  });

  it('VerticalFlip moves pixel (r, c) to (H-1-r, c)', async () => {
    expect(await image('VerticalFlip', {})).toEqual(rows((r, c) => 10 * (H - 1 - r) + c));
  });

  it('RandomRotate90 turns counter-clockwise like numpy.rot90', async () => {
    const sq = () => makeBatch(1, 5, 5, 1, (_i, r, c) => 10 * r + c);
    // rot90(a)[i][j] = a[j][n-1-i]
    expect(await image('RandomRotate90', { turns: 1 }, sq())).toEqual(rows((i, j) => 10 * j + (4 - i), 5, 5));
    expect(await image('RandomRotate90', { turns: 2 }, sq())).toEqual(rows((i, j) => 10 * (4 - i) + (4 - j), 5, 5));
    expect(await image('RandomRotate90', { turns: 3 }, sq())).toEqual(rows((i, j) => 10 * (4 - j) + i, 5, 5));
    expect(await image('RandomRotate90', { turns: 0 }, sq())).toEqual(rows((i, j) => 10 * i + j, 5, 5));
  });

  it('Rotate by 90° equals a quarter turn', async () => {
    const sq = () => makeBatch(1, 5, 5, 1, (_i, r, c) => 10 * r + c);
    const rotated = await image('Rotate', { angle: 90, ...warp }, sq());
    expectClose(rotated.flat(), rows((i, j) => 10 * j + (4 - i), 5, 5).flat(), 1e-4);
  });
});

describe('affine maps', () => {
  it('a translation of exactly one pixel shifts pixels and fills the gap', async () => {
    const out = await image('Affine', { scaleX: 1, scaleY: 1, translateX: 1 / W, translateY: 0, angle: 0, shearX: 0, shearY: 0, ...warp, fill: 0.5 });
    expect(out).toEqual(rows((r, c) => (c === 0 ? 0.5 : 10 * r + c - 1)));
  });

  it('scaling by 2 about the centre samples between pixels', async () => {
    const ramp = () => makeBatch(1, 1, W, 1, (_i, _r, c) => c);
    const out = (await image('Affine', { scaleX: 2, scaleY: 2, translateX: 0, translateY: 0, angle: 0, shearX: 0, shearY: 0, ...warp, border: 'edge' }, ramp()))[0];
    // Output centre x+0.5 comes from input edge coordinate (x + 0.5 - 4)/2 + 4, index minus 0.5.
    expectClose(out, Array.from({ length: W }, (_, x) => Math.min(W - 1, Math.max(0, (x + 0.5 - 4) / 2 + 4 - 0.5))), 1e-5);
  });

  it('Perspective with no corner offsets is the identity', async () => {
    const out = await image('Perspective', { corners: [0, 0, 0, 0, 0, 0, 0, 0], ...warp });
    expectClose(out.flat(), rows((r, c) => 10 * r + c).flat(), 1e-4);
  });

  it('Perspective maps the marked quadrilateral onto the frame', async () => {
    // Corners pulled in by a quarter on the left only: columns [2, 8] stretch to [0, 8].
    const ramp = () => makeBatch(1, 1, W, 1, (_i, _r, c) => c);
    const out = (await image('Perspective', { corners: [0.25, 0, 0, 0, 0, 0, 0.25, 0], ...warp, border: 'edge' }, ramp()))[0];
    expectClose(out, Array.from({ length: W }, (_, x) => Math.min(W - 1, 2 + ((x + 0.5) * 6) / 8 - 0.5)), 1e-4);
  });
});

describe('crops', () => {
  const ramp = () => makeBatch(1, 1, W, 1, (_i, _r, c) => c);

  it('RandomResizedCrop resizes exactly the planned box to the frame', async () => {
    const out = (await image('RandomResizedCrop', { x: 0.25, y: 0, w: 0.5, h: 1, interpolation: 'bilinear' }, ramp()))[0];
    // Output centre x+0.5 ↔ input edge 2 + (x+0.5)/2.
    expectClose(out, Array.from({ length: W }, (_, x) => 2 + (x + 0.5) / 2 - 0.5), 1e-5);
  });

  it('CenterCrop keeps the middle and zooms it', async () => {
    const out = (await image('CenterCrop', { size: 0.5, interpolation: 'bilinear' }, ramp()))[0];
    expectClose(out, Array.from({ length: W }, (_, x) => 2 + (x + 0.5) / 2 - 0.5), 1e-5);
  });

  it('RandomCrop with padding shifts by whole pixels and fills the padding', async () => {
    // Window starts 1/8 of the side before the image: a 1-pixel shift right.
    const out = await image('RandomCrop', { x: -0.125, y: 0.1, size: 1, ...warp, fill: 0.5 });
    // y = 0.1 of 6 rows rounds to a 1-row shift up.
    expect(out).toEqual(rows((r, c) => (c === 0 || r === H - 1 ? 0.5 : 10 * (r + 1) + c - 1)));
  });
});

describe('displacement fields', () => {
  it('ElasticTransform with alpha 0 is the identity', async () => {
    const out = await image('ElasticTransform', { seed: 7, alpha: 0, sigma: 2, ...warp, border: 'reflect101' });
    expectClose(out.flat(), rows((r, c) => 10 * r + c).flat(), 1e-5);
  });

  it('ElasticTransform displaces by at most alpha pixels, the same way for the same seed', async () => {
    const ramp = () => makeBatch(1, 16, 16, 1, (_i, _r, c) => c);
    const p = { seed: 7, alpha: 3, sigma: 2, ...warp, border: 'edge' };
    const a = (await image('ElasticTransform', p, ramp())).flat();
    const b = (await image('ElasticTransform', p, ramp())).flat();
    const c = (await image('ElasticTransform', { ...p, seed: 8 }, ramp())).flat();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // On a horizontal ramp the value is the sampled x: it moved by at most alpha.
    a.forEach((v, i) => expect(Math.abs(v - (i % 16))).toBeLessThanOrEqual(3 + 1e-4));
    expect(a.some((v, i) => Math.abs(v - (i % 16)) > 0.3)).toBe(true);
  });

  it('gridAxisMap stretches cells by their steps', () => {
    expectClose(Array.from(gridAxisMap([1, 1], 4)), [0, 1, 2, 3]);
    // Cells [0,4] and [4,8] read source spans [0,6] and [6,8].
    const m = Array.from(gridAxisMap([3, 1], 8));
    expectClose(m, Array.from({ length: 8 }, (_, i) => (i + 0.5 < 4 ? ((i + 0.5) * 6) / 4 : 6 + ((i + 0.5 - 4) * 2) / 4) - 0.5));
  });

  it('GridDistortion with unit steps is the identity', async () => {
    const out = await image('GridDistortion', { xsteps: [1, 1, 1], ysteps: [1, 1, 1], ...warp });
    expectClose(out.flat(), rows((r, c) => 10 * r + c).flat(), 1e-5);
  });
});

describe('one warp per sample', () => {
  it('composes every geometric step of a sample into a single resampling', async () => {
    // Flip, then shift right by one pixel: pixel (r, c) ends at (r, W - c), column 0 is fill.
    const x = grid();
    const plan: SamplePlan = {
      sampleId: 'a',
      seed: 0,
      variant: 0,
      warpAt: 0,
      steps: [
        { at: 0, node: 'f', name: 'HorizontalFlip', params: {} },
        { at: 1, node: 'b', name: 'Brightness', params: { beta: 0 } },
        { at: 2, node: 't', name: 'Affine', params: { scaleX: 1, scaleY: 1, translateX: 1 / W, translateY: 0, angle: 0, shearX: 0, shearY: 0, ...warp, fill: 0.25 } },
      ],
    };
    const { images } = execute(x, [plan]);
    const out = (take(images) as number[][][][])[0].map((row) => row.map((px) => px[0]));
    // Brightness +0 after the warp: nothing changes but the clip to [0, 1] of 10r + c values.
    expect(out).toEqual(rows((r, c) => Math.min(1, c === 0 ? 0.25 : 10 * r + (W - c))));
    x.dispose();
  });

  it('warps a batch in one gather pass per settings group, images keep their own maps', async () => {
    const x = noiseBatch(3, H, W, 2);
    const plans: SamplePlan[] = [{}, null, { turns: 2 }].map((p, i) => ({
      sampleId: `s${i}`,
      seed: 0,
      variant: 0,
      warpAt: 0,
      steps: p === null ? [] : [{ at: 0, node: 'r', name: i === 0 ? 'HorizontalFlip' : 'RandomRotate90', params: p as never }],
    }));
    const { images } = execute(x, plans);
    const src = x.arraySync();
    const out = take(images);
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++)
        for (let ch = 0; ch < 2; ch++) {
          expect(out[0][r][c][ch]).toBeCloseTo(src[0][r][W - 1 - c][ch], 6);
          expect(out[1][r][c][ch]).toBe(src[1][r][c][ch]);
          expect(out[2][r][c][ch]).toBeCloseTo(src[2][H - 1 - r][W - 1 - c][ch], 6);
        }
    x.dispose();
  });
});

