import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormalization, conv2d, dense } from './trainingLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Output and gradients (w.r.t. input and every weight) of sum(layer(x) * g), in training mode. */
function run(layer: tf.layers.Layer, x: tf.Tensor, g: tf.Tensor) {
  layer.apply(x); // build (inference mode: no statistics update)
  return tf.tidy(() => {
    const f = () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, g)) as tf.Scalar;
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(f, vars);
    const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(layer.apply(xi, { training: true }) as tf.Tensor, g)))(x);
    return { y: layer.apply(x, { training: true }) as tf.Tensor, dx, dw: vars.map((v) => grads[v.name]) };
  });
}

describe('training layers match the stock tfjs layers', () => {
  it('BatchNormalization: outputs, gradients, moving statistics, class name', () => {
    const x = tf.randomNormal([4, 5, 5, 3], 2, 3, 'float32', 1);
    const g = tf.randomNormal([4, 5, 5, 3], 0, 1, 'float32', 2);
    const init = { momentum: 0.9, epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.3, seed: 3 }), betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 4 }) };
    const ours = batchNormalization(init);
    const stock = tf.layers.batchNormalization(init);
    const a = run(ours, x, g);
    const b = run(stock, x, g);
    expect(maxDiff(a.y, b.y)).toBeLessThan(1e-5);
    expect(maxDiff(a.dx, b.dx)).toBeLessThan(1e-5);
    a.dw.forEach((d, i) => expect(maxDiff(d, b.dw[i])).toBeLessThan(1e-4));
    // Three training calls each (run applies the layer 3 times): moving stats moved alike.
    ours.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i])).toBeLessThan(1e-5));
    expect(ours.getClassName()).toBe('BatchNormalization');
    // Inference mode is the stock code path.
    expect(maxDiff(ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('Conv2D with bias: outputs and gradients, class name', () => {
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 5);
    const g = tf.randomNormal([2, 4, 4, 6], 0, 1, 'float32', 6);
    const init = { filters: 6, kernelSize: 3, strides: 2, padding: 'same' as const, activation: 'relu' as const, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }), biasInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: 8 }) };
    const ours = conv2d(init);
    const stock = tf.layers.conv2d(init);
    const a = run(ours, x, g);
    const b = run(stock, x, g);
    expect(maxDiff(a.y, b.y)).toBeLessThan(1e-5);
    expect(maxDiff(a.dx, b.dx)).toBeLessThan(1e-5);
    a.dw.forEach((d, i) => expect(maxDiff(d, b.dw[i])).toBeLessThan(1e-5));
    expect(ours.getClassName()).toBe('Conv2D');
  });

  it('Dense: outputs and gradients, class name; no input gradient when only weights are trained', async () => {
    const x = tf.randomNormal([5, 7], 0, 1, 'float32', 9);
    const g = tf.randomNormal([5, 3], 0, 1, 'float32', 10);
    const init = { units: 3, activation: 'linear' as const, kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }), biasInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: 12 }) };
    const ours = dense(init);
    const stock = tf.layers.dense(init);
    const a = run(ours, x, g);
    const b = run(stock, x, g);
    expect(maxDiff(a.y, b.y)).toBeLessThan(1e-6);
    expect(maxDiff(a.dx, b.dx)).toBeLessThan(1e-6);
    a.dw.forEach((d, i) => expect(maxDiff(d, b.dw[i])).toBeLessThan(1e-6));
    expect(ours.getClassName()).toBe('Dense');
    const products = async (layer: tf.layers.Layer) => {
      const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const profile = await tf.profile(() => tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars));
      return profile.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul').length;
    };
    expect(await products(ours)).toBe(2); // forward and the weight gradient
    expect(await products(stock)).toBe(3); // plus the unused input gradient
  });

  it('Conv2D computes no filter gradient when only the input gradient is asked for', async () => {
    const x = tf.randomNormal([2, 8, 8, 3]);
    const ours = conv2d({ filters: 4, kernelSize: 3, padding: 'same' });
    const stock = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' });
    const count = async (layer: tf.layers.Layer) => {
      layer.apply(x); // build
      const profile = await tf.profile(() => tf.grad((xi: tf.Tensor) => tf.sum(layer.apply(xi, { training: true }) as tf.Tensor))(x));
      return profile.kernels.filter((k) => k.name === 'Conv2DBackpropFilter').length;
    };
    // One after the other: concurrent profiles would see each other's kernels.
    expect(await count(ours)).toBe(0);
    expect(await count(stock)).toBe(1); // the waste this layer exists to avoid
  });
});
