import { describe, expect, it } from 'vitest';
import { formatP, meanStd, pairedTTest, verdict } from './significance';

describe('mean ± std', () => {
  it('uses the sample standard deviation', () => {
    const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    // Sum of squares 32 over n - 1 = 7 (the population std would be 2).
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanStd([0.7]).std).toBeNull();
    expect(meanStd([]).mean).toBeNaN();
  });
});

describe('paired t-test', () => {
  it('matches a hand computation (3 seeds)', () => {
    // d = [0.05, 0.06, 0.055]: mean 0.055, sd 0.005, se 0.005/√3, t = 0.055/se, df 2.
    const r = pairedTTest([0.7, 0.72, 0.71], [0.75, 0.78, 0.765]);
    const t = 0.055 / (0.005 / Math.sqrt(3));
    expect(r.k).toBe(3);
    expect(r.df).toBe(2);
    expect(r.meanDifference).toBeCloseTo(0.055, 12);
    expect(r.sdDifference).toBeCloseTo(0.005, 12);
    expect(r.t).toBeCloseTo(t, 8);
    // df = 2 closed form: p = 1 - t / sqrt(2 + t²).
    expect(r.p).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 10);
    // 95% CI: mean ± 4.302653 * se (t table, df 2).
    const half = 4.302652729911275 * (0.005 / Math.sqrt(3));
    expect(r.ci95![0]).toBeCloseTo(0.055 - half, 8);
    expect(r.ci95![1]).toBeCloseTo(0.055 + half, 8);
  });

  it('is two-sided and symmetric in direction', () => {
    const up = pairedTTest([0.7, 0.72, 0.74], [0.72, 0.71, 0.76]);
    const down = pairedTTest([0.72, 0.71, 0.76], [0.7, 0.72, 0.74]);
    // d = [0.02, -0.01, 0.02]: mean 0.01, sd √0.0003, se 0.01, t = 1; df 2: p = 1 - 1/√3.
    expect(up.t).toBeCloseTo(1, 10);
    expect(up.p).toBeCloseTo(1 - 1 / Math.sqrt(3), 10);
    expect(down.t).toBeCloseTo(-1, 10);
    expect(down.p).toBeCloseTo(up.p!, 12);
  });

  it('k = 2 uses 1 degree of freedom (the Cauchy distribution)', () => {
    const r = pairedTTest([0.7, 0.72], [0.8, 0.83]);
    // d = [0.10, 0.11]: mean 0.105, sd 0.01/√2, se 0.005, t = 21; p = 1 - (2/π) atan(21).
    expect(r.t).toBeCloseTo(21, 8);
    expect(r.p).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(21), 10);
  });

  it('handles identical differences and too few seeds', () => {
    expect(pairedTTest([0.5, 0.6, 0.7], [0.5, 0.6, 0.7]).p).toBe(1);
    const same = pairedTTest([0.5, 0.5, 0.5], [0.9, 0.9, 0.9]);
    expect(same.p).toBe(0);
    expect(same.t).toBe(Infinity);
    const one = pairedTTest([0.5], [0.9]);
    expect(one.p).toBeNull();
    expect(one.meanDifference).toBeCloseTo(0.4, 12);
    expect(() => pairedTTest([0.5], [0.9, 0.8])).toThrow(/paired test/);
  });
});

describe('verdict', () => {
  it('formats p-values', () => {
    expect(formatP(0.0123)).toBe('= 0.012');
    expect(formatP(0.4)).toBe('= 0.4');
    expect(formatP(0.01)).toBe('= 0.01');
    expect(formatP(0.00031)).toBe('< 0.001');
    expect(formatP(1)).toBe('= 1');
  });

  it('says when augmentation raised accuracy, with mean ± std, seeds, images and p', () => {
    const v = verdict('augmented', [0.7, 0.72, 0.71], [0.75, 0.78, 0.765], { trainingImages: 500 });
    expect(v.kind).toBe('raised');
    // p = 1 - t/√(2 + t²) with t = 19.05 -> 0.0027
    expect(v.text).toBe('Augmentation raised accuracy from 71.0% ± 1.0 to 76.5% ± 1.5 (3 seeds, 500 training images; paired t-test p = 0.0027).');
    expect(v.caveat).toBeUndefined();
  });

  it('says when it lowered accuracy', () => {
    const v = verdict('augmented', [0.75, 0.78, 0.765], [0.7, 0.72, 0.71], { trainingImages: 500 });
    expect(v.kind).toBe('lowered');
    expect(v.text).toBe('Augmentation lowered accuracy from 76.5% ± 1.5 to 71.0% ± 1.0 (3 seeds, 500 training images; paired t-test p = 0.0027).');
  });

  it('says "no significant difference" with the p-value', () => {
    const v = verdict('synthetic', [0.7, 0.72, 0.74], [0.72, 0.71, 0.76], { trainingImages: 120 });
    expect(v.kind).toBe('no-difference');
    expect(v.text).toBe(
      'No significant difference (p = 0.42): 72.0% ± 2.0 without synthetic data, 73.0% ± 2.6 with synthetic data (3 seeds, 120 real training images).',
    );
  });

  it('respects the significance level', () => {
    // p = 0.0027: significant at 0.05 and at 0.01, not at 0.001.
    expect(verdict('augmented', [0.7, 0.72, 0.71], [0.75, 0.78, 0.765], { trainingImages: 500, alpha: 0.001 }).kind).toBe('no-difference');
  });

  it('with 1 seed: too few to tell', () => {
    const v = verdict('augmented', [0.712], [0.765], { trainingImages: 500 });
    expect(v.kind).toBe('too-few-seeds');
    expect(v.text).toBe(
      'k = 1 seed is too few to tell: 71.2% without augmentation, 76.5% with augmentation (500 training images). Run at least 2 seeds per arm, better 3 or more.',
    );
  });

  it('with 2 seeds: a verdict with a caveat', () => {
    const v = verdict('both', [0.7, 0.72], [0.8, 0.83], { trainingImages: 100 });
    expect(v.kind).toBe('raised'); // p = 0.030
    expect(v.caveat).toMatch(/1 degree of freedom/);
    expect(v.text).toBe(
      'Augmentation plus synthetic data raised accuracy from 71.0% ± 1.4 to 81.5% ± 2.1 (2 seeds, 100 real training images; paired t-test p = 0.03). ' +
        'Only 2 seeds: the test has 1 degree of freedom and little power, so read this as a hint; 3 or more seeds are better.',
    );
  });
});
