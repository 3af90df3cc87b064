import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../../models/adam';
import { initWasmBackendNode, wasmHeapNode } from '../testing/wasmBackendNode';
import { disableFusedAdam, enableFusedAdam } from './fusedAdam';

const values = (n: number, salt: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 12.9898 + salt * 78.233));

/**
 * Three Adam steps on two variables (sizes with and without a 4-float tail): their final values,
 * and whether every variable kept its buffer (updated in place) throughout.
 */
function train(): { values: Float32Array[]; inPlace: boolean } {
  const vars = tf.tidy(() => [tf.variable(tf.tensor(values(37, 1), [37]), true, 'fa_w1'), tf.variable(tf.tensor(values(64, 2), [8, 8]), true, 'fa_w2')]);
  const adam = new Adam(vars);
  const buffers = [...vars, ...adam.m, ...adam.v].map((t) => t.dataId);
  for (let step = 0; step < 3; step++) {
    tf.tidy(() => {
      const grads = { fa_w1: tf.tensor(values(37, 10 + step), [37]), fa_w2: tf.tensor(values(64, 20 + step), [8, 8]) };
      adam.apply(grads, { learningRate: 0.01 * (step + 1), beta1: 0.5, beta2: 0.999 });
    });
  }
  const all = [...vars, ...adam.m, ...adam.v];
  const out = { values: all.map((t) => t.dataSync() as Float32Array), inPlace: all.every((t, i) => t.dataId === buffers[i]) };
  tf.dispose(vars);
  adam.dispose();
  return out;
}

describe('fused Adam on the WASM heap', () => {
  beforeAll(async () => {
    await initWasmBackendNode();
    await tf.setBackend('wasm');
  });
  afterAll(() => disableFusedAdam());

  it('gives the same bits as the tfjs ops, in place', async () => {
    disableFusedAdam();
    const numTensors = tf.memory().numTensors;
    const reference = train();
    expect(reference.inPlace).toBe(false);
    expect(enableFusedAdam(await wasmHeapNode())).toBe(true);
    const fused = train();
    expect(fused.inPlace).toBe(true);
    fused.values.forEach((f, i) => expect(Array.from(f), `tensor ${i}`).toEqual(Array.from(reference.values[i])));
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('declines where another tensor shares a variable\'s buffer, which keeps its values', async () => {
    expect(enableFusedAdam(await wasmHeapNode())).toBe(true);
    const w = tf.tidy(() => tf.variable(tf.tensor(values(16, 3), [4, 4]), true, 'fa_shared'));
    const view = tf.reshape(w, [16]); // shares w's buffer
    const before = Array.from(view.dataSync());
    const adam = new Adam([w]);
    tf.tidy(() => adam.apply({ fa_shared: tf.ones([4, 4]) }, { learningRate: 0.1, beta1: 0.5, beta2: 0.999 }));
    expect(Array.from(view.dataSync())).toEqual(before);
    // The first Adam step moves every weight by −lr·sign(g) (up to eps).
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(before[i] - 0.1, 5));
    tf.dispose([w, view]);
    adam.dispose();
  });
});
