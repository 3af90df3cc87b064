/**
 * The live sample grid of a generative model: fixed noise (and, for a conditional model, labels:
 * `perClass` images of each class) drawn once from the run's seed, so the grid shows the same
 * latent points improving as training goes. The GAN and VAE trainers share it.
 */
import * as tf from '@tensorflow/tfjs';
import { hashKey } from '../rng';
import { imageSeed, noiseTensor } from './noise';

export interface SampleGrid {
  seeds: number[];
  /** Class index per image, for conditional models. */
  labels?: number[];
}

export interface SampleGridOptions {
  /** Images per class for conditional models (default 8). */
  gridPerClass?: number;
  /** Images for unconditional models (default 64). */
  gridCount?: number;
}

export function sampleGrid(seed: number, numClasses: number, options: SampleGridOptions = {}): SampleGrid {
  const key = hashKey(seed, 'grid');
  if (numClasses > 0) {
    const per = options.gridPerClass ?? 8;
    const labels = Array.from({ length: numClasses * per }, (_, i) => Math.floor(i / per));
    return { labels, seeds: labels.map((_, i) => imageSeed(key, i % per)) };
  }
  return { seeds: Array.from({ length: options.gridCount ?? 64 }, (_, i) => imageSeed(key, i)) };
}

/** Class indices → one-hot float rows. */
export function oneHotLabels(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.cast(labels, 'int32'), numClasses), 'float32') as tf.Tensor2D;
}

/** The grid through a generator-like model (noise [, one-hot label] → images), in inference mode. */
export function renderSampleGrid(model: tf.LayersModel, grid: SampleGrid, latentDim: number, numClasses: number): { images: tf.Tensor4D; labels?: number[] } {
  const images = tf.tidy(() => {
    const z = noiseTensor(grid.seeds, latentDim);
    const inputs = grid.labels ? [z, oneHotLabels(tf.tensor1d(grid.labels, 'int32'), numClasses)] : z;
    return model.predict(inputs) as tf.Tensor4D;
  });
  return { images, labels: grid.labels };
}
