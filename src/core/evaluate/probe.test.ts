import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperimentToEnd } from './experiment';
import { linearProbeBuilder } from './probe';
import { arrows, paint } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear probe', () => {
  it('trains only its dense layer on a fixed extractor, and leaves the extractor usable', async () => {
    const extractor = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [8, 8, 1] }),
        tf.layers.dense({ units: 12, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    const weightsBefore = extractor.getWeights().map((w) => Array.from(w.dataSync()));
    const build = linearProbeBuilder(extractor);
    const probe = build(1, [8, 8, 1], 2);
    expect(probe.trainableWeights.map((w) => w.shape)).toEqual([[12, 2], [2]]);
    probe.dispose();

    const before = tf.memory().numTensors;
    const result = await runExperimentToEnd({
      classNames: ['up', 'down'],
      train: paint(arrows, 10, 40),
      validation: paint(arrows, 10, 41),
      seeds: [1],
      budget: { steps: 30 },
      batchSize: 8,
      learningRate: 0.05,
      buildModel: build,
      validationCurve: false,
    });
    // Up and down arrows differ in 8 pixels; random ReLU features keep that, so the probe learns it.
    expect(result.runs[0].accuracy).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors).toBe(before);
    // The extractor did not train, and survives the probes' disposal.
    expect(extractor.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weightsBefore);
    expect(extractor.layers[1].trainable).toBe(true);
    const out = tf.tidy(() => (extractor.predict(tf.zeros([1, 8, 8, 1])) as tf.Tensor).shape);
    expect(out).toEqual([1, 12]);
    extractor.dispose();
    const conv = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 })] });
    expect(() => linearProbeBuilder(conv)).toThrow(/flat features/);
    conv.dispose();
  });
});
