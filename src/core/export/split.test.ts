import { describe, expect, it } from 'vitest';
import type { ImageRecord, Split } from '../dataset/types';
import { allocateCounts, assignSplits, type SplitOptions } from './split';
import { augmentedOf, originals, record } from './test-fixtures';

const opts = (p: Partial<SplitOptions> = {}): SplitOptions => ({
  mode: 'ratios',
  ratios: { train: 0.7, val: 0.15, test: 0.15 },
  seed: 1,
  derivedInAllSplits: false,
  ...p,
});

function countsBy(records: readonly ImageRecord[], splitOf: ReadonlyMap<string, Split>, label: string): Record<Split, number> {
  const out = { train: 0, val: 0, test: 0 };
  for (const r of records) if (r.label === label && splitOf.has(r.id)) out[splitOf.get(r.id)!]++;
  return out;
}

describe('allocateCounts (largest remainder)', () => {
  it.each([
    [10, [0.8, 0.1, 0.1], [8, 1, 1]],
    [7, [0.7, 0.15, 0.15], [5, 1, 1]], // 4.9/1.05/1.05: floors 4/1/1, the one left goes to the largest remainder (train .9)
    [3, [0.8, 0.1, 0.1], [3, 0, 0]], // 2.4/.3/.3
    [100, [1, 1, 1], [34, 33, 33]], // equal remainders: train first
    [5, [0.5, 0.5, 0], [3, 2, 0]],
    [50, [80, 10, 10], [40, 5, 5]], // percentages normalise
    [0, [0.8, 0.1, 0.1], [0, 0, 0]],
  ])('%i items by %j → %j', (n, [train, val, test], [et, ev, es]) => {
    expect(allocateCounts(n, { train, val, test })).toEqual({ train: et, val: ev, test: es });
  });

  it('rejects ratios that are negative or sum to zero', () => {
    expect(() => allocateCounts(5, { train: -1, val: 1, test: 1 })).toThrow();
    expect(() => allocateCounts(5, { train: 0, val: 0, test: 0 })).toThrow();
    expect(() => allocateCounts(5, { train: NaN, val: 0, test: 1 })).toThrow();
  });
});

describe('assignSplits: stratified and seeded', () => {
  const data = [...originals('cat', 50), ...originals('dog', 30), ...originals('bird', 7)];

  it('gives each class its own exact counts', () => {
    const { splitOf } = assignSplits(data, opts());
    // cat: 35/7.5/7.5 → 35/7/7 + 1 to val (tie with test, val first) ; dog: 21/4.5/4.5 → 21/5/4 ; bird: 4.9/1.05/1.05 → 5/1/1
    expect(countsBy(data, splitOf, 'cat')).toEqual({ train: 35, val: 8, test: 7 });
    expect(countsBy(data, splitOf, 'dog')).toEqual({ train: 21, val: 5, test: 4 });
    expect(countsBy(data, splitOf, 'bird')).toEqual({ train: 5, val: 1, test: 1 });
    expect(splitOf.size).toBe(87);
  });

  it('same seed → same split, whatever the record order; another seed → another split', () => {
    const a = assignSplits(data, opts()).splitOf;
    const reversed = assignSplits([...data].reverse(), opts()).splitOf;
    expect([...reversed.entries()].sort()).toEqual([...a.entries()].sort());
    const b = assignSplits(data, opts({ seed: 2 })).splitOf;
    const moved = data.filter((r) => a.get(r.id) !== b.get(r.id)).length;
    expect(moved).toBeGreaterThan(10);
    // …with the same counts per class
    expect(countsBy(data, b, 'cat')).toEqual({ train: 35, val: 8, test: 7 });
  });

  it('adding an image moves at most two others (each image is keyed on its own)', () => {
    const before = assignSplits(data, opts()).splitOf;
    const after = assignSplits([...data, record({ id: 'cat-new', label: 'cat' })], opts()).splitOf;
    const moved = data.filter((r) => before.get(r.id) !== after.get(r.id)).length;
    expect(moved).toBeLessThanOrEqual(2);
  });

  it('warns when a class is too small for every split', () => {
    const tiny = [...originals('cat', 20), ...originals('rare', 2)];
    const { warnings } = assignSplits(tiny, opts());
    expect(warnings.some((w) => w.includes('“rare”') && w.includes('test'))).toBe(true);
    expect(warnings.some((w) => w.includes('“cat”'))).toBe(false);
  });
});

describe('derived images follow their source', () => {
  const sources = [...originals('cat', 20), ...originals('dog', 20)];
  const aug = augmentedOf(sources, 2);

  it('by default only train keeps derived images; the others are excluded, not moved', () => {
    const { splitOf, excluded } = assignSplits([...sources, ...aug], opts());
    const trainSources = sources.filter((s) => splitOf.get(s.id) === 'train');
    for (const a of aug) {
      const src = splitOf.get(a.derivedFrom!)!;
      if (src === 'train') expect(splitOf.get(a.id)).toBe('train');
      else expect(splitOf.has(a.id)).toBe(false);
    }
    expect(excluded.length).toBe((sources.length - trainSources.length) * 2);
    expect(excluded.every((e) => e.reason === 'derived-outside-train')).toBe(true);
  });

  it('with derivedInAllSplits they land in val/test too, with a warning', () => {
    const { splitOf, excluded, warnings } = assignSplits([...sources, ...aug], opts({ derivedInAllSplits: true }));
    for (const a of aug) expect(splitOf.get(a.id)).toBe(splitOf.get(a.derivedFrom!));
    expect(excluded).toEqual([]);
    expect(warnings.some((w) => w.includes('val or test'))).toBe(true);
  });

  it('the derived split is decided by the source even when the derived record carries another split', () => {
    const src = record({ id: 's', split: 'test' });
    const a = record({ id: 'a', kind: 'augmented', derivedFrom: 's', split: 'train' });
    const { splitOf } = assignSplits([src, a], opts({ mode: 'keep', derivedInAllSplits: true }));
    expect(splitOf.get('a')).toBe('test');
  });

  it('synthetic: from noise → train; from a source → its split; augmented of synthetic → train; orphans → train', () => {
    const src = record({ id: 's', split: 'val' });
    const noise = record({ id: 'n', kind: 'synthetic', recipe: { modelId: 'g', checkpointStep: 100, seed: 3, label: 'cat' } });
    const fromSrc = record({ id: 'f', kind: 'synthetic', derivedFrom: 's' });
    const augOfNoise = record({ id: 'an', kind: 'augmented', derivedFrom: 'n' });
    const orphan = record({ id: 'o', kind: 'augmented', derivedFrom: 'gone' });
    const r = assignSplits([src, noise, fromSrc, augOfNoise, orphan], opts({ mode: 'keep', derivedInAllSplits: true }));
    expect(Object.fromEntries(r.splitOf)).toEqual({ s: 'val', n: 'train', f: 'val', an: 'train', o: 'train' });
    expect(r.warnings.some((w) => w.includes('no longer in the workspace'))).toBe(true);
  });
});

describe("mode 'keep'", () => {
  it('keeps given splits and draws only the missing ones, per class, by the ratios', () => {
    const given = [...originals('cat', 5, 'test'), ...originals('dog', 3, 'val')].map((r) => ({ ...r, id: `${r.id}-given` }));
    const missing = [...originals('cat', 10), ...originals('dog', 20)];
    const all = [...given, ...missing];
    const { splitOf, warnings } = assignSplits(all, opts({ mode: 'keep', ratios: { train: 0.8, val: 0.1, test: 0.1 } }));
    for (const g of given) expect(splitOf.get(g.id)).toBe(g.split);
    expect(countsBy(missing, splitOf, 'cat')).toEqual({ train: 8, val: 1, test: 1 });
    expect(countsBy(missing, splitOf, 'dog')).toEqual({ train: 16, val: 2, test: 2 });
    expect(warnings.some((w) => w.startsWith('30 images came without a split'))).toBe(true);
  });
});

describe('duplicates across splits', () => {
  it('reports identical hashes in different splits, not in the same split', () => {
    const recs = [
      record({ id: 'a', split: 'train', hash: 'h1' }),
      record({ id: 'b', split: 'test', hash: 'h1' }),
      record({ id: 'c', split: 'train', hash: 'h2' }),
      record({ id: 'd', split: 'train', hash: 'h2' }),
      record({ id: 'e', split: 'val', hash: 'h3' }),
    ];
    const { duplicates, warnings } = assignSplits(recs, opts({ mode: 'keep' }));
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0].hash).toBe('h1');
    expect(duplicates[0].members.map((m) => [m.id, m.split])).toEqual([
      ['a', 'train'],
      ['b', 'test'],
    ]);
    expect(warnings.some((w) => w.includes('more than one split'))).toBe(true);
  });
});
