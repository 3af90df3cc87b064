/**
 * Adam's update fused into one in-place pass per variable on tfjs-backend-wasm's heap
 * (adam.wat): a GAN step otherwise runs ~200 element-wise kernels and ~50 assignments for its
 * two optimizers, ~35 ms of a ~360 ms step here, mostly per-kernel overhead on small tensors.
 * The float32 operations and their order are Adam.apply's, so the bits are the same.
 *
 * In place is safe only where no other tensor shares a variable's buffer: the update checks the
 * backend's reference counts and declines otherwise (the caller then runs tfjs ops).
 */
import * as tf from '@tensorflow/tfjs';
import { instantiateOnHeap, type WasmBackendData } from '../heapModule';
import plainBytes from './adam.wat';
import sharedBytes from './adam.wat?shared';

interface AdamExports {
  adam(w: number, m: number, v: number, g: number, n: number, b1: number, b1c: number, b2: number, b2c: number, step: number, invC2: number, eps: number): void;
}

/** The update's constants, as Adam.apply computes them. */
export interface AdamCoefficients {
  b1: number;
  b1c: number;
  b2: number;
  b2c: number;
  /** −learningRate / (1 − b1^t) */
  step: number;
  /** 1 / (1 − b2^t) */
  invC2: number;
  eps: number;
}

let kernel: { exports: AdamExports; backend: tf.KernelBackend } | null = null;

/** Instantiates the fused update on the WASM backend's heap; false where it cannot run. */
export function enableFusedAdam(heap: WebAssembly.Memory): boolean {
  const backend = tf.findBackend('wasm');
  const exports = backend ? instantiateOnHeap<AdamExports>(plainBytes, sharedBytes, heap) : null;
  kernel = backend && exports ? { exports, backend } : null;
  return kernel !== null;
}

export function disableFusedAdam(): void {
  kernel = null;
}

/** Updates w, m and v in place from g; false (and nothing changed) where it cannot. */
export function fusedAdamUpdate(w: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, c: AdamCoefficients): boolean {
  if (!kernel || tf.backend() !== kernel.backend) return false;
  const tensors = [w, m, v, g];
  if (tensors.some((t) => t.dtype !== 'float32' || t.size !== w.size)) return false;
  const map = (kernel.backend as unknown as WasmBackendData).dataIdMap;
  const [wd, md, vd, gd] = tensors.map((t) => map.get(t.dataId));
  if (!wd || !md || !vd || !gd || wd.refCount !== 1 || md.refCount !== 1 || vd.refCount !== 1) return false;
  kernel.exports.adam(wd.memoryOffset, md.memoryOffset, vd.memoryOffset, gd.memoryOffset, w.size, c.b1, c.b1c, c.b2, c.b2c, c.step, c.invC2, c.eps);
  return true;
}
