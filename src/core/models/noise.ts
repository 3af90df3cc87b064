/**
 * Latent noise drawn from the project's counter-based RNG. Each noise vector is a pure function
 * of one 32-bit seed, so a generated image is regenerated from (model checkpoint, seed, label)
 * alone, on any backend, in any order.
 */
import * as tf from '@tensorflow/tfjs';
import { CounterRng, hashKey } from '../rng';

export interface NoiseOptions {
  /**
   * Truncation trick (Brock et al. 2019): components with |z| > truncation are redrawn, trading
   * diversity for fidelity. Undefined or <= 0: no truncation.
   */
  truncation?: number;
  /** Scales z (a VAE's "temperature"; 1 = the prior). */
  temperature?: number;
}

/** The seed of image `index` in a run seeded `runSeed` (optionally per class). */
export function imageSeed(runSeed: number, index: number, classId = -1): number {
  return hashKey(runSeed, 'image', classId, index);
}

/** One standard-normal vector of length `dim` per seed, [seeds.length * dim]. */
export function noiseValues(seeds: readonly number[], dim: number, options: NoiseOptions = {}): Float32Array {
  const { truncation, temperature = 1 } = options;
  const out = new Float32Array(seeds.length * dim);
  seeds.forEach((seed, i) => {
    const rng = new CounterRng(seed, 'z');
    for (let d = 0; d < dim; d++) {
      let z = rng.normal();
      if (truncation && truncation > 0) {
        // Redraw until inside the band; bounded so a tiny threshold cannot hang.
        for (let tries = 0; Math.abs(z) > truncation && tries < 1000; tries++) z = rng.normal();
        if (Math.abs(z) > truncation) z = Math.sign(z) * truncation;
      }
      out[i * dim + d] = z * temperature;
    }
  });
  return out;
}

export function noiseTensor(seeds: readonly number[], dim: number, options: NoiseOptions = {}): tf.Tensor2D {
  return tf.tensor2d(noiseValues(seeds, dim, options), [seeds.length, dim]);
}

/** Training noise for one step: [n, dim], a pure function of (seed, step). */
export function stepNoise(seed: number, step: number, n: number, dim: number): tf.Tensor2D {
  const rng = new CounterRng(seed, 'step', step);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return tf.tensor2d(out, [n, dim]);
}
