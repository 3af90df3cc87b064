import { beforeAll, describe, expect, it } from 'vitest';
import { boxToPixels } from './dropout';
import { flat, makeBatch, runTransform, take, useCpu } from './test-helpers';

beforeAll(useCpu);

const ones = (n: number, h: number, w: number, c: number, v = 1) => makeBatch(n, h, w, c, () => v);

describe('erasing', () => {
  it('boxToPixels rounds edges to pixel boundaries and keeps at least one pixel', () => {
    expect(boxToPixels([0.25, 0.5, 0.75, 1], { height: 8, width: 8 })).toEqual([4, 2, 8, 6]);
    expect(boxToPixels([0.5, 0.5, 0.5, 0.5], { height: 8, width: 8 })).toEqual([4, 4, 5, 5]);
    expect(boxToPixels([0.5, 0.5, 0.5, 0.5], { height: 8, width: 8 }, false)).toEqual([4, 4, 4, 4]);
  });

  it('CoarseDropout sets exactly the planned boxes to the fill value', async () => {
    const x = ones(2, 8, 8, 3);
    const boxes = [[0.25, 0.5, 0.75, 1], [0, 0, 0.125, 0.25]];
    const { images } = await runTransform('CoarseDropout', [{ boxes, fill: 0, seed: 1 }, null], x);
    const out = take(images) as number[][][][];
    for (let r = 0; r < 8; r++)
      for (let c = 0; c < 8; c++) {
        const inside = (r >= 4 && c >= 2 && c < 6) || (r < 2 && c < 1);
        expect(out[0][r][c]).toEqual(inside ? [0, 0, 0] : [1, 1, 1]);
        expect(out[1][r][c]).toEqual([1, 1, 1]);
      }
    x.dispose();
  });

  it('random fill is seeded noise, inside the box only', async () => {
    const run = async (seed: number) => {
      const x = ones(1, 8, 8, 1, 0.5);
      const { images } = await runTransform('RandomErasing', [{ boxes: [[0, 0, 0.5, 0.5]], fill: -1, seed }], x);
      x.dispose();
      return flat(images);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
    const inside = a.filter((_, i) => Math.floor(i / 8) < 4 && i % 8 < 4);
    const outside = a.filter((_, i) => !(Math.floor(i / 8) < 4 && i % 8 < 4));
    expect(outside.every((v) => v === 0.5)).toBe(true);
    expect(new Set(inside).size).toBeGreaterThan(10);
    inside.forEach((v) => expect(v >= 0 && v < 1).toBe(true));
  });
});

describe('noise', () => {
  it('GaussianNoise has the planned standard deviation and mean, and repeats for a seed', async () => {
    const run = async (p: object) => {
      const x = ones(1, 64, 64, 3, 0.5);
      const { images } = await runTransform('GaussianNoise', [p], x);
      x.dispose();
      return flat(images);
    };
    const p = { seed: 11, std: 0.1, mean: 0.05, perChannel: true };
    const a = await run(p);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(0.55, 2);
    expect(sd).toBeGreaterThan(0.095);
    expect(sd).toBeLessThan(0.105);
    expect(await run(p)).toEqual(a);
    expect(await run({ ...p, seed: 12 })).not.toEqual(a);
    const mono = await run({ ...p, perChannel: false });
    for (let i = 0; i < mono.length; i += 3) expect(mono[i + 1]).toBe(mono[i]);
  });

  it('SaltAndPepper turns the planned share of whole pixels white or black', async () => {
    const x = ones(1, 100, 100, 3, 0.5);
    const { images } = await runTransform('SaltAndPepper', [{ seed: 5, amount: 0.2, salt: 0.25 }], x);
    const out = flat(images);
    const px = Array.from({ length: 10000 }, (_, i) => out.slice(i * 3, i * 3 + 3));
    px.forEach((p) => expect(p[0] === p[1] && p[1] === p[2]).toBe(true));
    const white = px.filter((p) => p[0] === 1).length / 10000;
    const black = px.filter((p) => p[0] === 0).length / 10000;
    expect(white).toBeGreaterThan(0.04);
    expect(white).toBeLessThan(0.06);
    expect(black).toBeGreaterThan(0.14);
    expect(black).toBeLessThan(0.16);
    x.dispose();
  });
});

