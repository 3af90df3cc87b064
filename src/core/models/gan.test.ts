import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGan, disposeGan } from './gan';
import { TrainingError } from './errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GAN builders', () => {
  for (const size of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      it(`shapes at ${size}x${size}x${channels}`, () => {
        const gan = buildGan({ size, channels, latentDim: 8, width: 4 });
        tf.tidy(() => {
          const images = gan.generator.predict(tf.randomNormal([2, 8])) as tf.Tensor;
          expect(images.shape).toEqual([2, size, size, channels]);
          const logits = gan.discriminator.predict(images) as tf.Tensor;
          expect(logits.shape).toEqual([2, 1]);
        });
        disposeGan(gan);
      });
    }
  }

  it('128x128 builds with five stages', () => {
    const gan = buildGan({ size: 128, channels: 3, latentDim: 4, width: 2 });
    const shape = tf.tidy(() => (gan.generator.predict(tf.zeros([1, 4])) as tf.Tensor).shape);
    expect(shape).toEqual([1, 128, 128, 3]);
    expect(gan.generator.layers.filter((l) => l.getClassName() === 'Conv2DTranspose').length).toBe(5);
    disposeGan(gan);
  });

  it('is the benchmark DCGAN at 28x28x1', () => {
    const gan = buildGan({ size: 28, channels: 1 });
    const g = gan.generator.layers.filter((l) => ['Dense', 'Conv2DTranspose', 'Reshape'].includes(l.getClassName()));
    expect(g.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[6272], [7, 7, 128], [14, 14, 64], [28, 28, 1]]);
    const d = gan.discriminator.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()));
    expect(d.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[14, 14, 64], [7, 7, 128], [1]]);
    disposeGan(gan);
  });

  it('outputs pixels in [0, 1]', () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4 });
    const [lo, hi] = tf.tidy(() => {
      const x = gan.generator.predict(tf.mul(tf.randomNormal([16, 8]), 50)) as tf.Tensor;
      return [x.min().dataSync()[0], x.max().dataSync()[0]];
    });
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    disposeGan(gan);
  });

  it('conditional models take one-hot labels and produce one image per requested label', () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, numClasses: 5 });
    tf.tidy(() => {
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 4], 'int32'), 5).toFloat();
      const images = gan.generator.predict([tf.randomNormal([6, 8]), y]) as tf.Tensor;
      expect(images.shape).toEqual([6, 28, 28, 1]);
      expect((gan.discriminator.predict([images, y]) as tf.Tensor).shape).toEqual([6, 1]);
    });
    disposeGan(gan);
  });

  it('same seed gives the same weights; another seed does not', () => {
    const a = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, seed: 7 });
    const b = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, seed: 7 });
    const c = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, seed: 8 });
    const wa = a.generator.getWeights()[0].dataSync();
    expect(Array.from(b.generator.getWeights()[0].dataSync())).toEqual(Array.from(wa));
    expect(Array.from(c.generator.getWeights()[0].dataSync())).not.toEqual(Array.from(wa));
    [a, b, c].forEach(disposeGan);
  });

  it('rejects unsupported resolutions and channel counts with clear errors', () => {
    expect(() => buildGan({ size: 48 as 28, channels: 1 })).toThrow(TrainingError);
    expect(() => buildGan({ size: 48 as 28, channels: 1 })).toThrow(/28, 32, 64, 128/);
    expect(() => buildGan({ size: 28, channels: 4 as 1 })).toThrow(/channels/);
    expect(() => buildGan({ size: 28, channels: 1, numClasses: 1 })).toThrow(/classes/);
  });
});
