/** Helpers for the transform and pipeline unit tests (Node, tfjs CPU backend). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A batch [n, h, w, c] whose value at (image, row, col, channel) is f(image, row, col, channel). */
export function makeBatch(n: number, h: number, w: number, c: number, f: (i: number, r: number, col: number, ch: number) => number): tf.Tensor4D {
  const data = new Float32Array(n * h * w * c);
  let k = 0;
  for (let i = 0; i < n; i++) for (let r = 0; r < h; r++) for (let col = 0; col < w; col++) for (let ch = 0; ch < c; ch++) data[k++] = f(i, r, col, ch);
  return tf.tensor4d(data, [n, h, w, c]);
}

/** A deterministic pseudo-random image batch in [0, 1]. */
export function noiseBatch(n: number, h: number, w: number, c: number, salt = 1): tf.Tensor4D {
  return makeBatch(n, h, w, c, (i, r, col, ch) => {
    const v = Math.sin((i + 1) * 12.9898 + r * 78.233 + col * 37.719 + ch * 4.581 + salt * 9.17) * 43758.5453;
    return v - Math.floor(v);
  });
}

/** Reads a tensor back as nested arrays and disposes it. */
export function take<T extends tf.Tensor>(t: T): ReturnType<T['arraySync']> {
  const out = t.arraySync() as ReturnType<T['arraySync']>;
  t.dispose();
  return out;
}

export function flat(t: tf.Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

export function expectClose(actual: readonly number[], expected: readonly number[], eps = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  if (worst > eps) {
    const i = actual.findIndex((v, j) => Math.abs(v - expected[j]) > eps);
    expect.fail(`values differ by up to ${worst} (first at index ${i}: ${actual[i]} vs ${expected[i]})`);
  }
}

/**
 * Runs one transform through execute() with hand-written per-image records (params[i] for image
 * i; null: the transform did not fire for that image).
 */
export async function runTransform(name: string, params: ReadonlyArray<object | null>, x: import('@tensorflow/tfjs').Tensor4D) {
  const { execute } = await import('../pipeline/execute');
  const { getTransform } = await import('./registry');
  const kind = getTransform(name)?.kind;
  const plans = params.map((p, i) => ({
    sampleId: `s${i}`,
    seed: 0,
    variant: 0,
    warpAt: kind === 'matrix' ? 0 : -1,
    steps: p === null ? [] : [{ at: 0, node: 'n', name, params: p as never }],
  }));
  return execute(x, plans);
}
