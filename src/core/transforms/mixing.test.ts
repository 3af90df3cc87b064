import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../pipeline/execute';
import { partnersNeeded } from '../pipeline/plan';
import type { SamplePlan } from '../pipeline/types';
import { CounterRng } from '../rng';
import { sampleBeta } from './mixing';
import { expectClose, flat, makeBatch, take, useCpu } from './test-helpers';

beforeAll(useCpu);

const plan = (sampleId: string, name: string, params: object | null): SamplePlan => ({
  sampleId,
  seed: 0,
  variant: 0,
  warpAt: -1,
  steps: params ? [{ at: 0, node: 'm', name, params: params as never }] : [],
});

/** Image i filled with i + 1 / 10, so every source is recognisable. */
const constants = (n: number, h = 4, w = 4) => makeBatch(n, h, w, 1, (i) => (i + 1) / 10);

describe('MixUp', () => {
  it('blends with the partner’s source image and records the label shares', () => {
    const x = constants(3);
    const plans = [plan('a', 'MixUp', { partner: 'c', lambda: 0.3 }), plan('b', null as never, null), plan('c', 'MixUp', { partner: 'a', lambda: 0.8 })];
    const { images, sources } = execute(x, plans);
    const out = flat(images);
    expectClose(out.slice(0, 16), new Array(16).fill(0.3 * 0.1 + 0.7 * 0.3));
    expectClose(out.slice(16, 32), new Array(16).fill(0.2));
    // c mixes with a's *source* (0.1), not with a's mixed output.
    expectClose(out.slice(32), new Array(16).fill(0.8 * 0.3 + 0.2 * 0.1));
    expect(sources[0]).toEqual([{ id: 'a', weight: 0.3 }, { id: 'c', weight: 0.7 }]);
    expect(sources[1]).toEqual([{ id: 'b', weight: 1 }]);
    expect(sources[2][1].id).toBe('a');
    expect(sources[2][1].weight).toBeCloseTo(0.2, 12);
    x.dispose();
  });

  it('reads partners outside the batch from options.partners, and says which it needs', () => {
    const x = constants(1);
    const plans = [plan('a', 'MixUp', { partner: 'z', lambda: 0.5 })];
    expect(partnersNeeded(plans)).toEqual(['z']);
    expect(() => execute(x, plans)).toThrow(/needs the source image of "z"/);
    const z = makeBatch(1, 4, 4, 1, () => 0.9);
    const { images } = execute(x, plans, { partners: { ids: ['z'], images: z } });
    expectClose(flat(images), new Array(16).fill(0.5));
    tf.dispose([x, z]);
  });

  it('draws lambda from Beta(alpha, alpha): mean 1/2, variance 1/(4(2α+1))', () => {
    const rng = new CounterRng(9);
    const a = 0.4;
    const xs = Array.from({ length: 20000 }, () => sampleBeta(rng, a, a));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 1.5);
    expect(variance).toBeCloseTo(1 / (4 * (2 * a + 1)), 2);
  });
});

describe('CutMix', () => {
  it('pastes exactly the planned box from the partner and mixes labels by its area', () => {
    const x = constants(2, 8, 8);
    const { images, sources } = execute(x, [plan('a', 'CutMix', { partner: 'b', box: [0.25, 0, 0.75, 0.5] }), plan('b', 'CutMix', { partner: 'a', box: [0, 0, 0, 0] })]);
    const out = take(images) as number[][][][];
    for (let r = 0; r < 8; r++)
      for (let c = 0; c < 8; c++) {
        expect(out[0][r][c][0]).toBeCloseTo(r < 4 && c >= 2 && c < 6 ? 0.2 : 0.1, 6);
        expect(out[1][r][c][0]).toBeCloseTo(0.2, 6);
      }
    expect(sources[0]).toEqual([{ id: 'a', weight: 0.75 }, { id: 'b', weight: 0.25 }]);
    expect(sources[1]).toEqual([{ id: 'b', weight: 1 }, { id: 'a', weight: 0 }]);
    x.dispose();
  });
});

describe('Mosaic', () => {
  it('tiles four images around the centre, each scaled to cover its quadrant', () => {
    // 8x8 images with a horizontal ramp per image; centre (0.5, 0.5): each image at half size.
    const x = makeBatch(4, 8, 8, 1, (i, r, c) => i + (r * 8 + c) / 100);
    const { images, sources } = execute(x, [plan('a', 'Mosaic', { partners: ['b', 'c', 'd'], cx: 0.5, cy: 0.5 }), plan('b', null as never, null), plan('c', null as never, null), plan('d', null as never, null)]);
    const src = x.arraySync();
    const out = take(images)[0] as number[][][];
    // Output pixel (r, c) of a quadrant averages the 2x2 source block it covers.
    const avg = (i: number, r: number, c: number) => (src[i][2 * r][2 * c][0] + src[i][2 * r][2 * c + 1][0] + src[i][2 * r + 1][2 * c][0] + src[i][2 * r + 1][2 * c + 1][0]) / 4;
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 4; c++) {
        expect(out[r][c][0]).toBeCloseTo(avg(0, r, c), 5);
        expect(out[r][c + 4][0]).toBeCloseTo(avg(1, r, c), 5);
        expect(out[r + 4][c][0]).toBeCloseTo(avg(2, r, c), 5);
        expect(out[r + 4][c + 4][0]).toBeCloseTo(avg(3, r, c), 5);
      }
    expect(sources[0]).toEqual(['a', 'b', 'c', 'd'].map((id) => ({ id, weight: 0.25 })));
    x.dispose();
  });

  it('off-centre: shares follow the quadrant areas and every quadrant is covered', () => {
    const x = makeBatch(4, 10, 10, 1, (i) => (i + 1) / 10);
    const { images, sources } = execute(x, [plan('a', 'Mosaic', { partners: ['b', 'c', 'd'], cx: 0.3, cy: 0.6 }), plan('b', null as never, null), plan('c', null as never, null), plan('d', null as never, null)]);
    const out = take(images)[0] as number[][][];
    for (let r = 0; r < 10; r++)
      for (let c = 0; c < 10; c++) expect(out[r][c][0]).toBeCloseTo((r < 6 ? (c < 3 ? 1 : 2) : c < 3 ? 3 : 4) / 10, 5);
    expect(sources[0].map((s) => s.weight)).toEqual([0.18, 0.42, 0.12, 0.28]);
    x.dispose();
  });
});
