import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmForTraining } from '../kernels/testing/wasmBackendNode';
import { InMemorySource } from './dataSource';
import { TrainingError } from './errors';
import { buildGan, disposeGan } from './gan';
import { GanTrainer, ganGradients, ganSettings } from './ganTrainer';
import { discriminatorLoss, generatorLoss } from './losses';
import { stepNoise } from './noise';
import { toySquarePixels, toySquares as toyImages } from './testing';

// Training runs on WASM with the project's kernels: the CPU backend's convolutions take ~1 s per
// step even for these tiny models.
beforeAll(async () => {
  await useWasmForTraining();
});

describe('GAN trainer', () => {
  it('one discriminator step lowers the discriminator loss by about what Adam predicts', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, seed: 3 });
    const trainer = new GanTrainer(gan, { seed: 5 });
    const real = toyImages(16);
    const source = new InMemorySource(real, { seed: 1 });
    const lr = 1e-4;
    // The trainer's first batch (epoch-0 shuffle) is a permutation of all 16 images, and its
    // first-step noise is stepNoise(seed, 0, ...): rebuild both to evaluate D's loss on them.
    const z = stepNoise(5, 0, 16, 8);
    const dLoss = (): number =>
      tf.tidy(() => {
        const fake = gan.generator.apply(z, { training: true }) as tf.Tensor;
        const D = gan.discriminator;
        return discriminatorLoss(D.apply(real, { training: true }) as tf.Tensor, D.apply(fake, { training: true }) as tf.Tensor, 'non-saturating').dataSync()[0];
      });
    const before = dLoss();
    // First-order prediction for Adam's first step (each weight moves by ~lr * sign(g)): -lr * sum|g|.
    const l1 = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const fake = gan.generator.apply(z, { training: true }) as tf.Tensor;
        const D = gan.discriminator;
        return discriminatorLoss(D.apply(real, { training: true }) as tf.Tensor, D.apply(fake, { training: true }) as tf.Tensor, 'non-saturating');
      }, gan.discriminator.trainableWeights.map((w) => w.read() as tf.Variable));
      return Object.values(grads).reduce((acc, g) => acc + tf.sum(tf.abs(g)).dataSync()[0], 0);
    });
    const settings = ganSettings({ batchSize: 16, learningRateG: 0, learningRateD: lr, maxSteps: 1, sampleEvery: 0 });
    const events = [];
    for await (const e of trainer.train(source, settings)) events.push(e);
    expect(events).toHaveLength(1);
    expect(events[0].losses?.d).toBeCloseTo(before, 4); // the loss reported is the pre-update value
    const after = dLoss();
    const predicted = -lr * l1;
    expect(after - before).toBeLessThan(0);
    expect((after - before) / predicted).toBeGreaterThan(0.5);
    expect((after - before) / predicted).toBeLessThan(1.5);
    tf.dispose([real, z]);
    trainer.dispose();
    disposeGan(gan);
  });

  it('shares D\'s forward on the fakes between the players: the gradients of two separate passes, bit for bit', () => {
    for (const numClasses of [0, 3]) {
      const gan = buildGan({ size: 28, channels: 1, latentDim: 8, width: 4, numClasses, seed: 11 });
      const vars = {
        g: gan.generator.trainableWeights.map((w) => w.read() as tf.Variable),
        d: gan.discriminator.trainableWeights.map((w) => w.read() as tf.Variable),
      };
      const real = toyImages(6);
      const z = stepNoise(2, 0, 6, 8);
      const labels = numClasses ? (tf.oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0], 'int32'), numClasses) as tf.Tensor2D) : undefined;
      const withLabel = (t: tf.Tensor) => (labels ? [t, labels] : t);
      const settings = { loss: 'non-saturating' as const, labelSmoothing: 0.1 };
      // The two-pass step: G's gradient through D(G(z)), then D on the real batch and the fakes again.
      const twoPass = tf.tidy(() => {
        let fake: tf.Tensor | undefined;
        const g = tf.variableGrads(() => {
          fake = tf.keep(gan.generator.apply(withLabel(z), { training: true }) as tf.Tensor);
          return generatorLoss(gan.discriminator.apply(withLabel(fake), { training: true }) as tf.Tensor, settings.loss);
        }, vars.g);
        const d = tf.variableGrads(() => {
          const D = gan.discriminator;
          return discriminatorLoss(D.apply(withLabel(real), { training: true }) as tf.Tensor, D.apply(withLabel(fake!), { training: true }) as tf.Tensor, settings.loss, settings.labelSmoothing);
        }, vars.d);
        fake!.dispose();
        return [g.value, d.value, ...Object.values(g.grads), ...Object.values(d.grads)].map((t) => Array.from(t.dataSync()));
      });
      const before = tf.memory().numTensors;
      const shared = tf.tidy(() => {
        const { g, d, realLogits, fakeLogits } = ganGradients(gan, vars, z, real, labels, settings);
        const out = [g.value, d.value, ...Object.values(g.grads), ...Object.values(d.grads)].map((t) => Array.from(t.dataSync()));
        tf.dispose([g.value, ...Object.values(g.grads), realLogits, fakeLogits]);
        return out;
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(shared.length).toBe(2 + vars.g.length + vars.d.length);
      shared.forEach((values, i) => expect(values, `tensor ${i} (${numClasses} classes)`).toEqual(twoPass[i]));
      tf.dispose([real, z, ...(labels ? [labels] : [])]);
      disposeGan(gan);
    }
  });

  it('keeps the tensor count flat over 200 steps (conditional, hinge, smoothing, sampling)', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 4, width: 2, numClasses: 2 });
    const trainer = new GanTrainer(gan, { gridPerClass: 2 });
    const labels = Array.from({ length: 12 }, (_, i) => i % 2);
    const source = new InMemorySource(toySquarePixels(12), { labels, numClasses: 2 });
    const settings = ganSettings({ batchSize: 4, readEvery: 10, sampleEvery: 50, maxSteps: 200 });
    let countAt10 = -1;
    let samples = 0;
    for await (const e of trainer.train(source, settings)) {
      if (e.step === 10) countAt10 = tf.memory().numTensors;
      if (e.step === 100) settings.loss = 'hinge';
      if (e.step === 150) settings.labelSmoothing = 0.1;
      if (e.samples) {
        samples++;
        expect(e.samples.count).toBe(4);
        expect(e.samples.labels).toEqual([0, 0, 1, 1]);
        expect(e.samples.pixels.length).toBe(4 * 28 * 28);
      }
      if (e.losses) for (const v of Object.values(e.losses)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(samples).toBe(4);
    expect(trainer.step).toBe(200);
    expect(trainer.history.length).toBe(200);
    expect(tf.memory().numTensors).toBe(countAt10);
    trainer.dispose();
    disposeGan(gan);
  });

  it('clamps a batch larger than the data, and says so once', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 4, width: 2 });
    const trainer = new GanTrainer(gan);
    const source = new InMemorySource(toySquarePixels(5));
    const events = [];
    for await (const e of trainer.train(source, ganSettings({ batchSize: 64, maxSteps: 3, sampleEvery: 0 }))) events.push(e);
    expect(events.map((e) => e.batchSize)).toEqual([5, 5, 5]);
    expect(events[0].notices).toEqual(['Batch size 64 is larger than the 5 training images; using 5.']);
    expect(events[1].notices).toEqual([]);
    expect(events.at(-1)!.epoch).toBe(3);
    trainer.dispose();
    disposeGan(gan);
  });

  it('refuses data of another resolution, and a conditional model without labels', async () => {
    const gan = buildGan({ size: 32, channels: 1, latentDim: 4, width: 2, numClasses: 3 });
    const trainer = new GanTrainer(gan);
    const wrongSize = new InMemorySource(toySquarePixels(4));
    await expect(trainer.train(wrongSize, ganSettings()).next()).rejects.toThrow(/built for 32×32×1 images, but the data is 28×28×1/);
    const unlabeled = new InMemorySource({ pixels: new Float32Array(4 * 32 * 32), shape: [4, 32, 32, 1] });
    const err = await trainer.train(unlabeled, ganSettings()).next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe('shape-mismatch');
    expect((err as Error).message).toMatch(/needs class labels for 3 classes/);
    trainer.dispose();
    disposeGan(gan);
  });
});
