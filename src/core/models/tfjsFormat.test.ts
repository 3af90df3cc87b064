import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingError } from './errors';
import { buildGan, disposeGan } from './gan';
import { noiseTensor } from './noise';
import { exportGenerative, exportTfjs, importGan, importTfjs, importVae } from './tfjsFormat';
import { buildVae, disposeVae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function same(a: tf.Tensor, b: tf.Tensor): Promise<boolean> {
  const [x, y] = [Array.from(await a.data()), Array.from(await b.data())];
  tf.dispose([a, b]);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe('TF.js format', () => {
  it('GAN export -> import gives identical outputs and a standard model.json', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 5, width: 2, numClasses: 3, seed: 12 });
    const files = await exportGenerative(gan);
    const json = JSON.parse(files.generator.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.config.numClasses).toBe(3);
    // Any TF.js app can load it as a plain layers model.
    const { model } = await importTfjs(files.generator);
    const z = noiseTensor([1, 2], 5);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3).toFloat();
    expect(await same(model.predict([z, y]) as tf.Tensor, gan.generator.predict([z, y]) as tf.Tensor)).toBe(true);
    model.dispose();
    const back = await importGan(files.generator, files.discriminator);
    expect(back.config).toEqual(gan.config);
    expect(await same(back.generator.predict([z, y]) as tf.Tensor, gan.generator.predict([z, y]) as tf.Tensor)).toBe(true);
    const x = tf.zeros([2, 28, 28, 1]);
    expect(await same(back.discriminator.predict([x, y]) as tf.Tensor, gan.discriminator.predict([x, y]) as tf.Tensor)).toBe(true);
    tf.dispose([z, y, x]);
    disposeGan(back);
    disposeGan(gan);
  });

  it('VAE export -> import keeps encoder and decoder', async () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 3, width: 2, seed: 5 });
    const files = await exportGenerative(vae);
    const back = await importVae(files.encoder, files.decoder);
    const z = noiseTensor([3], 3);
    expect(await same(back.decoder.predict(z) as tf.Tensor, vae.decoder.predict(z) as tf.Tensor)).toBe(true);
    expect(await same(back.decoderLogits.predict(z) as tf.Tensor, vae.decoderLogits.predict(z) as tf.Tensor)).toBe(true);
    z.dispose();
    disposeVae(back);
    disposeVae(vae);
  });

  it('rejects broken or foreign files with clear errors', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 5, width: 2 });
    const files = await exportGenerative(gan);
    await expect(importGan({ ...files.generator, weightsBin: files.generator.weightsBin.slice(0, 100) })).rejects.toThrow(/weights.bin has 100 bytes/);
    await expect(importGan({ ...files.generator, modelJson: '{nope' })).rejects.toThrow(TrainingError);
    await expect(importGan(files.discriminator)).rejects.toThrow(/expected a gan generator, got a gan discriminator/);
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await expect(importGan(await exportTfjs(plain))).rejects.toThrow(/not exported by Augment Studio/);
    plain.dispose();
    disposeGan(gan);
  });
});
