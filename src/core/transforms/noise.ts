/**
 * Pixel noise. The noise of each image comes from a seed drawn in its plan (see random-field.ts),
 * so executing a plan twice gives the same pixels.
 */
import * as tf from '@tensorflow/tfjs';
import { clip01, perImage } from './batch';
import { bool, draw, drawSeed, range, times } from './params';
import { seededNormal, seededUniform } from './random-field';
import type { PixelTransform } from './types';

export interface GaussianNoiseParams {
  seed: number;
  std: number;
  mean: number;
  perChannel: boolean;
}

export const GaussianNoise: PixelTransform<GaussianNoiseParams> = {
  name: 'GaussianNoise',
  label: 'Gaussian noise',
  description: 'Adds normal noise with a random standard deviation (in units of full scale), per channel or the same for all channels.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    std: { kind: 'range', label: 'Standard deviation', default: [0.01, 0.05], min: 0, max: 1, step: 0.005 },
    mean: { kind: 'range', label: 'Mean', default: [0, 0], min: -0.5, max: 0.5, step: 0.01 },
    perChannel: { kind: 'bool', label: 'Independent per channel', default: true },
  },
  sample: (rng, n, config) =>
    times(n, () => ({
      seed: drawSeed(rng),
      std: draw(rng, range(config, 'std')),
      mean: draw(rng, range(config, 'mean')),
      perChannel: bool(config, 'perChannel'),
    })),
  apply: (x, params) =>
    tf.tidy(() => {
      const [, h, w, c] = x.shape;
      const noise = seededNormal(params.map((p) => p.seed), h, w, params[0].perChannel ? c : 1);
      const scaled = noise.mul(perImage(params.map((p) => p.std))).add(perImage(params.map((p) => p.mean)));
      return clip01(x.add(scaled)) as tf.Tensor4D;
    }),
};

export interface SaltAndPepperParams {
  seed: number;
  /** Fraction of pixels replaced. */
  amount: number;
  /** Fraction of those that become white (the rest black). */
  salt: number;
}

export const SaltAndPepper: PixelTransform<SaltAndPepperParams> = {
  name: 'SaltAndPepper',
  label: 'Salt & pepper',
  description: 'Turns a random fraction of pixels (all channels) white or black.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    amount: { kind: 'range', label: 'Amount', default: [0.01, 0.06], min: 0, max: 1, step: 0.005 },
    saltVsPepper: { kind: 'range', label: 'White share', default: [0.4, 0.6], min: 0, max: 1, step: 0.01 },
  },
  sample: (rng, n, config) =>
    times(n, () => ({ seed: drawSeed(rng), amount: draw(rng, range(config, 'amount')), salt: draw(rng, range(config, 'saltVsPepper')) })),
  apply: (x, params) =>
    tf.tidy(() => {
      const [, h, w] = x.shape;
      const u = seededUniform(params.map((p) => p.seed), h, w, 1);
      const amount = perImage(params.map((p) => p.amount));
      const saltCut = amount.mul(perImage(params.map((p) => p.salt)));
      const salt = u.less(saltCut).cast('float32');
      const pepper = u.greaterEqual(saltCut).logicalAnd(u.less(amount)).cast('float32');
      return x.mul(tf.scalar(1).sub(salt).sub(pepper)).add(salt) as tf.Tensor4D;
    }),
};
