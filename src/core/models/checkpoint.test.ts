import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmForTraining } from '../kernels/testing/wasmBackendNode';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';
import { InMemorySource, type DataSource } from './dataSource';
import { TrainingError } from './errors';
import { buildGan, disposeGan } from './gan';
import { GanTrainer, ganSettings } from './ganTrainer';
import { noiseTensor } from './noise';
import { toySquarePixels, toySquares } from './testing';
import { resumeGanTrainer, resumeVaeTrainer, saveCheckpoint } from './trainerCheckpoint';
import { buildVae, disposeVae } from './vae';
import { VaeTrainer, vaeSettings } from './vaeTrainer';

// Training runs on WASM with the project's kernels: the CPU backend's convolutions take ~1 s per
// step even for these tiny models.
beforeAll(async () => {
  await useWasmForTraining();
});

/** Always the same batch, so two trainers can be stepped identically. */
function fixedSource(images: tf.Tensor4D, labels?: number[], numClasses = 0): DataSource {
  return {
    size: images.shape[0],
    imageShape: [28, 28, 1],
    numClasses,
    nextBatch: (n: number) => ({
      x: tf.slice(images, 0, n) as tf.Tensor4D,
      labels: labels ? tf.tensor1d(labels.slice(0, n), 'int32') : undefined,
    }),
  };
}

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

const corrupt = (ckpt: Checkpoint, edit: (c: { meta: Record<string, unknown>; data: ArrayBuffer }) => void): unknown => {
  const copy = { meta: structuredClone(ckpt.meta) as unknown as Record<string, unknown>, data: ckpt.data.slice(0) };
  edit(copy);
  return copy;
};

describe('checkpoints', () => {
  it('GAN: save -> encode -> decode -> resume reproduces outputs, curves, and the next step exactly', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 6, width: 3, numClasses: 2, seed: 4 });
    const trainer = new GanTrainer(gan, { seed: 9 });
    const images = toySquares(8);
    const labels = [0, 1, 0, 1, 0, 1, 0, 1];
    const settings = ganSettings({ batchSize: 8, readEvery: 1, sampleEvery: 0, maxSteps: 3 });
    for await (const _ of trainer.train(fixedSource(images, labels, 2), settings)) void _;
    const file = encodeCheckpoint(await saveCheckpoint(trainer, { note: 'kept' }));
    const resumed = resumeGanTrainer(decodeCheckpoint(file, 'gan'));

    expect(resumed.step).toBe(3);
    expect(resumed.imagesSeen).toBe(24);
    expect(resumed.history.toJSON()).toEqual(trainer.history.toJSON());
    expect(decodeCheckpoint(file).meta.extra).toEqual({ note: 'kept' });
    const z = noiseTensor([1, 2, 3], 6);
    const y = tf.oneHot(tf.tensor1d([0, 1, 1], 'int32'), 2).toFloat();
    const a = await values(gan.generator.predict([z, y]) as tf.Tensor);
    const b = await values(resumed.gan.generator.predict([z, y]) as tf.Tensor);
    expect(b).toEqual(a);
    const imgs = toySquares(3, 5);
    expect(await values(resumed.gan.discriminator.predict([imgs, y]) as tf.Tensor)).toEqual(await values(gan.discriminator.predict([imgs, y]) as tf.Tensor));

    // One more step on each: equal only if the Adam moments and counters came back too.
    settings.maxSteps = 4;
    const next: Array<Record<string, number> | undefined> = [];
    for (const t of [trainer, resumed]) for await (const e of t.train(fixedSource(images, labels, 2), settings)) next.push(e.losses);
    expect(next[1]).toEqual(next[0]);
    expect(await values(resumed.gan.generator.predict([z, y]) as tf.Tensor)).toEqual(await values(gan.generator.predict([z, y]) as tf.Tensor));
    tf.dispose([z, y, imgs, images]);
    [trainer, resumed].forEach((t) => {
      t.dispose();
      disposeGan(t.gan);
    });
  });

  it('a run paused, checkpointed and resumed equals an uninterrupted run, curves included', async () => {
    const data = toySquarePixels(10, 3);
    const settings = ganSettings({ batchSize: 4, readEvery: 1, sampleEvery: 0, maxSteps: 5 });
    const build = () => new GanTrainer(buildGan({ size: 28, channels: 1, latentDim: 4, width: 2, seed: 8 }), { seed: 8 });
    const straight = build();
    for await (const _ of straight.train(new InMemorySource(data, { seed: 6 }), settings)) void _;

    const first = build();
    for await (const _ of first.train(new InMemorySource(data, { seed: 6 }), { ...settings, maxSteps: 2 })) void _;
    const resumed = resumeGanTrainer(await saveCheckpoint(first));
    for await (const _ of resumed.train(new InMemorySource(data, { seed: 6, startAt: resumed.imagesSeen }), settings)) void _;

    expect(resumed.history.toJSON()).toEqual(straight.history.toJSON());
    const z = noiseTensor([5, 6], 4);
    expect(await values(resumed.gan.generator.predict(z) as tf.Tensor)).toEqual(await values(straight.gan.generator.predict(z) as tf.Tensor));
    z.dispose();
    [straight, first, resumed].forEach((t) => {
      t.dispose();
      disposeGan(t.gan);
    });
  });

  it('VAE: resume reproduces decoder outputs and held-out history', async () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 3, width: 2 });
    const images = toySquares(6);
    const trainer = new VaeTrainer(vae, { heldOut: { x: images } });
    const settings = vaeSettings({ batchSize: 6, readEvery: 1, sampleEvery: 0, maxSteps: 2 });
    const events = [];
    for await (const e of trainer.train(fixedSource(images), settings)) events.push(e);
    expect(events.every((e) => e.heldOut && Number.isFinite(e.heldOut.heldOutElbo))).toBe(true); // 1 epoch per step here
    const resumed = resumeVaeTrainer(await saveCheckpoint(trainer));
    expect(resumed.heldOutHistory.toJSON()).toEqual(trainer.heldOutHistory.toJSON());
    const z = noiseTensor([7, 8], 3);
    expect(await values(resumed.vae.decoder.predict(z) as tf.Tensor)).toEqual(await values(vae.decoder.predict(z) as tf.Tensor));
    const [mu] = vae.encoder.predict(images) as tf.Tensor[];
    const [mu2] = resumed.vae.encoder.predict(images) as tf.Tensor[];
    expect(await values(mu2)).toEqual(await values(mu));
    tf.dispose([z, images]);
    [trainer, resumed].forEach((t) => {
      t.dispose();
      disposeVae(t.vae);
    });
  });

  it('rejects corrupt, truncated, foreign and mismatched checkpoints with clear errors', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 4, width: 2 });
    const trainer = new GanTrainer(gan);
    const ckpt = await saveCheckpoint(trainer);
    const expectBad = (value: unknown, pattern: RegExp, kind?: 'gan' | 'vae') => {
      let error: unknown;
      try {
        if (kind === 'vae') resumeVaeTrainer(value);
        else resumeGanTrainer(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).code).toBe('bad-checkpoint');
      expect((error as Error).message).toMatch(pattern);
    };
    expectBad(corrupt(ckpt, (c) => (new Uint8Array(c.data)[100] ^= 0xff)), /checksum/);
    expectBad(corrupt(ckpt, (c) => (c.data = c.data.slice(0, 1000))), /truncated/);
    expectBad(corrupt(ckpt, (c) => (c.meta.version = 99)), /version 99/);
    expectBad(corrupt(ckpt, (c) => ((c.meta.model as { width: number }).width = 3)), /different architecture/);
    expectBad(ckpt, /holds a gan model, not a vae/, 'vae');
    expectBad({ hello: 'world' }, /not a checkpoint/);
    const file = new Uint8Array(encodeCheckpoint(ckpt));
    expect(() => decodeCheckpoint(file.slice(0, 20).buffer)).toThrow(/truncated|too short/);
    file[0] = 0x41 + 1;
    expect(() => decodeCheckpoint(file.buffer)).toThrow(/not an Augment Studio checkpoint/);
    trainer.dispose();
    disposeGan(gan);
  });
});

describe('Adam state', () => {
  it('leaves no tensors behind when made and disposed', async () => {
    const { Adam } = await import('./adam');
    const w = [tf.variable(tf.ones([3, 4])), tf.variable(tf.zeros([5]))];
    const before = tf.memory().numTensors;
    const adam = new Adam(w);
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(w);
  });
});
