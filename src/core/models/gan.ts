/**
 * DCGAN (Radford et al. 2016) and its class-conditional form, sized by the working resolution.
 *
 * Conditioning: the generator takes [z, onehot(y)] concatenated (Mirza & Osindero 2014); the
 * discriminator is a projection discriminator (Miyato & Koyama 2018): logit = psi(phi(x)) +
 * <embed(y), phi(x)>. We chose projection over ACGAN because ACGAN's auxiliary classifier
 * rewards easy-to-classify samples and is known to lose intra-class diversity, which is exactly
 * what synthetic data for augmentation needs; projection adds no loss term to balance, and is
 * built from stock layers (Dense, Dot, Add), so models save and load in the TF.js format without
 * custom classes.
 *
 * Pixels are in [0, 1] at both boundaries: the generator ends in tanh and a Rescaling to [0, 1];
 * the discriminator starts with a Rescaling to [-1, 1].
 *
 * At 28x28x1 with width 64 this is the benchmark architecture: generator dense -> 7x7x128 ->
 * deconv 64 -> deconv 1; discriminator conv 64 -> conv 128 -> dense 1 (4x4 kernels, stride 2).
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormalization, conv2d, dense, latentInputs } from './trainingLayers';
import { assertChannels, assertPositiveInt, stagePlan, stageWidths, type ModelSize } from './architecture';
import { dcganKernel, layerSeed } from './init';

export interface GanConfig {
  kind: 'gan';
  size: ModelSize;
  channels: 1 | 3;
  /** Length of the noise vector z. */
  latentDim: number;
  /** 0: unconditional DCGAN; 2 or more: class-conditional (projection discriminator). */
  numClasses: number;
  /** Channels of the full-resolution stage; inner stages double it, up to 4x. */
  width: number;
  /** Seeds the weight initialisation. */
  seed: number;
}

export interface Gan {
  config: GanConfig;
  /** [z] or [z, onehot] -> images [n, size, size, channels] in [0, 1]. */
  generator: tf.LayersModel;
  /** [images] or [images, onehot] -> logits [n, 1]. */
  discriminator: tf.LayersModel;
}

export function ganConfig(
  init: Pick<GanConfig, 'size' | 'channels'> & Partial<Omit<GanConfig, 'kind'>>,
): GanConfig {
  const config: GanConfig = { kind: 'gan', latentDim: 100, numClasses: 0, width: 64, seed: 1, ...init };
  stagePlan(config.size);
  assertChannels(config.channels);
  assertPositiveInt('Latent size', config.latentDim, 1, 1024);
  assertPositiveInt('Width', config.width, 1, 1024);
  if (config.numClasses !== 0) assertPositiveInt('Number of classes', config.numClasses, 2, 10_000);
  return config;
}

const KERNEL = 4;

function batchNorm(name: string, seed: number): tf.layers.Layer {
  // PyTorch's BN momentum 0.1 (= tfjs 0.9): moving statistics track training closely enough that
  // samples drawn in inference mode look like the training-mode outputs early on.
  return batchNormalization({
    name,
    momentum: 0.9,
    epsilon: 1e-5,
    gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: layerSeed(seed, name) }),
  });
}

export function buildGenerator(config: GanConfig): tf.LayersModel {
  const { base, stages } = stagePlan(config.size);
  const widths = stageWidths(stages, config.width);
  const seed = config.seed;
  const latent = latentInputs('g', config.latentDim, config.numClasses);
  const inputs = latent.inputs;
  let h = latent.h;
  const top = widths[stages - 1];
  h = dense({
    name: 'g_dense',
    units: base * base * top,
    useBias: false,
    kernelInitializer: dcganKernel(seed, 'g_dense'),
  }).apply(h) as tf.SymbolicTensor;
  h = batchNorm('g_bn0', seed).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU({ name: 'g_relu0' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ name: 'g_reshape', targetShape: [base, base, top] }).apply(h) as tf.SymbolicTensor;
  for (let k = stages - 2; k >= 0; k--) {
    const name = `g_deconv${stages - 1 - k}`;
    h = tf.layers
      .conv2dTranspose({
        name,
        filters: widths[k],
        kernelSize: KERNEL,
        strides: 2,
        padding: 'same',
        useBias: false,
        kernelInitializer: dcganKernel(seed, name),
      }).apply(h) as tf.SymbolicTensor;
    h = batchNorm(`g_bn${stages - 1 - k}`, seed).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU({ name: `g_relu${stages - 1 - k}` }).apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers
    .conv2dTranspose({
      name: 'g_out',
      filters: config.channels,
      kernelSize: KERNEL,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: dcganKernel(seed, 'g_out'),
    }).apply(h) as tf.SymbolicTensor;
  const pixels = tf.layers.rescaling({ name: 'g_to_pixels', scale: 0.5, offset: 0.5 }).apply(h) as tf.SymbolicTensor;
  return tf.model({ name: 'generator', inputs, outputs: pixels });
}

export function buildDiscriminator(config: GanConfig): tf.LayersModel {
  const { stages } = stagePlan(config.size);
  const widths = stageWidths(stages, config.width);
  const seed = config.seed;
  const x = tf.input({ shape: [config.size, config.size, config.channels], name: 'd_image' });
  const inputs: tf.SymbolicTensor[] = [x];
  let h = tf.layers.rescaling({ name: 'd_from_pixels', scale: 2, offset: -1 }).apply(x) as tf.SymbolicTensor;
  for (let k = 0; k < stages; k++) {
    const name = `d_conv${k + 1}`;
    h = conv2d({
      name,
      filters: widths[k],
      kernelSize: KERNEL,
      strides: 2,
      padding: 'same',
      useBias: k === 0,
      kernelInitializer: dcganKernel(seed, name),
    }).apply(h) as tf.SymbolicTensor;
    if (k > 0) h = batchNorm(`d_bn${k + 1}`, seed).apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ name: `d_lrelu${k + 1}`, alpha: 0.2 }).apply(h) as tf.SymbolicTensor;
  }
  const features = tf.layers.flatten({ name: 'd_flatten' }).apply(h) as tf.SymbolicTensor;
  let logit = dense({ name: 'd_logit', units: 1, kernelInitializer: dcganKernel(seed, 'd_logit') }).apply(features) as tf.SymbolicTensor;
  if (config.numClasses > 0) {
    const y = tf.input({ shape: [config.numClasses], name: 'd_label' });
    inputs.push(y);
    const featureDim = features.shape[1] as number;
    const embed = dense({
      name: 'd_embed',
      units: featureDim,
      useBias: false,
      kernelInitializer: dcganKernel(seed, 'd_embed'),
    }).apply(y) as tf.SymbolicTensor;
    const projection = tf.layers.dot({ name: 'd_projection', axes: 1 }).apply([embed, features]) as tf.SymbolicTensor;
    logit = tf.layers.add({ name: 'd_logit_cond' }).apply([logit, projection]) as tf.SymbolicTensor;
  }
  return tf.model({ name: 'discriminator', inputs, outputs: logit });
}

export function buildGan(init: Parameters<typeof ganConfig>[0]): Gan {
  const config = ganConfig(init);
  return { config, generator: buildGenerator(config), discriminator: buildDiscriminator(config) };
}

export function disposeGan(gan: Gan): void {
  gan.generator.dispose();
  gan.discriminator.dispose();
}
