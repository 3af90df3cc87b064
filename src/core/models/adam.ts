/**
 * Adam (Kingma & Ba 2015) over a fixed list of variables, with the learning rate and betas
 * passed per step (so they can change while training runs) and its state exposed in variable
 * order (so checkpoints can store it). Same update as PyTorch's:
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
 */
import * as tf from '@tensorflow/tfjs';
import { fusedAdamUpdate, type AdamCoefficients } from '../kernels/adam/fusedAdam';

export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon?: number;
}

/** Backends where each kernel is a GPU dispatch (see the constructor's `batched`). */
const DISPATCH_BOUND = new Set(['webgpu', 'webgl']);

let defaultBatching: 'auto' | boolean = 'auto';

/** What `batched: 'auto'` optimizers do (benchmarks compare both forms in one process). */
export function setAdamBatching(mode: 'auto' | boolean): void {
  defaultBatching = mode;
}

export class Adam {
  /** Number of updates applied. */
  step = 0;
  /** Running products b1^t, b2^t (betas may change between steps). */
  private beta1Power = 1;
  private beta2Power = 1;
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  /**
   * @param batched run the tfjs-op update once over all variables concatenated, instead of once per
   *   variable: ~12 kernels in all instead of ~12 per variable (plus a split). 'auto': on GPU
   *   backends, where every kernel is a dispatch and dispatches, not arithmetic, set a small
   *   model's pace. The arithmetic is the same, element by element, so are the bits.
   */
  constructor(
    readonly variables: tf.Variable[],
    private readonly options: { batched?: 'auto' | boolean } = {},
  ) {
    // tidy frees the zero tensors the variables were made from; variables outlive it.
    this.m = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
    this.v = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
  }

  /** Applies one update; `grads` is keyed by variable name (as tf.variableGrads returns). */
  apply(grads: tf.NamedTensorMap, hyper: AdamHyper): void {
    const { learningRate, beta1, beta2, epsilon = 1e-8 } = hyper;
    this.step++;
    this.beta1Power *= beta1;
    this.beta2Power *= beta2;
    const c1 = 1 - this.beta1Power;
    const c2 = 1 - this.beta2Power;
    const k: AdamCoefficients = { b1: beta1, b1c: 1 - beta1, b2: beta2, b2c: 1 - beta2, step: -learningRate / c1, invC2: 1 / c2, eps: epsilon };
    // The fused in-place update where the backend has it (WASM); tfjs ops for the rest.
    const rest: number[] = [];
    this.variables.forEach((w, i) => {
      const g = grads[w.name];
      if (g && !fusedAdamUpdate(w, this.m[i], this.v[i], g, k)) rest.push(i);
    });
    if (!rest.length) return;
    tf.tidy(() => {
      const b1 = tf.scalar(k.b1);
      const b1c = tf.scalar(k.b1c);
      const b2 = tf.scalar(k.b2);
      const b2c = tf.scalar(k.b2c);
      const stepSize = tf.scalar(k.step);
      const invC2 = tf.scalar(k.invC2);
      const eps = tf.scalar(k.eps);
      const batched = this.options.batched === undefined || this.options.batched === 'auto' ? defaultBatching : this.options.batched;
      if (rest.length > 1 && (batched === true || (batched === 'auto' && DISPATCH_BOUND.has(tf.getBackend())))) {
        const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => tf.reshape(t, [-1])));
        const g = flat(rest.map((i) => grads[this.variables[i].name]));
        const m = tf.add(tf.mul(flat(rest.map((i) => this.m[i])), b1), tf.mul(g, b1c));
        const v = tf.add(tf.mul(flat(rest.map((i) => this.v[i])), b2), tf.mul(tf.square(g), b2c));
        const step = tf.mul(tf.div(m, tf.add(tf.sqrt(tf.mul(v, invC2)), eps)), stepSize);
        const sizes = rest.map((i) => this.variables[i].size);
        const [ms, vs, steps] = [m, v, step].map((t) => tf.split(t, sizes));
        rest.forEach((i, k) => {
          const w = this.variables[i];
          this.m[i].assign(tf.reshape(ms[k], w.shape));
          this.v[i].assign(tf.reshape(vs[k], w.shape));
          w.assign(tf.add(w, tf.reshape(steps[k], w.shape)));
        });
        return;
      }
      for (const i of rest) {
        const w = this.variables[i];
        const g = grads[w.name];
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, b1c));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), b2c));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.sqrt(tf.mul(v, invC2)), eps);
        w.assign(tf.add(w, tf.mul(tf.div(m, denom), stepSize)));
      }
    });
  }

  /** State in variable order: m then v tensors, plus the counters. */
  getState(): { step: number; beta1Power: number; beta2Power: number; tensors: tf.Tensor[] } {
    return { step: this.step, beta1Power: this.beta1Power, beta2Power: this.beta2Power, tensors: [...this.m, ...this.v] };
  }

  setState(state: { step: number; beta1Power: number; beta2Power: number; values: Float32Array[] }): void {
    const n = this.variables.length;
    if (state.values.length !== 2 * n) throw new Error(`Optimizer state has ${state.values.length} tensors, expected ${2 * n}.`);
    const slots = [...this.m, ...this.v];
    slots.forEach((slot, i) => {
      if (state.values[i].length !== slot.size) {
        throw new Error(`Optimizer slot ${i} has ${state.values[i].length} values, expected ${slot.size}.`);
      }
    });
    tf.tidy(() => slots.forEach((slot, i) => slot.assign(tf.tensor(state.values[i], slot.shape))));
    this.step = state.step;
    this.beta1Power = state.beta1Power;
    this.beta2Power = state.beta2Power;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
