import { describe, expect, it } from 'vitest';
import { matchesFilter, summarise } from './summary';
import type { ImageRecord } from './types';

const rec = (o: Partial<ImageRecord>): ImageRecord => ({
  id: 'x', datasetId: 'd', label: 'a', split: null, kind: 'original', chunk: 0, slot: 0, sourceName: 's', sourceId: 'src',
  width: 10, height: 10, channels: 3, bytes: 100, mime: 'image/png', hash: 'h', ...o,
});

describe('summarise', () => {
  const records = [
    rec({ label: 'cat', split: 'train', width: 10, height: 40 }),
    rec({ label: 'cat', split: 'test', width: 30, height: 20, channels: 1, mime: 'image/jpeg', bytes: 50 }),
    rec({ label: 'dog', split: 'train', width: 20, height: 30 }),
    rec({ label: 'dog', kind: 'augmented', width: 999 }),
  ];
  const s = summarise(records, ['cat', 'dog', 'bird']);

  it('counts classes, keeping declared empty classes in order', () => {
    expect(s.classes.map((c) => [c.label, c.count])).toEqual([['cat', 2], ['dog', 2], ['bird', 0]]);
    expect(s.classes[0].bySplit).toEqual({ train: 1, val: 0, test: 1, none: 0 });
    expect(s.classes[1].byKind).toEqual({ original: 1, augmented: 1, synthetic: 0 });
  });

  it('computes size, channel and type statistics over originals only', () => {
    expect(s.width).toEqual({ min: 10, median: 20, max: 30 });
    expect(s.height).toEqual({ min: 20, median: 30, max: 40 });
    expect(s.channels).toEqual({ 1: 1, 3: 2 });
    expect(s.mimes).toEqual({ 'image/png': 2, 'image/jpeg': 1 });
    expect(s.originalBytes).toBe(250);
  });

  it('filters by class, split and kind', () => {
    expect(records.filter((r) => matchesFilter(r, { label: 'cat' })).length).toBe(2);
    expect(records.filter((r) => matchesFilter(r, { split: 'none' })).length).toBe(1);
    expect(records.filter((r) => matchesFilter(r, { kind: 'augmented', label: 'dog' })).length).toBe(1);
  });
});
