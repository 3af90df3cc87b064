import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_OPTIONS } from './options';
import { planExport } from './plan-export';
import { inStorageOrder } from './storage-order';
import { augmentedOf, dataset, record } from './test-fixtures';

describe('inStorageOrder', () => {
  // Classes interleaved in storage: the plan's class-major order jumps between chunks.
  const originals = Array.from({ length: 8 }, (_, i) =>
    record({ id: `o${i}`, label: i % 2 ? 'cat' : 'dog', split: i < 6 ? 'train' : 'val', chunk: i % 4 === 3 ? 1 : 0, slot: 10 - i }),
  );
  const augmented = augmentedOf(originals.slice(0, 2), 2).map((r) => ({ ...r, chunk: 9, slot: 0 }));
  const records = [...originals, ...augmented];
  const plan = planExport(records, { ...DEFAULT_EXPORT_OPTIONS, split: { ...DEFAULT_EXPORT_OPTIONS.split, mode: 'keep' } }, {
    dataset: dataset(['cat', 'dog']),
    toolVersion: '0',
    createdAt: 0,
  });
  const ordered = inStorageOrder(plan, new Map(records.map((r) => [r.id, r])));

  it('keeps every entry once, non-image entries first and in their order', () => {
    expect([...ordered.entries].map((e) => e.path).sort()).toEqual([...plan.entries].map((e) => e.path).sort());
    const firstImage = ordered.entries.findIndex((e) => e.type === 'image');
    expect(ordered.entries.slice(0, firstImage)).toEqual(plan.entries.filter((e) => e.type !== 'image'));
    expect(ordered.rows).toBe(plan.rows);
  });

  it('puts images in (chunk, slot) order, augmented ones right after their source', () => {
    const ids = ordered.entries.flatMap((e) => (e.type === 'image' ? [e.record.id] : []));
    // chunk 0: o6 (slot 4), o5 (5), o4 (6), o2 (8), o1 (9) + its variants, o0 (10) + its variants; chunk 1: o7 (3), o3 (7).
    expect(ids).toEqual(['o6', 'o5', 'o4', 'o2', 'o1', 'o1~aug0', 'o1~aug1', 'o0', 'o0~aug0', 'o0~aug1', 'o7', 'o3']);
  });
});
