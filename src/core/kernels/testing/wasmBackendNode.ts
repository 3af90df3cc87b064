/**
 * Starts tfjs's WASM backend in Node (tests and measurements only; workers use Vite `?url`
 * imports instead). In Node the backend reads its .wasm files from disk, so we point
 * setWasmPaths at the package's dist folder as a file path.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { captureWasmMemory } from '../gemm/wasmMemory';
import { registerWasmTrainingKernels, type WasmTrainingKernelOptions } from '../registerWasmTrainingKernels';

let ready: Promise<void> | null = null;
let heap: WebAssembly.Memory | null = null;

/** Registers and initialises the 'wasm' backend once (single thread, SIMD); does not switch to it. */
export function initWasmBackendNode(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(path.dirname(entry) + path.sep);
      setThreadsCount(1);
      const previous = tf.getBackend();
      heap = (await captureWasmMemory(() => tf.setBackend('wasm'))).memory;
      await tf.ready();
      if (previous && previous !== 'wasm') await tf.setBackend(previous);
    })();
  }
  return ready;
}

/** The WASM backend's heap (for the GEMM engine); initialises the backend first. */
export async function wasmHeapNode(): Promise<WebAssembly.Memory> {
  await initWasmBackendNode();
  if (!heap) throw new Error('The WASM backend started without a WebAssembly.Memory we could find.');
  return heap;
}

/** Switches to WASM with the training kernels registered. */
export async function useWasmForTraining(options?: WasmTrainingKernelOptions): Promise<void> {
  await initWasmBackendNode();
  await tf.setBackend('wasm');
  registerWasmTrainingKernels(options);
}
