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

export interface AdamState {
  step: number;
  beta1Power: number;
  beta2Power: number;
}

/** Backends where each kernel is a GPU dispatch (see the constructor's `batched`). */
const DISPATCH_BOUND = new Set(['webgpu', 'webgl']);

let defaultBatching: 'auto' | boolean = 'auto';

/** What `batched: 'auto'` optimizers built from now on do (benchmarks compare both forms). */
export function setAdamBatching(mode: 'auto' | boolean): void {
  defaultBatching = mode;
}

export class Adam {
  /** Number of updates applied. */
  step = 0;
  /** Running products b1^t, b2^t (betas may change between steps). */
  private beta1Power = 1;
  private beta2Power = 1;
  /** Whether m and v are each one flat variable over all the variables, in order. */
  readonly batched: boolean;
  /** The first and second moments: one slot per variable, or one flat slot (batched). */
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];
  private readonly sizes: number[];

  /**
   * @param batched keep m and v flat and update all variables with one set of tfjs ops: ~15 kernels
   *   in all instead of ~12 per variable. 'auto': on GPU backends, where every kernel is a
   *   dispatch, and dispatches, not arithmetic, set a small model's pace (WASM runs a fused
   *   in-place pass per variable instead). Element by element the arithmetic is the same, and so
   *   are the bits.
   */
  constructor(
    readonly variables: tf.Variable[],
    options: { batched?: 'auto' | boolean } = {},
  ) {
    const mode = options.batched === undefined || options.batched === 'auto' ? defaultBatching : options.batched;
    this.batched = mode === true || (mode === 'auto' && DISPATCH_BOUND.has(tf.getBackend()));
    this.sizes = variables.map((w) => w.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    // tidy frees the zero tensors the variables were made from; variables outlive it.
    const slots = () => tf.tidy(() => (this.batched ? [tf.variable(tf.zeros([total]), false)] : variables.map((w) => tf.variable(tf.zerosLike(w), false))));
    this.m = slots();
    this.v = slots();
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
    if (this.batched) {
      this.applyBatched(grads, k);
      return;
    }
    // The fused in-place update where the backend has it (WASM); tfjs ops for the rest.
    const rest: number[] = [];
    this.variables.forEach((w, i) => {
      const g = grads[w.name];
      if (g && !fusedAdamUpdate(w, this.m[i], this.v[i], g, k)) rest.push(i);
    });
    if (!rest.length) return;
    tf.tidy(() => {
      const c = constants(k);
      for (const i of rest) {
        const w = this.variables[i];
        const { m, v, step } = update(this.m[i], this.v[i], grads[w.name], c);
        this.m[i].assign(m);
        this.v[i].assign(v);
        w.assign(tf.add(w, step));
      }
    });
  }

  /** All variables at once on the flat moments; a variable without a gradient keeps its moments. */
  private applyBatched(grads: tf.NamedTensorMap, k: AdamCoefficients): void {
    const has = this.variables.map((w) => grads[w.name] !== undefined);
    if (!has.some(Boolean)) return;
    tf.tidy(() => {
      const flat = tf.concat(this.variables.map((w, i) => (has[i] ? tf.reshape(grads[w.name], [-1]) : tf.zeros([this.sizes[i]]))));
      let { m, v, step } = update(this.m[0], this.v[0], flat, constants(k));
      if (has.includes(false)) {
        const mask = tf.concat(this.sizes.map((n, i) => tf.fill([n], has[i] ? 1 : 0, 'bool')));
        m = tf.where(mask, m, this.m[0]);
        v = tf.where(mask, v, this.v[0]);
      }
      this.m[0].assign(m);
      this.v[0].assign(v);
      const steps = tf.split(step, this.sizes);
      this.variables.forEach((w, i) => {
        if (has[i]) w.assign(tf.add(w, tf.reshape(steps[i], w.shape)));
      });
    });
  }

  /** The counters, and the moments in variable order (m then v): new tensors the caller disposes. */
  getState(): AdamState & { tensors: tf.Tensor[] } {
    const tensors = tf.tidy(() =>
      [this.m, this.v].flatMap((slot) =>
        this.batched ? tf.split(slot[0], this.sizes).map((t, i) => tf.reshape(t, this.variables[i].shape)) : slot.map((t) => tf.clone(t)),
      ),
    );
    return { step: this.step, beta1Power: this.beta1Power, beta2Power: this.beta2Power, tensors };
  }

  /** Loads counters and moments (in getState's order and sizes). */
  setState(state: AdamState & { values: Float32Array[] }): void {
    const n = this.variables.length;
    if (state.values.length !== 2 * n) throw new Error(`Optimizer state has ${state.values.length} tensors, expected ${2 * n}.`);
    state.values.forEach((values, i) => {
      if (values.length !== this.sizes[i % n]) throw new Error(`Optimizer slot ${i} has ${values.length} values, expected ${this.sizes[i % n]}.`);
    });
    tf.tidy(() =>
      [this.m, this.v].forEach((slot, s) => {
        const values = state.values.slice(s * n, (s + 1) * n);
        if (this.batched) slot[0].assign(tf.concat(values.map((v) => tf.tensor1d(v))));
        else slot.forEach((t, i) => t.assign(tf.tensor(values[i], t.shape)));
      }),
    );
    this.step = state.step;
    this.beta1Power = state.beta1Power;
    this.beta2Power = state.beta2Power;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

interface Constants {
  b1: tf.Scalar;
  b1c: tf.Scalar;
  b2: tf.Scalar;
  b2c: tf.Scalar;
  stepSize: tf.Scalar;
  invC2: tf.Scalar;
  eps: tf.Scalar;
}

function constants(k: AdamCoefficients): Constants {
  return {
    b1: tf.scalar(k.b1),
    b1c: tf.scalar(k.b1c),
    b2: tf.scalar(k.b2),
    b2c: tf.scalar(k.b2c),
    stepSize: tf.scalar(k.step),
    invC2: tf.scalar(k.invC2),
    eps: tf.scalar(k.eps),
  };
}

/** The new moments and the weight step, in the order of operations fusedAdam's kernel repeats. */
function update(m0: tf.Tensor, v0: tf.Tensor, g: tf.Tensor, c: Constants): { m: tf.Tensor; v: tf.Tensor; step: tf.Tensor } {
  const m = tf.add(tf.mul(m0, c.b1), tf.mul(g, c.b1c));
  const v = tf.add(tf.mul(v0, c.b2), tf.mul(tf.square(g), c.b2c));
  const denom = tf.add(tf.sqrt(tf.mul(v, c.invC2)), c.eps);
  return { m, v, step: tf.mul(tf.div(m, denom), c.stepSize) };
}
