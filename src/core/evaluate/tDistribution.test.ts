import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, tCdf, tQuantile, tTwoSidedP } from './tDistribution';

/** Closed forms of the t CDF for 1, 2 and 4 degrees of freedom (independent of the beta function). */
const closedForm: Record<number, (t: number) => number> = {
  1: (t) => 0.5 + Math.atan(t) / Math.PI,
  2: (t) => 0.5 + t / (2 * Math.sqrt(2 + t * t)),
  4: (t) => {
    const u = 1 + (t * t) / 4;
    return 0.5 + (3 / 8) * (t / Math.sqrt(u)) * (1 - (t * t) / (12 * u));
  },
};

describe('Student t distribution', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 11);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(1)).toBeCloseTo(0, 13);
  });

  it('the incomplete beta function matches its closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(regularizedIncompleteBeta(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 12);
    }
    expect(regularizedIncompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('the CDF equals the closed forms for 1, 2 and 4 degrees of freedom', () => {
    for (const df of [1, 2, 4]) {
      for (const t of [-30, -4.3, -1, -0.2, 0, 0.2, 1, 2.5, 12.7, 100]) {
        expect(tCdf(t, df)).toBeCloseTo(closedForm[df](t), 11);
      }
    }
  });

  it('two-sided p-values at t-table critical values', () => {
    // Two-sided 0.05 and 0.01 critical values from a standard t table (3 decimals).
    const table: Array<[number, number, number]> = [
      [1, 12.706, 0.05],
      [2, 4.303, 0.05],
      [3, 3.182, 0.05],
      [5, 2.571, 0.05],
      [10, 2.228, 0.05],
      [30, 2.042, 0.05],
      [5, 4.032, 0.01],
      [10, 3.169, 0.01],
      [2, 9.925, 0.01],
    ];
    for (const [df, t, p] of table) {
      expect(tTwoSidedP(t, df)).toBeCloseTo(p, 4);
      expect(tTwoSidedP(-t, df)).toBeCloseTo(p, 4);
      expect(tQuantile(1 - p / 2, df)).toBeCloseTo(t, 2);
      expect(tQuantile(p / 2, df)).toBeCloseTo(-t, 2);
    }
    expect(tTwoSidedP(0, 7)).toBe(1);
    expect(tTwoSidedP(Infinity, 7)).toBe(0);
  });

  it('quantiles invert the CDF and approach the normal for large df', () => {
    for (const df of [1, 2.5, 9, 40]) {
      for (const p of [0.001, 0.1, 0.5, 0.9, 0.975, 0.9995]) {
        expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
      }
    }
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    // df = 1 is the Cauchy distribution: quantile tan(pi (p - 1/2)).
    expect(tQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 9);
  });

  it('rejects bad degrees of freedom', () => {
    expect(() => tCdf(1, 0)).toThrow(/Degrees of freedom/);
    expect(() => tQuantile(1.5, 3)).toThrow(/0 <= p <= 1/);
  });
});
