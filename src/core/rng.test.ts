import { describe, expect, it } from 'vitest';
import { CounterRng, hashKey } from './rng';

describe('CounterRng', () => {
  it('is a pure function of its key: the same key gives the same stream', () => {
    const a = new CounterRng(42, 'img-7', 0);
    const b = new CounterRng(42, 'img-7', 0);
    const xs = Array.from({ length: 50 }, () => a.next());
    const ys = Array.from({ length: 50 }, () => b.next());
    expect(xs).toEqual(ys);
  });

  it('differs when any key part differs', () => {
    const base = new CounterRng(42, 'img-7', 0).next();
    expect(new CounterRng(43, 'img-7', 0).next()).not.toBe(base);
    expect(new CounterRng(42, 'img-8', 0).next()).not.toBe(base);
    expect(new CounterRng(42, 'img-7', 1).next()).not.toBe(base);
    expect(hashKey(1, 2)).not.toBe(hashKey(2, 1));
  });

  it('is uniform: mean, variance and decile counts over 100,000 draws', () => {
    const rng = new CounterRng(1);
    const n = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
      sumSq += x * x;
      bins[Math.floor(x * 10)]++;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
    // chi-square with 9 dof: 99.9% quantile is 27.9
    const chi = bins.reduce((acc, c) => acc + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });

  it('draws normals with the asked mean and std', () => {
    const rng = new CounterRng(9);
    const xs = Array.from({ length: 50_000 }, () => rng.normal(2, 3));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(std).toBeCloseTo(3, 1);
  });

  it('int covers the inclusive range and nothing outside it', () => {
    const rng = new CounterRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('shuffle is a permutation', () => {
    const rng = new CounterRng(3);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const out = rng.shuffle(items);
    expect(out).not.toEqual(items);
    expect([...out].sort((a, b) => a - b)).toEqual(items);
  });
});
