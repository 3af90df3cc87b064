/**
 * Makes tfjs's WASM backend able to train conv nets, and fast at it; and speeds up the CPU
 * backend's filter gradient (training's last resort, and the unit tests).
 *
 * tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter (so no conv net can train on it), ships
 * Conv2DBackpropInput as a naive loop (the forward pass of every transposed convolution), and
 * runs transposed or batched matrix products (every Dense layer's gradients) outside XNNPACK.
 * We register kernels built from its fast XNNPACK Conv2D and BatchMatMul for all three, plus
 * faster leading-axes Sum/Mean (batch-norm statistics, bias gradients), a branch-free
 * LeakyRelu, and clones that share their buffer (sharedIdentity.ts). Measured speed-ups: src/core/models/README.md.
 *
 * Call `registerWasmTrainingKernels()` after `await tf.setBackend('wasm')` (the wasm backend
 * module must be imported; kernels may be registered before or after it initialises).
 */
import * as tf from '@tensorflow/tfjs';
import { makeBatchMatMulFast } from './batchMatMulFast';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, makeBatchNormKernels } from './batchNormKernels';
import { makeConv2DBackpropFilter, type FilterGradFormulation } from './conv2dBackpropFilter';
import { makeConv2DBackpropInput } from './conv2dBackpropInput';
import { makeGemmConv2D, makeGemmConv2DBackpropFilter, makeGemmConv2DBackpropInput } from './gemm/convKernels';
import type { GemmEngine } from './gemm/gemmEngine';
import { makeGemmBatchMatMul } from './gemm/matMulKernel';
import { columnSumsOnHeap, makeLeadingAxesReduce } from './leadingAxesReduce';
import { LEAKY_RELU_GRAD, leakyReluGradient, leakyReluOnHeap, makeLeakyRelu, reluGradient } from './leakyRelu';
import { makeSharedIdentity } from './sharedIdentity';

export interface WasmTrainingKernelOptions {
  /** Filter-gradient formulation; 'auto' picks the faster per layer (see conv2dBackpropFilter.ts). */
  filterGrad?: FilterGradFormulation;
  /** Replace the shipped naive Conv2DBackpropInput (default true). */
  fastInputGrad?: boolean;
  /** Route transposed/batched matrix products through XNNPACK (default true). */
  fastMatMul?: boolean;
  /** Leading-axes Sum/Mean as column sums, branch-free LeakyRelu, clones without copies (default true). */
  fastElementwise?: boolean;
  /**
   * Run all three convolution kernels on this GEMM engine (gemm/gemmEngine.ts), with the kernels
   * above as fallbacks for what it does not cover.
   */
  gemm?: GemmEngine;
  /** tfjs's heap (captureWasmMemory), for kernels that run our WebAssembly on tensors in place. */
  heap?: WebAssembly.Memory;
}

/** The backends' own kernels, captured before we replace them, keyed 'backend/kernel'. */
const originals = new Map<string, tf.KernelFunc | null>();

function original(backend: string, name: string): tf.KernelFunc | null {
  const key = `${backend}/${name}`;
  if (!originals.has(key)) originals.set(key, tf.getKernel(name, backend)?.kernelFunc ?? null);
  return originals.get(key)!;
}

function replace(backend: string, name: string, kernelFunc: tf.KernelFunc): void {
  original(backend, name);
  if (tf.getKernel(name, backend)) tf.unregisterKernel(name, backend);
  tf.registerKernel({ kernelName: name, backendName: backend, kernelFunc });
}

/** Puts back the backend's own kernels (e.g. to compare against them in a test). */
export function restoreOriginalKernels(backend: string): void {
  for (const [key, func] of originals) {
    const [b, name] = key.split('/');
    if (b !== backend) continue;
    if (tf.getKernel(name, b)) tf.unregisterKernel(name, b);
    if (func) tf.registerKernel({ kernelName: name, backendName: b, kernelFunc: func });
  }
}

let gradientsRegistered = false;

/**
 * Gradients that are faster on every backend and numerically identical to tfjs's own (see
 * leakyRelu.ts). Registered by registerWasmTrainingKernels; call it directly for other backends.
 */
export function registerTrainingGradients(): void {
  if (gradientsRegistered) return;
  tf.registerGradient(leakyReluGradient);
  tf.registerGradient(reluGradient);
  gradientsRegistered = true;
}

/** Returns the names of the kernels registered (for the UI's backend report). */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): string[] {
  const { filterGrad = 'auto', fastInputGrad = true, fastMatMul = true, fastElementwise = true, gemm, heap } = options;
  const backend = 'wasm';
  const batchMatMul = original(backend, 'BatchMatMul');
  if (!batchMatMul || !tf.getKernel('Conv2D', backend)) {
    throw new Error('registerWasmTrainingKernels: the wasm backend is not loaded (import @tensorflow/tfjs-backend-wasm first).');
  }
  restoreOriginalKernels(backend);
  const registered: string[] = [];
  if (fastMatMul || gemm) {
    const matMulKernel = fastMatMul ? makeBatchMatMulFast(backend, batchMatMul) : batchMatMul;
    replace(backend, 'BatchMatMul', gemm ? makeGemmBatchMatMul(gemm, matMulKernel) : matMulKernel);
    registered.push('BatchMatMul');
  }
  // The filter gradient's GEMM has untransposed operands: the original kernel is enough.
  const filterGradKernel = makeConv2DBackpropFilter(backend, filterGrad, { BatchMatMul: batchMatMul });
  replace(backend, 'Conv2DBackpropFilter', gemm ? makeGemmConv2DBackpropFilter(gemm, filterGradKernel) : filterGradKernel);
  registered.push('Conv2DBackpropFilter');
  if (fastInputGrad || gemm) {
    const inputGradKernel = fastInputGrad ? makeConv2DBackpropInput(backend) : original(backend, 'Conv2DBackpropInput')!;
    replace(backend, 'Conv2DBackpropInput', gemm ? makeGemmConv2DBackpropInput(gemm, inputGradKernel) : inputGradKernel);
    registered.push('Conv2DBackpropInput');
  }
  if (gemm) {
    replace(backend, 'Conv2D', makeGemmConv2D(gemm, original(backend, 'Conv2D')!));
    registered.push('Conv2D');
  }
  if (fastElementwise) {
    const columnSums = heap ? columnSumsOnHeap(heap) : null;
    for (const [name, kind] of [['Sum', 'sum'], ['Mean', 'mean']] as const) {
      const own = original(backend, name);
      if (own) {
        replace(backend, name, makeLeadingAxesReduce(backend, kind, own, columnSums));
        registered.push(name);
      }
    }
    const leakyRelu = heap ? leakyReluOnHeap(heap) : null;
    replace(backend, 'LeakyRelu', leakyRelu?.forward ?? makeLeakyRelu(backend));
    if (leakyRelu) {
      replace(backend, LEAKY_RELU_GRAD, leakyRelu.gradient);
      replace(backend, 'Relu', leakyRelu.relu);
      registered.push('Relu');
    }
    registered.push('LeakyRelu');
    replace(backend, 'Identity', makeSharedIdentity(original(backend, 'Identity')!));
    registered.push('Identity');
    const batchNorm = heap ? makeBatchNormKernels(heap) : null;
    if (batchNorm) {
      replace(backend, BATCH_NORM_TRAINING, batchNorm.forward);
      replace(backend, BATCH_NORM_TRAINING_GRAD, batchNorm.backward);
      registered.push('BatchNorm (training)');
    }
    registerTrainingGradients();
  }
  return registered;
}

/**
 * The CPU backend's Conv2DBackpropFilter is a scalar loop through TensorBuffer accessors (~0.1 s
 * for a tiny layer); the im2col formulation runs on its blocked matrix product instead.
 */
export function registerCpuTrainingKernels(): string[] {
  if (!tf.getKernel('BatchMatMul', 'cpu')) throw new Error('registerCpuTrainingKernels: the cpu backend is not loaded.');
  restoreOriginalKernels('cpu');
  replace('cpu', 'Conv2DBackpropFilter', makeConv2DBackpropFilter('cpu', 'im2col'));
  return ['Conv2DBackpropFilter'];
}
