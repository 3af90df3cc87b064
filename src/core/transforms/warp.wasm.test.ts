/**
 * The WASM backend (what the app uses without a real GPU) warps with our JS kernel; this checks
 * it, and tfjs's own Transform kernel where we could use it, against the gather path.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { about, chain, rotate, scale, toSamplingTransform, translate } from './matrix';
import { expectClose, flat, noiseBatch } from './test-helpers';
import { warpBatch, warpPath } from './warp';
import { WARP_KERNEL } from './warp-kernel';
import { execute } from '../pipeline/execute';
import type { SamplePlan } from '../pipeline/types';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('warp on the WASM backend', () => {
  it('runs our JS kernel for every border mode', () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const b of ['constant', 'edge', 'reflect', 'reflect101', 'wrap'] as const) expect(warpPath(b)).toBe('js');
  });

  it("documents why not tfjs's Transform: its 'reflect' sends negative coordinates to the far edge", () => {
    // Rows [0, 1, 2, 3]; shifting down by 0.3 reads row -0.3, whose nearest row mirrors to row 0.
    const x = tf.tensor4d([0, 1, 2, 3], [1, 4, 1, 1]);
    const settings = { interpolation: 'nearest', border: 'reflect', fill: 0 } as const;
    const shift = [[1, 0, 0, 0, 1, -0.3, 0, 0]];
    expect(flat(warpBatch(x, shift, settings))).toEqual([0, 1, 2, 3]);
    expect(flat(warpBatch(x, shift, settings, { force: 'native' }))[0]).toBe(3); // if tfjs fixes this, 'native' could serve reflect here
    x.dispose();
  });

  it('all three implementations agree on a batch with different maps per image', () => {
    const x = noiseBatch(4, 9, 11, 3);
    const maps = [
      about(5.5, 4.5, rotate(37)),
      chain(scale(1.3), translate(-2.5, 1.25)),
      [1, 0.2, 0.013, 0.1, 1, 0.021, 0.004, -0.003, 1] as never,
      translate(-20.1, 0.3),
    ].map((m) => toSamplingTransform(m));
    // (No map samples exactly half-way between pixels: implementations break such ties differently.)
    for (const border of ['constant', 'edge', 'reflect', 'reflect101', 'wrap'] as const) {
      for (const interpolation of ['bilinear', 'nearest'] as const) {
        const settings = { interpolation, border, fill: 0.25 };
        const eps = interpolation === 'nearest' ? 1e-6 : 2e-5;
        const gather = flat(warpBatch(x, maps, settings, { force: 'gather' }));
        expectClose(flat(warpBatch(x, maps, settings)), gather, eps);
        if (border === 'constant' || border === 'edge') expectClose(flat(warpBatch(x, maps, settings, { force: 'native' })), gather, eps);
      }
    }
    x.dispose();
  });

  it('execute resamples a batch once, composing each sample\'s geometric steps (one Transform kernel)', async () => {
    const x = noiseBatch(3, 8, 8, 3);
    const warp = { interpolation: 'bilinear', border: 'constant', fill: 0 };
    const affine = { scaleX: 1.1, scaleY: 1.1, translateX: 0.05, translateY: 0, angle: 10, shearX: 0, shearY: 0, ...warp };
    const plans = [0, 1, 2].map((i) => ({
      sampleId: `s${i}`,
      seed: 0,
      variant: 0,
      warpAt: 0,
      steps: [
        { at: 0, node: 'f', name: 'HorizontalFlip', params: {} },
        { at: 1, node: 'r', name: 'Rotate', params: { angle: 5 * i, ...warp } },
        { at: 2, node: 'b', name: 'Brightness', params: { beta: 0.1 } },
        { at: 3, node: 'a', name: 'Affine', params: affine },
      ],
    })) as unknown as SamplePlan[];
    const profile = await tf.profile(() => execute(x, plans).images);
    expect(profile.kernels.filter((k) => k.name === WARP_KERNEL)).toHaveLength(1);
    tf.dispose(profile.result);
    x.dispose();
  });
});

