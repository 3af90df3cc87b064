import { describe, expect, it } from 'vitest';
import { holdOutSplit, stratifiedSubsample } from './split';

// 3 classes with 10, 5 and 1 images, interleaved.
const labels: number[] = [];
for (let i = 0; i < 10; i++) labels.push(0);
for (let i = 0; i < 5; i++) labels.push(1);
labels.push(2);
const shuffledLabels = labels.map((_, i) => labels[(i * 7) % labels.length]);

const countBy = (idx: number[], ls: number[]) => [0, 1, 2].map((c) => idx.filter((i) => ls[i] === c).length);

describe('hold-out split', () => {
  it('holds out round(fraction × count) of each class, at least 1, and keeps 1-image classes in training', () => {
    const s = holdOutSplit(shuffledLabels, 3, 0.2, 0);
    expect(countBy(s.validation, shuffledLabels)).toEqual([2, 1, 0]);
    expect(countBy(s.train, shuffledLabels)).toEqual([8, 4, 1]);
    // A partition of all indices, sorted.
    expect([...s.train, ...s.validation].sort((a, b) => a - b)).toEqual(shuffledLabels.map((_, i) => i));
    expect(s.validation).toEqual([...s.validation].sort((a, b) => a - b));
    expect(new Set([...s.train, ...s.validation]).size).toBe(labels.length);
  });

  it('is a pure function of the seed', () => {
    expect(holdOutSplit(labels, 3, 0.3, 7)).toEqual(holdOutSplit(labels, 3, 0.3, 7));
    const seeds = new Set([1, 2, 3, 4, 5].map((s) => holdOutSplit(labels, 3, 0.3, s).validation.join(',')));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('never holds out a whole class', () => {
    expect(countBy(holdOutSplit(labels, 3, 0.9, 0).train, labels)).toEqual([1, 1, 1]);
    expect(() => holdOutSplit(labels, 3, 1, 0)).toThrow(/between 0 and 1/);
  });
});

describe('stratified subsample', () => {
  it('takes n per class, all of a short class, and reports it', () => {
    const s = stratifiedSubsample(labels, 3, 3, 1);
    expect(countBy(s.indices, labels)).toEqual([3, 3, 1]);
    expect(s.short).toEqual([{ classId: 2, available: 1 }]);
  });

  it('is nested across n for one seed, and differs between seeds', () => {
    const small = stratifiedSubsample(labels, 3, 2, 4).indices;
    const large = stratifiedSubsample(labels, 3, 4, 4).indices;
    expect(small.every((i) => large.includes(i))).toBe(true);
    const draws = new Set([1, 2, 3, 4, 5, 6].map((s) => stratifiedSubsample(labels, 3, 2, s).indices.join(',')));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('draws every image of a class about equally often over seeds', () => {
    const hits = new Array<number>(10).fill(0);
    for (let s = 0; s < 2000; s++) for (const i of stratifiedSubsample(labels, 3, 5, s).indices) if (i < 10) hits[i]++;
    // Each class-0 image is chosen with probability 5/10: 1000 ± ~3.5 standard deviations (22 each).
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(80);
  });
});
