/**
 * Small CNN classifiers: one sized to the resolution for the Evaluate tab, and the fixed feature
 * CNN of the FCD protocol, whose penultimate layer is the feature space for image-set distances.
 *
 * Inputs are pixels in [0, 1]; outputs are class logits (softmax is part of the loss).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2d, dense } from './trainingLayers';
import { assertChannels, assertPositiveInt, stagePlan, type ModelSize } from './architecture';
import { glorotKernel } from './init';

export interface ClassifierConfig {
  kind: 'classifier';
  /** 'fcd-feature' is the fixed protocol; 'small-cnn' grows with the resolution. */
  variant: 'fcd-feature' | 'small-cnn';
  size: ModelSize;
  channels: 1 | 3;
  numClasses: number;
  seed: number;
}

/** Name of the feature layer (dense 128 + ReLU) in the FCD feature CNN. */
export const FCD_FEATURE_LAYER = 'fcd_feature';
export const FCD_FEATURE_DIM = 128;

/** The FCD protocol's training recipe, fixed so the numbers compare across runs and tools. */
export const FCD_PROTOCOL = { epochs: 10, batchSize: 64, learningRate: 1e-3 } as const;

export function classifierConfig(
  init: Pick<ClassifierConfig, 'size' | 'channels' | 'numClasses'> & Partial<Omit<ClassifierConfig, 'kind'>>,
): ClassifierConfig {
  const config: ClassifierConfig = { kind: 'classifier', variant: 'small-cnn', seed: 1, ...init };
  stagePlan(config.size);
  assertChannels(config.channels);
  assertPositiveInt('Number of classes', config.numClasses, 2, 10_000);
  return config;
}

function convBlock(h: tf.SymbolicTensor, filters: number, name: string, seed: number): tf.SymbolicTensor {
  h = conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: glorotKernel(seed, name),
  }).apply(h) as tf.SymbolicTensor;
  return tf.layers.maxPooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2 }).apply(h) as tf.SymbolicTensor;
}

/**
 * FCD protocol: conv 32 (3x3, same) + ReLU + maxpool 2 -> conv 64 + ReLU + maxpool 2 ->
 * dense 128 + ReLU (the feature) -> dense classes.
 * small-cnn: the same, with one more conv/pool block (128) per doubling above 32 pixels, so the
 * flattened map stays ~7x7 or 8x8.
 */
export function buildClassifier(init: Parameters<typeof classifierConfig>[0]): tf.LayersModel {
  const config = classifierConfig(init);
  const seed = config.seed;
  const x = tf.input({ shape: [config.size, config.size, config.channels], name: 'c_image' });
  let h = convBlock(x, 32, 'c_conv1', seed);
  h = convBlock(h, 64, 'c_conv2', seed);
  if (config.variant === 'small-cnn') {
    for (let side = config.size / 4, k = 3; side > 8; side /= 2, k++) h = convBlock(h, 128, `c_conv${k}`, seed);
  }
  h = tf.layers.flatten({ name: 'c_flatten' }).apply(h) as tf.SymbolicTensor;
  h = dense({
      name: FCD_FEATURE_LAYER,
      units: FCD_FEATURE_DIM,
      activation: 'relu',
      kernelInitializer: glorotKernel(seed, FCD_FEATURE_LAYER),
    }).apply(h) as tf.SymbolicTensor;
  const logits = dense({
    name: 'c_logits',
    units: config.numClasses,
    kernelInitializer: glorotKernel(seed, 'c_logits'),
  }).apply(h) as tf.SymbolicTensor;
  return tf.model({ name: config.variant === 'fcd-feature' ? 'fcd_feature_cnn' : 'classifier', inputs: x, outputs: logits });
}

/** The FCD protocol's feature CNN. */
export function buildFeatureCnn(size: ModelSize, channels: 1 | 3, numClasses: number, seed = 1): tf.LayersModel {
  return buildClassifier({ variant: 'fcd-feature', size, channels, numClasses, seed });
}

/** A model that shares the classifier's weights and outputs its 128-d penultimate features. */
export function featureExtractor(classifier: tf.LayersModel): tf.LayersModel {
  const layer = classifier.getLayer(FCD_FEATURE_LAYER);
  return tf.model({ name: 'feature_extractor', inputs: classifier.inputs, outputs: layer.output as tf.SymbolicTensor });
}
