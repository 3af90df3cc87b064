import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam';

const values = (n: number, salt: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 12.9898 + salt * 78.233));
const shapes = [[3, 5], [7], [2, 2, 3]];

/** Four Adam steps on three variables (the second gets no gradient in step 2); final w, m, v. */
function train(batched: boolean): Float32Array[] {
  const vars = tf.tidy(() => shapes.map((s, k) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(s), k), s), true, `adam_${batched}_${k}`)));
  const adam = new Adam(vars, { batched });
  for (let step = 0; step < 4; step++) {
    tf.tidy(() => {
      const grads: tf.NamedTensorMap = {};
      vars.forEach((w, k) => {
        if (!(step === 2 && k === 1)) grads[w.name] = tf.tensor(values(w.size, 10 * step + k), w.shape);
      });
      adam.apply(grads, { learningRate: 0.01 * (step + 1), beta1: 0.5, beta2: 0.999 });
    });
  }
  expect(adam.batched).toBe(batched);
  const state = adam.getState().tensors;
  const out = [...vars, ...state].map((t) => t.dataSync() as Float32Array);
  tf.dispose([...vars, ...state]);
  adam.dispose();
  return out;
}

describe('Adam', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('batched over all variables gives the bits of the per-variable update, and leaks nothing', () => {
    const numTensors = tf.memory().numTensors;
    const perVariable = train(false);
    const batched = train(true);
    batched.forEach((b, i) => expect(Array.from(b), `tensor ${i}`).toEqual(Array.from(perVariable[i])));
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('saves its state in variable order and loads it into either form, which then continue alike', () => {
    const make = (batched: boolean, tag: string) => {
      const vars = tf.tidy(() => shapes.map((s, k) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(s), k), s), true, `state_${tag}_${k}`)));
      return { vars, adam: new Adam(vars, { batched }) };
    };
    const step = (vars: tf.Variable[], adam: Adam, salt: number) =>
      tf.tidy(() => adam.apply(Object.fromEntries(vars.map((w, k) => [w.name, tf.tensor(values(w.size, salt + k), w.shape)])), { learningRate: 0.02, beta1: 0.5, beta2: 0.999 }));
    const source = make(true, 'src');
    step(source.vars, source.adam, 1);
    step(source.vars, source.adam, 2);
    const saved = source.adam.getState();
    expect(saved.tensors.map((t) => t.shape)).toEqual([...shapes, ...shapes]);
    const moments = saved.tensors.map((t) => t.dataSync() as Float32Array);
    tf.dispose(saved.tensors);
    const weights = source.vars.map((w) => w.dataSync().slice());
    step(source.vars, source.adam, 3);
    for (const batched of [false, true]) {
      const copy = make(batched, `copy_${batched}`);
      tf.tidy(() => copy.vars.forEach((w, k) => w.assign(tf.tensor(weights[k], w.shape))));
      copy.adam.setState({ step: saved.step, beta1Power: saved.beta1Power, beta2Power: saved.beta2Power, values: moments });
      step(copy.vars, copy.adam, 3);
      copy.vars.forEach((w, k) => expect(Array.from(w.dataSync()), `${batched} ${k}`).toEqual(Array.from(source.vars[k].dataSync())));
      tf.dispose(copy.vars);
      copy.adam.dispose();
    }
    tf.dispose(source.vars);
    source.adam.dispose();
  });

  it('moves each weight by −lr·sign(g) on its first step (bias-corrected), per variable and batched', () => {
    for (const batched of [false, true]) {
      const [a, b] = tf.tidy(() => [tf.variable(tf.tensor([1, -2, 3]), true, `first_${batched}_a`), tf.variable(tf.tensor([[0.5]]), true, `first_${batched}_b`)]);
      const adam = new Adam([a, b], { batched });
      tf.tidy(() => adam.apply({ [a.name]: tf.tensor([0.3, -4, 0]), [b.name]: tf.tensor([[-1e-3]]) }, { learningRate: 0.1, beta1: 0.9, beta2: 0.999 }));
      // m̂ = g, v̂ = g², so the step is −lr·g/(|g| + eps): −lr·sign(g), and 0 where g = 0.
      Array.from(a.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([1 - 0.1, -2 + 0.1, 3][i], 5));
      expect(b.dataSync()[0]).toBeCloseTo(0.6, 5);
      tf.dispose([a, b]);
      adam.dispose();
    }
  });
});
