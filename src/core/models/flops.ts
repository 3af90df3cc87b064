/**
 * Floating-point operations of a training step, counted from the layers' shapes (2 per
 * multiply-add; convolutions, transposed convolutions and dense layers only: the element-wise
 * work is memory-bound and not counted). A gradient costs one forward's worth per operand it is
 * taken for (input, weights), which is what the step functions compute.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Gan } from './gan';
import type { Vae } from './vae';

/** Per-sample multiply-adds of each Dense / Conv2D / Conv2DTranspose layer, in order. */
export function layerMacs(model: tf.LayersModel): number[] {
  const out: number[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const outShape = layer.outputShape as number[];
    const kernel = (layer.getWeights()[0]?.shape ?? []) as number[];
    if (kind === 'Dense') out.push((kernel[0] ?? 0) * (kernel[1] ?? 0));
    // Conv2D: every output pixel is a kh*kw*inC dot product per output channel.
    if (kind === 'Conv2D') out.push(outShape[1] * outShape[2] * kernel[0] * kernel[1] * kernel[2] * kernel[3]);
    // Conv2DTranspose (kernel [kh, kw, outC, inC]): every input pixel scatters a kh*kw*outC patch.
    if (kind === 'Conv2DTranspose') {
      const input = (layer.input as tf.SymbolicTensor).shape as number[];
      out.push(input[1] * input[2] * kernel[0] * kernel[1] * kernel[2] * kernel[3]);
    }
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * GAN step (ganTrainer.ts): one G forward; D forwards on the real batch and on the fakes (shared
 * by both players); G's backward: D input gradients, G weight and input gradients (none into z);
 * D's backward, twice: weight gradients, and input gradients below the first layer.
 */
export function ganStepFlops(gan: Gan, batch: number): number {
  const g = layerMacs(gan.generator);
  const d = layerMacs(gan.discriminator);
  const macs = sum(g) + 2 * sum(d) + sum(d) + (2 * sum(g) - g[0]) + 2 * (2 * sum(d) - d[0]);
  return 2 * batch * macs;
}

/** VAE step: encoder and decoder forward; weight gradients everywhere, input gradients below the first encoder layer. */
export function vaeStepFlops(vae: Vae, batch: number): number {
  const e = layerMacs(vae.encoder);
  const dec = layerMacs(vae.decoderLogits);
  return 2 * batch * (3 * (sum(e) + sum(dec)) - e[0]);
}
