import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemorySource } from '../models/dataSource';
import { mixSources, realShare } from './mixedSource';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** count images of 2×2×1 whose pixels all equal `value`, labels = label. */
function constant(count: number, value: number, label: number) {
  return new InMemorySource({ pixels: new Float32Array(count * 4).fill(value), shape: [count, 2, 2, 1] }, { labels: new Array(count).fill(label), seed: 1 });
}

describe('real + synthetic batches', () => {
  it('keeps the real part of each batch and adds synthetic images after it', async () => {
    const real = constant(10, 0.25, 0);
    const synthetic = constant(7, 0.75, 1);
    const wrap = (s: InMemorySource) => ({ size: s.size, imageShape: s.imageShape, numClasses: 2, nextBatch: (n: number) => s.nextBatch(n) });
    const mixed = mixSources(wrap(real), wrap(synthetic), 0.5);
    expect(mixed.size).toBe(15); // epochs over the real images
    const before = tf.memory().numTensors;
    const batch = await mixed.nextBatch(6);
    expect(realShare(6, 0.5)).toBe(4);
    expect(Array.from(await batch.labels!.data())).toEqual([0, 0, 0, 0, 1, 1]);
    const head = tf.slice(batch.x, [0, 0, 0, 0], [6, 1, 1, 1]);
    expect(Array.from(await head.data())).toEqual([0.25, 0.25, 0.25, 0.25, 0.75, 0.75]);
    tf.dispose([head, batch.x, batch.labels!]);
    // The parts were disposed after concatenation.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects synthetic images of another shape or class count', () => {
    const real = { size: 4, imageShape: [2, 2, 1] as const, numClasses: 2, nextBatch: () => ({ x: tf.zeros([1, 2, 2, 1]) as tf.Tensor4D }) };
    expect(() => mixSources(real, { ...real, imageShape: [2, 2, 3] }, 1)).toThrow(/2×2×3/);
    expect(() => mixSources(real, { ...real, numClasses: 3 }, 1)).toThrow(/3 classes/);
  });
});
