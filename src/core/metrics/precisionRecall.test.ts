import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureSet } from './features';
import { closestPairs, nearestRealImages } from './memorisation';
import { precisionRecall } from './precisionRecall';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function set(points: number[][]): FeatureSet {
  return { count: points.length, dim: points[0].length, values: Float32Array.from(points.flat()) };
}

/** A 5x5 grid of unit spacing centred at (cx, cy). */
const grid = (cx: number, cy: number) => Array.from({ length: 25 }, (_, i) => [cx + (i % 5) - 2, cy + Math.floor(i / 5) - 2]);

describe('precision and recall (k-NN manifolds)', () => {
  it('a generator covering one of two real modes: precision 1, recall 1/2', async () => {
    const real = set([...grid(0, 0), ...grid(100, 0)]);
    const generated = set(grid(0, 0).map(([x, y]) => [x + 0.1, y - 0.1]));
    const pr = await precisionRecall(real, generated, 3);
    expect(pr.precision).toBe(1);
    expect(pr.recall).toBe(0.5);
  });

  it('generated points off the real manifold lower precision by their share', async () => {
    const real = set(grid(0, 0));
    const generated = set([...grid(0, 0).slice(0, 15), ...grid(50, 50).slice(0, 5)]);
    const pr = await precisionRecall(real, generated, 3);
    expect(pr.precision).toBe(15 / 20);
    // Each far point's 3rd neighbour is within its own 5-point cluster, radius ~1.4: no real point is covered by it.
    expect(pr.recall).toBeGreaterThanOrEqual(15 / 25);
    expect(pr.recall).toBeLessThanOrEqual(1);
  });
});

describe('memorisation check', () => {
  it('finds each generated image\'s nearest real image and the distance', async () => {
    const real = tf.tidy(() => tf.concat([tf.zeros([3, 4, 4, 1]), tf.ones([1, 4, 4, 1]), tf.fill([2, 4, 4, 1], 0.5)]) as tf.Tensor4D);
    // Generated: a near copy of real #3 (all ones), and an image 0.2 per pixel from the 0.5s (#4 is the first of them; 0.3 from the ones).
    const generated = tf.tidy(() => tf.concat([tf.fill([1, 4, 4, 1], 0.99), tf.fill([1, 4, 4, 1], 0.7)]) as tf.Tensor4D);
    // Real images arrive in two batches; indices continue across them.
    const batches = [tf.slice(real, 0, 2) as tf.Tensor4D, tf.slice(real, 2, 4) as tf.Tensor4D];
    const result = await nearestRealImages(generated, batches);
    expect(Array.from(result.index)).toEqual([3, 4]);
    expect(result.distance[0]).toBeCloseTo(Math.sqrt(16 * 0.01 ** 2), 3);
    expect(result.distance[1]).toBeCloseTo(Math.sqrt(16 * 0.2 ** 2), 3);
    expect(result.rms[1]).toBeCloseTo(0.2, 3);
    expect(closestPairs(result, 1)).toEqual([{ generated: 0, real: 3, distance: result.distance[0], rms: result.rms[0] }]);
    tf.dispose([real, generated]);
  });
});
