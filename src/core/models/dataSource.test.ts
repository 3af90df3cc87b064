import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemorySource, checkTrainingSet, withTransform } from './dataSource';
import { TrainingError } from './errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 10 one-pixel images whose value is their index (bytes), labels = index % 2. */
const pixels = { pixels: Uint8Array.from({ length: 10 }, (_, i) => i), shape: [10, 1, 1, 1] as [number, number, number, number] };
const labels = Array.from({ length: 10 }, (_, i) => i % 2);

async function ids(source: InMemorySource, n: number): Promise<number[]> {
  const { x, labels: y } = source.nextBatch(n);
  const v = Array.from(await x.data(), (p) => Math.round(p * 255));
  expect(Array.from(await y!.data())).toEqual(v.map((i) => i % 2));
  tf.dispose([x, y!]);
  return v;
}

describe('InMemorySource', () => {
  it('visits every image once per epoch, reshuffled each epoch, bytes scaled to [0, 1]', async () => {
    const source = new InMemorySource(pixels, { labels, numClasses: 2, seed: 1 });
    const first = [...(await ids(source, 4)), ...(await ids(source, 4)), ...(await ids(source, 2))];
    const second = await ids(source, 10);
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
  });

  it('startAt continues the sequence an uninterrupted source would give', async () => {
    const straight = new InMemorySource(pixels, { labels, numClasses: 2, seed: 4 });
    const all = [...(await ids(straight, 7)), ...(await ids(straight, 7)), ...(await ids(straight, 7))];
    for (const startAt of [7, 10, 14]) {
      const resumed = new InMemorySource(pixels, { labels, numClasses: 2, seed: 4, startAt });
      expect(await ids(resumed, 21 - startAt)).toEqual(all.slice(startAt));
    }
  });

  it('withTransform applies the batch transform and disposes the untransformed batch', async () => {
    const source = withTransform(new InMemorySource(pixels, { seed: 2 }), (x) => tf.sub(1, x) as tf.Tensor4D);
    const before = tf.memory().numTensors;
    const { x } = await source.nextBatch(3);
    expect(tf.memory().numTensors).toBe(before + 1);
    for (const v of await x.data()) expect(v).toBeGreaterThan(0.9);
    x.dispose();
  });

  it('validates the training set', () => {
    expect(() => checkTrainingSet(1)).toThrow(TrainingError);
    expect(() => checkTrainingSet(3, [0, 5, 1], 3)).toThrow(/class id 5, outside 0..2/);
    expect(() => checkTrainingSet(3, [0, 1], 2)).toThrow(/2 labels for 3 images/);
    expect(() => checkTrainingSet(4, [0, 0, 2, 2], 3, ['a', 'b', 'c'])).toThrow(/Class 'b' has no images/);
    expect(() => checkTrainingSet(4, [0, 1, 2, 1], 3)).not.toThrow();
  });
});
