import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ganStepFlops, layerMacs, vaeStepFlops } from './flops';
import { buildGan, disposeGan } from './gan';
import { buildVae, disposeVae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('FLOP counts', () => {
  it('counts the benchmark DCGAN layer by layer', () => {
    const gan = buildGan({ size: 28, channels: 1 });
    // dense 100 -> 6272; deconv 7x7x128 -> 14x14x64 (k4); deconv 14x14x64 -> 28x28x1.
    expect(layerMacs(gan.generator)).toEqual([100 * 6272, 49 * 128 * 16 * 64, 196 * 64 * 16 * 1]);
    // conv 28x28x1 -> 14x14x64; conv -> 7x7x128; dense 6272 -> 1.
    expect(layerMacs(gan.discriminator)).toEqual([196 * 64 * 16 * 1, 49 * 128 * 16 * 64, 6272]);
    const g = 100 * 6272 + 49 * 128 * 16 * 64 + 196 * 64 * 16;
    const d = 196 * 64 * 16 + 49 * 128 * 16 * 64 + 6272;
    expect(ganStepFlops(gan, 64)).toBe(2 * 64 * (3 * g - 100 * 6272 + 7 * d - 2 * 196 * 64 * 16));
    expect(ganStepFlops(gan, 64) / 1e9).toBeCloseTo(8.59, 2);
    disposeGan(gan);
  });

  it('counts the benchmark VAE', () => {
    const vae = buildVae({ size: 28, channels: 1 });
    expect(layerMacs(vae.encoder)).toEqual([196 * 32 * 16, 49 * 64 * 16 * 32, 3136 * 16, 3136 * 16]);
    expect(layerMacs(vae.decoderLogits)).toEqual([16 * 3136, 49 * 64 * 16 * 32, 196 * 32 * 16]);
    expect(vaeStepFlops(vae, 64) / 1e9).toBeGreaterThan(1);
    disposeVae(vae);
  });
});
