/**
 * A fixed small computation (convolution, ReLU, matrix product, reduction) run on the active
 * backend and on WASM as the reference: proof that the GPU path computes what the CPU path does.
 */
import * as tf from '@tensorflow/tfjs';

export interface SelfCheckResult {
  backend: string;
  reference: string;
  maxAbsDiff: number;
  /** Largest |value| of the result, to read the difference against. */
  scale: number;
  matches: boolean;
  values: number[];
  millis: number;
}

function fixedOp(): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.sin(tf.range(0, 2 * 16 * 16 * 3).mul(0.37)).reshape([2, 16, 16, 3]) as tf.Tensor4D;
    const w = tf.cos(tf.range(0, 3 * 3 * 3 * 8).mul(0.11)).reshape([3, 3, 3, 8]) as tf.Tensor4D;
    const y = tf.relu(tf.conv2d(x, w, 1, 'same')).reshape([2 * 16 * 16, 8]);
    const m = tf.sin(tf.range(0, 8 * 4).mul(0.5)).reshape([8, 4]);
    return tf.matMul(y, m).mean(0);
  });
}

async function runOn(backend: string): Promise<{ values: number[]; millis: number }> {
  await tf.setBackend(backend);
  await tf.ready();
  const t0 = performance.now();
  const out = fixedOp();
  const values = Array.from(await out.data());
  out.dispose();
  return { values, millis: performance.now() - t0 };
}

export async function selfCheck(reference = 'wasm'): Promise<SelfCheckResult> {
  const active = tf.getBackend();
  const got = await runOn(active);
  const ref = active === reference ? got : await runOn(reference);
  if (active !== reference) await tf.setBackend(active);
  let maxAbsDiff = 0;
  let scale = 0;
  for (let i = 0; i < got.values.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got.values[i] - ref.values[i]));
    scale = Math.max(scale, Math.abs(ref.values[i]));
  }
  return {
    backend: active,
    reference,
    maxAbsDiff,
    scale,
    matches: maxAbsDiff <= 1e-3 * Math.max(1, scale),
    values: got.values,
    millis: got.millis,
  };
}
