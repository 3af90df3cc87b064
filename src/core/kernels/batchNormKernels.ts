/**
 * Training-mode batch normalisation as two kernels of our own on tfjs-backend-wasm's heap
 * (batchNorm.wat): the forward pass with its statistics, and the backward pass. tfjs runs a
 * [64,14,14,64] batch norm as ~20 element-wise kernels over the whole activation, forward and
 * back; these make 3 passes forward and 2 back. batchNormTraining (models/trainingLayers.ts) uses
 * them where they are registered for the current backend, with the same results: bit for bit
 * where the tfjs ops take their statistics from our column sums (64+ rows), else within float32
 * rounding of the sums' order.
 */
import * as tf from '@tensorflow/tfjs';
import { instantiateOnHeap } from './heapModule';
import { inKernelScopeAll, type Info } from './kernelScope';
import plainBytes from './batchNorm.wat';
import sharedBytes from './batchNorm.wat?shared';

/** Inputs x, gamma, beta; attrs { epsilon }; outputs [y, mean, variance, inv, scale = gamma·inv]. */
export const BATCH_NORM_TRAINING = 'AugmentStudioBatchNormTraining';
/** Inputs dy, x, mean, inv, scale; outputs [dx, dGamma, dBeta]. */
export const BATCH_NORM_TRAINING_GRAD = 'AugmentStudioBatchNormTrainingGrad';

interface BatchNormExports {
  bn_forward(x: number, rows: number, cols: number, gamma: number, beta: number, eps: number, y: number, mean: number, variance: number, inv: number, a: number, s: number): void;
  bn_backward(dy: number, x: number, rows: number, cols: number, mean: number, inv: number, a: number, dx: number, dGamma: number, dBeta: number, s: number): void;
}

function rowsAndCols(x: Info): { rows: number; cols: number } {
  const cols = x.shape[x.shape.length - 1];
  return { rows: x.shape.reduce((a, b) => a * b, 1) / cols, cols };
}

function assertFloat(kernel: string, inputs: Info[]): void {
  if (inputs.some((t) => t.dtype !== 'float32')) throw new Error(`${kernel}: float32 tensors only.`);
}

/** The two kernels on the heap, or null where the module cannot run. */
export function makeBatchNormKernels(heap: WebAssembly.Memory): { forward: tf.KernelFunc; backward: tf.KernelFunc } | null {
  const wasm = instantiateOnHeap<BatchNormExports>(plainBytes, sharedBytes, heap);
  if (!wasm) return null;
  const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as Record<string, Info>;
    assertFloat(BATCH_NORM_TRAINING, [x, gamma, beta]);
    const { rows, cols } = rowsAndCols(x);
    return inKernelScopeAll(backend, 'wasm', (s) => {
      const y = s.alloc([...x.shape]);
      const [mean, variance, inv, scale] = [0, 1, 2, 3].map(() => s.alloc([cols]));
      const scratch = s.alloc([6 * cols]); // 2·cols float64, 2·cols float32
      const p = (t: Info) => s.pointer(t);
      wasm.bn_forward(p(x), rows, cols, p(gamma), p(beta), (attrs as { epsilon: number }).epsilon, p(y), p(mean), p(variance), p(inv), p(scale), p(scratch));
      return [y, mean, variance, inv, scale];
    });
  };
  const backward: tf.KernelFunc = ({ inputs, backend }) => {
    const { dy, x, mean, inv, scale } = inputs as Record<string, Info>;
    assertFloat(BATCH_NORM_TRAINING_GRAD, [dy, x, mean, inv, scale]);
    const { rows, cols } = rowsAndCols(x);
    return inKernelScopeAll(backend, 'wasm', (s) => {
      const dx = s.alloc([...x.shape]);
      const dGamma = s.alloc([cols]);
      const dBeta = s.alloc([cols]);
      const scratch = s.alloc([6 * cols]);
      const p = (t: Info) => s.pointer(t);
      wasm.bn_backward(p(dy), p(x), rows, cols, p(mean), p(inv), p(scale), p(dx), p(dGamma), p(dBeta), p(scratch));
      return [dx, dGamma, dBeta];
    });
  };
  return { forward, backward };
}
