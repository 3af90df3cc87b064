import { describe, expect, it } from 'vitest';
import { CounterRng } from '../rng';
import { frechetDistance, gaussianStats, type GaussianStats } from './frechetDistance';

function stats(mean: number[], covariance: number[]): GaussianStats {
  return { dim: mean.length, count: 1000, mean: Float64Array.from(mean), covariance: Float64Array.from(covariance) };
}

/** count samples of N(mean, diag(sd^2)). */
function gaussianSample(count: number, mean: number[], sd: number[], seed: number): Float64Array {
  const rng = new CounterRng(seed);
  const d = mean.length;
  const out = new Float64Array(count * d);
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) out[i * d + j] = mean[j] + sd[j] * rng.normal();
  return out;
}

describe('Fréchet distance', () => {
  it('matches the closed form for diagonal covariances: |dmu|^2 + sum (s1 - s2)^2', () => {
    const m1 = [0, 1, -2, 0.5];
    const m2 = [1, 1, 0, 0];
    const sd1 = [1, 2, 0.5, 3];
    const sd2 = [2, 2, 1.5, 0.1];
    const diag = (sd: number[]) => sd.flatMap((s, i) => sd.map((_, j) => (i === j ? s * s : 0)));
    const expected = m1.reduce((s, v, i) => s + (v - m2[i]) ** 2, 0) + sd1.reduce((s, v, i) => s + (v - sd2[i]) ** 2, 0);
    expect(frechetDistance(stats(m1, diag(sd1)), stats(m2, diag(sd2)))).toBeCloseTo(expected, 10);
  });

  it('matches the 2x2 closed form for non-commuting covariances', () => {
    // tr sqrt(S1^1/2 S2 S1^1/2) = sqrt(tr(S1 S2) + 2 sqrt(det(S1 S2))) for 2x2 SPD matrices.
    const s1 = [2, 0.8, 0.8, 1];
    const s2 = [1, -0.5, -0.5, 3];
    const p = [s1[0] * s2[0] + s1[1] * s2[2], s1[0] * s2[1] + s1[1] * s2[3], s1[2] * s2[0] + s1[3] * s2[2], s1[2] * s2[1] + s1[3] * s2[3]];
    const traceRoot = Math.sqrt(p[0] + p[3] + 2 * Math.sqrt(p[0] * p[3] - p[1] * p[2]));
    const expected = 1 ** 2 + 2 ** 2 + (s1[0] + s1[3] + s2[0] + s2[3]) - 2 * traceRoot;
    expect(frechetDistance(stats([0, 0], s1), stats([1, -2], s2))).toBeCloseTo(expected, 10);
  });

  it('is 0 for a set against itself and small for two samples of one Gaussian', () => {
    const a = gaussianSample(4000, [1, 2, 3], [1, 0.5, 2], 1);
    const b = gaussianSample(4000, [1, 2, 3], [1, 0.5, 2], 2);
    const sa = gaussianStats(a, 4000, 3);
    expect(frechetDistance(sa, sa)).toBeLessThan(1e-9);
    // Sampling noise only: each mean and sd estimate is off by ~sd/sqrt(n).
    expect(frechetDistance(sa, gaussianStats(b, 4000, 3))).toBeLessThan(0.02);
    const c = gaussianSample(4000, [1, 2, 4], [1, 0.5, 2], 3);
    expect(frechetDistance(sa, gaussianStats(c, 4000, 3))).toBeCloseTo(1, 1);
  });

  it('gaussianStats computes the unbiased covariance', () => {
    const s = gaussianStats([1, 2, 3, 6, 5, 10], 3, 2); // rows (1,2) (3,6) (5,10)
    expect(Array.from(s.mean)).toEqual([3, 6]);
    expect(Array.from(s.covariance)).toEqual([4, 8, 8, 16]);
  });
});
