/**
 * Readies a started backend for training (train and evaluate workers): on WASM the project's
 * training kernels, with convolutions on the GEMM engine and its helper threads and Adam fused
 * in place when tfjs's heap was found; elsewhere the faster gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { trainingThreads } from '../../src/core/backend';
import { registerCpuTrainingKernels, registerTrainingGradients, registerWasmTrainingKernels } from '../../src/core/kernels';
import { enableFusedAdam } from '../../src/core/kernels/adam/fusedAdam';
import { startGemmEngine, type GemmHelperInit, type StartedGemmEngine } from '../../src/core/kernels/gemm/startGemmEngine';
import type { StartedBackend } from './tf-start';

const HELPER_START_TIMEOUT_MS = 20_000;

function spawnGemmHelper(init: GemmHelperInit): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./gemm-helper.worker.ts', import.meta.url), { type: 'module', name: `gemm-helper-${init.index + 1}` });
    const fail = (why: string) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`a GEMM helper thread did not start within ${HELPER_START_TIMEOUT_MS / 1000} s`), HELPER_START_TIMEOUT_MS);
    worker.onmessage = ({ data }) => {
      if (data !== 'ready') return fail(`a GEMM helper thread ${data}`);
      clearTimeout(timer);
      resolve(worker);
    };
    worker.onerror = (e) => fail(`a GEMM helper thread failed to load: ${e.message || 'unknown error'}`);
    worker.postMessage(init);
  });
}

/** tfjs's heap, only if it is the very memory tfjs computes in: anything else would read and write the wrong memory. */
function verifiedHeap(heap: WebAssembly.Memory | null | undefined): WebAssembly.Memory | null {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return heap && backend.wasm?.HEAPU8?.buffer === heap.buffer ? heap : null;
}

function describe(heap: WebAssembly.Memory | null, started: StartedGemmEngine | null): string {
  if (!heap) return "convolutions on XNNPACK (the GEMM engine could not find tfjs's heap)";
  if (!started) return 'convolutions on XNNPACK (the GEMM engine needs WebAssembly SIMD)';
  const { engine, helperError } = started;
  const threads = `${engine.threads} thread${engine.threads === 1 ? '' : 's'}`;
  return `convolutions on the GEMM engine (${engine.fused ? 'fused multiply-add' : 'multiply + add'}, ${threads}${helperError ? `: ${helperError}` : ''})`;
}

export interface TrainingKernels {
  kernels: string[];
  /** The adapter text with how convolutions run appended (WASM). */
  adapter: string;
  /** Threads training's heavy kernels run on (WASM: the GEMM engine's, else tfjs's). */
  threads: number;
}

export async function registerTrainingKernels(started: StartedBackend): Promise<TrainingKernels> {
  if (started.backend === 'wasm') {
    const heap = verifiedHeap(started.wasmHeap);
    const helpers = trainingThreads(navigator.hardwareConcurrency || 1) - 1;
    const gemm = heap ? await startGemmEngine(heap, { helpers, spawnHelper: spawnGemmHelper }) : null;
    if (heap) enableFusedAdam(heap);
    const kernels = registerWasmTrainingKernels({ gemm: gemm?.engine, heap: heap ?? undefined });
    return { kernels, adapter: `${started.adapter}; ${describe(heap, gemm)}`, threads: gemm?.engine.threads ?? getThreadsCount() };
  }
  const kernels = started.backend === 'cpu' ? registerCpuTrainingKernels() : [];
  registerTrainingGradients();
  return { kernels, adapter: started.adapter, threads: 1 };
}
