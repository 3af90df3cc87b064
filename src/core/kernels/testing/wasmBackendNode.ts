/**
 * Starts tfjs's WASM backend in Node (tests and measurements only; workers use Vite `?url`
 * imports instead). In Node the backend reads its .wasm files from disk, so we point
 * setWasmPaths at the package's dist folder as a file path.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, type WasmTrainingKernelOptions } from '../registerWasmTrainingKernels';

let ready: Promise<void> | null = null;

/** Registers and initialises the 'wasm' backend once (single thread, SIMD); does not switch to it. */
export function initWasmBackendNode(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(path.dirname(entry) + path.sep);
      setThreadsCount(1);
      const previous = tf.getBackend();
      await tf.setBackend('wasm');
      await tf.ready();
      if (previous && previous !== 'wasm') await tf.setBackend(previous);
    })();
  }
  return ready;
}

/** Switches to WASM with the training kernels registered. */
export async function useWasmForTraining(options?: WasmTrainingKernelOptions): Promise<void> {
  await initWasmBackendNode();
  await tf.setBackend('wasm');
  registerWasmTrainingKernels(options);
}
