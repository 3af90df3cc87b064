/** Weight initialisers shared by the builders: seeded, so a model is a pure function of its config. */
import * as tf from '@tensorflow/tfjs';
import { hashKey } from '../rng';

/** A 31-bit seed for one layer, from the model seed and the layer's name. */
export function layerSeed(seed: number, layerName: string): number {
  return hashKey(seed, layerName) & 0x7fffffff;
}

/** DCGAN's N(0, 0.02) for convolution and dense kernels. */
type Initializer = ReturnType<typeof tf.initializers.zeros>;

export function dcganKernel(seed: number, layerName: string): Initializer {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: layerSeed(seed, layerName) });
}

/** Glorot-uniform, seeded (the Keras default, for VAEs and classifiers). */
export function glorotKernel(seed: number, layerName: string): Initializer {
  return tf.initializers.glorotUniform({ seed: layerSeed(seed, layerName) });
}
