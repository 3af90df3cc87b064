import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmForTraining } from '../kernels/testing/wasmBackendNode';
import { FCD_FEATURE_DIM, buildClassifier, buildFeatureCnn, featureExtractor } from './classifier';
import { ClassifierTrainer, classifierSettings, evaluateClassifier } from './classifierTrainer';
import { InMemorySource } from './dataSource';
import { TrainingError } from './errors';

// Training runs on WASM with the project's kernels: the CPU backend's convolutions take ~1 s per
// step even for these tiny models.
beforeAll(async () => {
  await useWasmForTraining();
});

/** Two separable classes: a bright left half (0) or a bright right half (1), plus faint noise. */
function halves(count: number): { x: tf.Tensor4D; labels: number[] } {
  const data = new Float32Array(count * 28 * 28);
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const y = i % 2;
    labels.push(y);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) data[i * 784 + r * 28 + c] = ((c < 14) === (y === 0) ? 0.8 : 0.1) + 0.05 * Math.sin(i * 7 + r * 3 + c);
  }
  return { x: tf.tensor4d(data, [count, 28, 28, 1]), labels };
}

describe('classifiers', () => {
  it('the FCD feature CNN follows the fixed protocol', () => {
    const cnn = buildFeatureCnn(28, 1, 10);
    const kinds = cnn.layers.map((l) => l.getClassName());
    expect(kinds).toEqual(['InputLayer', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
    const shapes = cnn.layers.slice(1).map((l) => (l.outputShape as number[]).slice(1));
    expect(shapes).toEqual([[28, 28, 32], [14, 14, 32], [14, 14, 64], [7, 7, 64], [3136], [128], [10]]);
    const f = featureExtractor(cnn);
    const shape = tf.tidy(() => (f.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor).shape);
    expect(shape).toEqual([3, FCD_FEATURE_DIM]);
    cnn.dispose();
  });

  for (const [size, channels] of [[32, 3], [64, 1]] as const) {
    it(`the small CNN sizes itself to ${size}x${size}x${channels}`, () => {
      const m = buildClassifier({ size, channels, numClasses: 4 });
      const out = tf.tidy(() => (m.predict(tf.zeros([2, size, size, channels])) as tf.Tensor).shape);
      expect(out).toEqual([2, 4]);
      const flat = m.getLayer('c_flatten').outputShape as number[];
      expect(flat[1]).toBeLessThanOrEqual(8 * 8 * 128);
      m.dispose();
    });
  }

  it('learns two separable classes and reports held-out accuracy per epoch', async () => {
    const { x, labels } = halves(48);
    const config = { kind: 'classifier' as const, variant: 'fcd-feature' as const, size: 28 as const, channels: 1 as const, numClasses: 2, seed: 1 };
    const model = buildClassifier(config);
    const held = halves(16);
    const heldLabels = tf.tensor1d(held.labels, 'int32');
    const trainer = new ClassifierTrainer(model, config, { x: held.x, labels: heldLabels });
    const source = new InMemorySource(x, { labels, numClasses: 2 });
    x.dispose();
    const events = [];
    for await (const e of trainer.train(source, classifierSettings({ batchSize: 16, epochs: 3, readEvery: 1 }))) events.push(e);
    expect(events).toHaveLength(9);
    expect(events.filter((e) => e.heldOut).length).toBe(3);
    const final = await evaluateClassifier(model, { x: held.x, labels: heldLabels });
    expect(final.accuracy).toBe(1);
    expect(events.at(-1)!.heldOut!.heldOutAccuracy).toBe(1);
    expect(final.loss).toBeLessThan(events[0].losses!.loss);
    tf.dispose([held.x, heldLabels]);
    trainer.dispose();
    model.dispose();
  });

  it('rejects an empty class and a single image', () => {
    const x = tf.zeros([3, 28, 28, 1]) as tf.Tensor4D;
    expect(() => new InMemorySource(x, { labels: [0, 0, 2], numClasses: 3, classNames: ['cat', 'dog', 'eel'] })).toThrow(/Class 'dog' has no images/);
    const one = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    let err: unknown;
    try {
      new InMemorySource(one);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe('too-few-images');
    tf.dispose([x, one]);
  });
});
