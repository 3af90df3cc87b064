import { describe, expect, it } from 'vitest';
import { OrderedBatches } from './batcher';

describe('OrderedBatches', () => {
  it('loads each batch once, in order, one batch ahead, and hands every item its own value', async () => {
    const loads: string[][] = [];
    const items = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const b = new OrderedBatches(items, 4, async (keys) => {
      loads.push([...keys]);
      return keys.map((k) => k.toUpperCase());
    });
    expect(await b.take('k0')).toBe('K0');
    // Taking the first of batch 0 started batch 1.
    expect(loads).toEqual([['k0', 'k1', 'k2', 'k3'], ['k4', 'k5', 'k6', 'k7']]);
    const rest = await Promise.all(items.slice(1).map((k) => b.take(k)));
    expect(rest).toEqual(items.slice(1).map((k) => k.toUpperCase()));
    expect(loads).toEqual([['k0', 'k1', 'k2', 'k3'], ['k4', 'k5', 'k6', 'k7'], ['k8', 'k9']]);
    expect(b.batchesHeld).toBe(0);
  });

  it('holds at most two batches while items are taken in order', async () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const b = new OrderedBatches(items, 5, async (keys) => keys.map((k) => k * 2));
    let most = 0;
    for (const k of items) {
      expect(await b.take(k)).toBe(k * 2);
      most = Math.max(most, b.batchesHeld);
    }
    expect(most).toBe(2);
  });

  it('passes a loader error to the items of that batch, and refuses unknown or repeated items', async () => {
    const b = new OrderedBatches(['a', 'b', 'c'], 2, async (keys) => {
      if (keys.includes('c')) throw new Error('disk on fire');
      return keys.map(() => 1);
    });
    expect(await b.take('a')).toBe(1);
    await expect(b.take('c')).rejects.toThrow('disk on fire');
    await expect(b.take('a')).rejects.toThrow(/unknown item/);
    await expect(b.take('zzz')).rejects.toThrow(/unknown item/);
  });
});
