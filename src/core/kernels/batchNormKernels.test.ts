import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining } from '../models/trainingLayers';
import { BATCH_NORM_TRAINING } from './batchNormKernels';
import { registerWasmTrainingKernels } from './registerWasmTrainingKernels';
import { initWasmBackendNode, wasmHeapNode } from './testing/wasmBackendNode';

const fixture = (shape: number[], salt: number) =>
  tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin((i + 1) * 12.9898 + salt * 78.233) * 2 + 0.3), shape);

/** y, the batch statistics, and the gradients of sum(y · g) for x, gamma and beta. */
function run(shape: number[]): Float32Array[] {
  return tf.tidy(() => {
    const c = shape[shape.length - 1];
    const x = fixture(shape, 1);
    const gamma = fixture([c], 2) as tf.Tensor1D;
    const beta = fixture([c], 3) as tf.Tensor1D;
    const g = fixture(shape, 4);
    const out = batchNormTraining(x, gamma, beta, 1e-3);
    const stats = [out.y, out.mean, out.variance].map((t) => t.dataSync() as Float32Array);
    tf.dispose([out.mean, out.variance]);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
      const r = batchNormTraining(a, b as tf.Tensor1D, d as tf.Tensor1D, 1e-3);
      tf.dispose([r.mean, r.variance]);
      return tf.sum(tf.mul(r.y, g));
    })([x, gamma, beta]);
    return [...stats, ...grads.map((t) => t.dataSync() as Float32Array)];
  });
}

// 120 and 64 rows: the tfjs ops take their statistics from our column sums (64+ rows), which add
// in the same order; 27 rows: from tfjs's own Mean, which adds in another.
const shapes = [[6, 5, 4, 7], [64, 40], [3, 3, 3, 12]];
const sameOrder = (shape: number[]) => shape.slice(0, -1).reduce((a, b) => a * b, 1) >= 64;

describe('batch norm (training) on the WASM heap', () => {
  beforeAll(async () => {
    await initWasmBackendNode();
    await tf.setBackend('wasm');
  });
  afterAll(() => registerWasmTrainingKernels());

  it('gives the bits of the tfjs ops, forward and backward, and matches the CPU backend', async () => {
    const heap = await wasmHeapNode();
    registerWasmTrainingKernels({ heap });
    const fusedKernel = tf.getKernel(BATCH_NORM_TRAINING, 'wasm')!;
    expect(fusedKernel).toBeDefined();
    tf.unregisterKernel(BATCH_NORM_TRAINING, 'wasm'); // the tfjs ops, with the heap's column sums
    const ops = shapes.map(run);
    tf.registerKernel(fusedKernel);
    const tensors = tf.memory().numTensors;
    const fused = shapes.map(run);
    expect(tf.memory().numTensors).toBe(tensors);
    await tf.setBackend('cpu');
    const cpu = shapes.map(run);
    await tf.setBackend('wasm');
    const names = ['y', 'mean', 'variance', 'dx', 'dGamma', 'dBeta'];
    shapes.forEach((shape, k) =>
      names.forEach((name, i) => {
        const label = `${name} ${JSON.stringify(shape)}`;
        const scale = Math.max(...cpu[k][i].map(Math.abs));
        if (sameOrder(shape)) expect(Array.from(fused[k][i]), label).toEqual(Array.from(ops[k][i]));
        else fused[k][i].forEach((v, j) => expect(Math.abs(v - ops[k][i][j]) / scale, label).toBeLessThan(1e-6));
        fused[k][i].forEach((v, j) => expect(Math.abs(v - cpu[k][i][j]) / scale, label).toBeLessThan(1e-5));
      }),
    );
  });
});
