import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../models/adam';
import { disableFusedAdam, enableFusedAdam } from './adam/fusedAdam';
import { restoreOriginalKernels } from './registerWasmTrainingKernels';
import { useWasmForTraining, wasmHeapNode } from './testing/wasmBackendNode';

describe('clones on the WASM backend', () => {
  beforeAll(async () => {
    await useWasmForTraining({ heap: await wasmHeapNode() });
  });
  afterAll(() => {
    disableFusedAdam();
    restoreOriginalKernels('wasm');
  });

  it('share the original buffer, and each stays readable after the other is disposed', () => {
    const heapTensors = tf.engine().backend.numDataIds();
    const x = tf.tensor([1.5, -2, 3.25, 4], [2, 2]);
    const c = tf.clone(x);
    expect(c.dataId).toBe(x.dataId);
    expect(tf.engine().backend.numDataIds()).toBe(heapTensors + 1);
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3.25, 4]);
    expect(c.shape).toEqual([2, 2]);
    c.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(heapTensors);
  });

  it('are what gradients save: a gradient through saved tensors is unchanged, and no buffer is left behind', () => {
    const heapTensors = tf.engine().backend.numDataIds();
    const [dx] = tf.tidy(() => tf.grads((a: tf.Tensor) => tf.leakyRelu(tf.mul(a, a), 0.2).sum())([tf.tensor([-2, -0.5, 0, 1, 3])]).map((g) => tf.keep(g)));
    // d/da leakyRelu(a²) = 2a (a² ≥ 0)
    expect(Array.from(dx.dataSync())).toEqual([-4, -1, 0, 2, 6]);
    dx.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(heapTensors);
  });

  it('keep their values when Adam updates the variable they were cloned from (the fused update declines)', async () => {
    expect(enableFusedAdam(await wasmHeapNode())).toBe(true);
    const w = tf.tidy(() => tf.variable(tf.tensor([1, 2, 3, 4]), true, 'si_w'));
    const saved = tf.clone(w);
    const adam = new Adam([w]);
    tf.tidy(() => adam.apply({ si_w: tf.ones([4]) }, { learningRate: 0.1, beta1: 0.5, beta2: 0.999 }));
    expect(Array.from(saved.dataSync())).toEqual([1, 2, 3, 4]);
    // The first Adam step moves every weight by −lr·sign(g) (up to eps).
    Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(i + 1 - 0.1, 5));
    tf.dispose([w, saved]);
    adam.dispose();
  });
});
