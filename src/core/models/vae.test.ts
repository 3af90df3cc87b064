import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmForTraining } from '../kernels/testing/wasmBackendNode';
import { InMemorySource } from './dataSource';
import { toySquarePixels, toySquares } from './testing';
import { buildVae, disposeVae } from './vae';
import { VaeTrainer, vaeSettings } from './vaeTrainer';

// Training runs on WASM with the project's kernels: the CPU backend's convolutions take ~1 s per
// step even for these tiny models.
beforeAll(async () => {
  await useWasmForTraining();
});

describe('VAE builders', () => {
  for (const size of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      it(`shapes at ${size}x${size}x${channels}`, () => {
        const vae = buildVae({ size, channels, latentDim: 3, width: 2 });
        const shapes = tf.tidy(() => {
          const [mu, logVar] = vae.encoder.predict(tf.zeros([2, size, size, channels])) as tf.Tensor[];
          const pixels = vae.decoder.predict(tf.zeros([2, 3])) as tf.Tensor;
          const logits = vae.decoderLogits.predict(tf.zeros([2, 3])) as tf.Tensor;
          return [mu.shape, logVar.shape, pixels.shape, logits.shape];
        });
        expect(shapes).toEqual([[2, 3], [2, 3], [2, size, size, channels], [2, size, size, channels]]);
        disposeVae(vae);
      });
    }
  }

  it('is the benchmark VAE at 28x28x1 (conv 32 s2 -> conv 64 s2 -> 16-d latent, mirrored)', () => {
    const vae = buildVae({ size: 28, channels: 1 });
    const enc = vae.encoder.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()));
    expect(enc.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[14, 14, 32], [7, 7, 64], [16], [16]]);
    const dec = vae.decoder.layers.filter((l) => ['Dense', 'Conv2DTranspose'].includes(l.getClassName()));
    expect(dec.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[3136], [14, 14, 32], [28, 28, 1]]);
    disposeVae(vae);
  });

  it('decoder and decoderLogits share weights; pixels = sigmoid(logits)', () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 3, width: 2, numClasses: 4 });
    const diff = tf.tidy(() => {
      const z = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 3], 'int32'), 4).toFloat();
      const p = vae.decoder.predict([z, y]) as tf.Tensor;
      const l = vae.decoderLogits.predict([z, y]) as tf.Tensor;
      expect(p.shape).toEqual([5, 28, 28, 1]);
      return tf.max(tf.abs(tf.sub(p, tf.sigmoid(l)))).dataSync()[0];
    });
    expect(diff).toBeLessThan(1e-6);
    expect(vae.decoder.trainableWeights.length).toBe(vae.decoderLogits.trainableWeights.length);
    disposeVae(vae);
  });
});

describe('VAE trainer', () => {
  it('reconstruction loss falls over 50 steps on a small fixed set; KL and ELBO are consistent', async () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 4, width: 4, seed: 2 });
    const trainer = new VaeTrainer(vae, { seed: 2 });
    const source = new InMemorySource(toySquarePixels(16), { seed: 3 });
    const settings = vaeSettings({ batchSize: 16, readEvery: 1, sampleEvery: 0, maxSteps: 50, learningRate: 2e-3 });
    const recon: number[] = [];
    for await (const e of trainer.train(source, settings)) {
      const l = e.losses!;
      recon.push(l.recon);
      expect(l.kl).toBeGreaterThanOrEqual(0);
      expect(l.elbo).toBeCloseTo(-(l.recon + l.kl), 3);
      expect(l.loss).toBeCloseTo(l.recon + l.kl, 3); // beta = 1
    }
    // A blank 28x28 prediction (all logits 0) costs 784*ln 2 = 543 nats per image.
    expect(recon[0]).toBeGreaterThan(400);
    const first = recon.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = recon.slice(-5).reduce((a, b) => a + b) / 5;
    expect(last).toBeLessThan(0.6 * first);
    trainer.dispose();
    disposeVae(vae);
  });

  it('keeps the tensor count flat over 200 steps (conditional, held-out ELBO each epoch, sampling)', async () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 2, width: 2, numClasses: 2 });
    const labels = Array.from({ length: 8 }, (_, i) => i % 2);
    const held = toySquares(4, 9);
    const heldLabels = tf.tensor1d([0, 1, 0, 1], 'int32');
    const trainer = new VaeTrainer(vae, { heldOut: { x: held, labels: heldLabels }, gridPerClass: 2 });
    const source = new InMemorySource(toySquarePixels(8), { labels, numClasses: 2 });
    const settings = vaeSettings({ batchSize: 4, readEvery: 10, sampleEvery: 50, maxSteps: 200 });
    let countAt10 = -1;
    let epochs = 0;
    for await (const e of trainer.train(source, settings)) {
      if (e.step === 10) countAt10 = tf.memory().numTensors;
      if (e.step === 120) settings.beta = 0.5;
      if (e.heldOut) {
        epochs++;
        expect(e.heldOut.heldOutElbo).toBeCloseTo(-(e.heldOut.heldOutRecon + e.heldOut.heldOutKl), 3);
      }
      if (e.samples) expect(e.samples.labels).toEqual([0, 0, 1, 1]);
    }
    expect(epochs).toBe(100); // 8 images, batch 4
    expect(trainer.heldOutHistory.length).toBe(100);
    expect(tf.memory().numTensors).toBe(countAt10);
    tf.dispose([held, heldLabels]);
    trainer.dispose();
    disposeVae(vae);
  });
});
