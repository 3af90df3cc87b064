/**
 * Convolutional VAE (Kingma & Welling 2014) and conditional VAE (Sohn et al. 2015), sized by the
 * working resolution.
 *
 * Encoder: conv width s2 -> conv 2*width s2 -> ... -> flatten -> dense to mu and log-variance.
 * Decoder mirrors it: dense -> reshape -> deconv ... -> deconv to the image channels. At 28x28
 * with width 32 and latent 16 this is the benchmark VAE (conv 32 s2 -> conv 64 s2 -> dense to 16).
 * The conditional form concatenates onehot(y) to the flattened encoder features and to z.
 *
 * The decoder exists twice over the same weights: `decoderLogits` (for the Bernoulli
 * reconstruction loss, computed stably from logits) and `decoder`, which ends in a sigmoid, so
 * what is sampled or exported gives pixels in [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import { conv2d, dense, latentInputs } from './trainingLayers';
import { assertChannels, assertPositiveInt, stagePlan, stageWidths, type ModelSize } from './architecture';
import { glorotKernel } from './init';

export interface VaeConfig {
  kind: 'vae';
  size: ModelSize;
  channels: 1 | 3;
  latentDim: number;
  /** 0: plain VAE; 2 or more: conditional VAE. */
  numClasses: number;
  /** Channels of the first encoder stage; inner stages double it, up to 4x. */
  width: number;
  seed: number;
}

export interface Vae {
  config: VaeConfig;
  /** [images] or [images, onehot] -> [mu, logVar], each [n, latentDim]. */
  encoder: tf.LayersModel;
  /** [z] or [z, onehot] -> logits [n, size, size, channels]. */
  decoderLogits: tf.LayersModel;
  /** [z] or [z, onehot] -> images in [0, 1]; shares decoderLogits' weights. */
  decoder: tf.LayersModel;
}

export function vaeConfig(init: Pick<VaeConfig, 'size' | 'channels'> & Partial<Omit<VaeConfig, 'kind'>>): VaeConfig {
  const config: VaeConfig = { kind: 'vae', latentDim: 16, numClasses: 0, width: 32, seed: 1, ...init };
  stagePlan(config.size);
  assertChannels(config.channels);
  assertPositiveInt('Latent size', config.latentDim, 1, 1024);
  assertPositiveInt('Width', config.width, 1, 1024);
  if (config.numClasses !== 0) assertPositiveInt('Number of classes', config.numClasses, 2, 10_000);
  return config;
}

const KERNEL = 4;

function buildEncoder(config: VaeConfig): tf.LayersModel {
  const { stages } = stagePlan(config.size);
  const widths = stageWidths(stages, config.width);
  const x = tf.input({ shape: [config.size, config.size, config.channels], name: 'e_image' });
  const inputs: tf.SymbolicTensor[] = [x];
  let h: tf.SymbolicTensor = x;
  for (let k = 0; k < stages; k++) {
    const name = `e_conv${k + 1}`;
    h = conv2d({
      name,
      filters: widths[k],
      kernelSize: KERNEL,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: glorotKernel(config.seed, name),
    }).apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers.flatten({ name: 'e_flatten' }).apply(h) as tf.SymbolicTensor;
  if (config.numClasses > 0) {
    const y = tf.input({ shape: [config.numClasses], name: 'e_label' });
    inputs.push(y);
    h = tf.layers.concatenate({ name: 'e_concat' }).apply([h, y]) as tf.SymbolicTensor;
  }
  const mu = dense({
    name: 'e_mu',
    units: config.latentDim,
    kernelInitializer: glorotKernel(config.seed, 'e_mu'),
  }).apply(h) as tf.SymbolicTensor;
  const logVar = dense({
      name: 'e_logvar',
      units: config.latentDim,
      // Start near unit posterior variance so early KL and sampling noise are tame.
      kernelInitializer: tf.initializers.zeros(),
    }).apply(h) as tf.SymbolicTensor;
  return tf.model({ name: 'encoder', inputs, outputs: [mu, logVar] });
}

function buildDecoders(config: VaeConfig): { decoderLogits: tf.LayersModel; decoder: tf.LayersModel } {
  const { base, stages } = stagePlan(config.size);
  const widths = stageWidths(stages, config.width);
  const latent = latentInputs('v', config.latentDim, config.numClasses);
  const inputs = latent.inputs;
  let h = latent.h;
  const top = widths[stages - 1];
  h = dense({
      name: 'v_dense',
      units: base * base * top,
      activation: 'relu',
      kernelInitializer: glorotKernel(config.seed, 'v_dense'),
    }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ name: 'v_reshape', targetShape: [base, base, top] }).apply(h) as tf.SymbolicTensor;
  for (let k = stages - 2; k >= 0; k--) {
    const name = `v_deconv${stages - 1 - k}`;
    h = tf.layers
      .conv2dTranspose({
        name,
        filters: widths[k],
        kernelSize: KERNEL,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: glorotKernel(config.seed, name),
      }).apply(h) as tf.SymbolicTensor;
  }
  const logits = tf.layers
    .conv2dTranspose({
      name: 'v_logits',
      filters: config.channels,
      kernelSize: KERNEL,
      strides: 2,
      padding: 'same',
      kernelInitializer: glorotKernel(config.seed, 'v_logits'),
    }).apply(h) as tf.SymbolicTensor;
  const decoderLogits = tf.model({ name: 'decoder_logits', inputs, outputs: logits });
  const pixels = tf.layers.activation({ name: 'v_pixels', activation: 'sigmoid' }).apply(logits) as tf.SymbolicTensor;
  const decoder = tf.model({ name: 'decoder', inputs, outputs: pixels });
  return { decoderLogits, decoder };
}

export function buildVae(init: Parameters<typeof vaeConfig>[0]): Vae {
  const config = vaeConfig(init);
  return { config, encoder: buildEncoder(config), ...buildDecoders(config) };
}

export function disposeVae(vae: Vae): void {
  vae.encoder.dispose();
  vae.decoder.dispose(); // owns the same layers as decoderLogits
}
