/**
 * A helper of the augment worker: runs pixel jobs on its own tfjs backend, so a WASM or CPU
 * backend (whose warp runs on one thread) can use every core. Started by pool.ts; holds no state
 * but the backend.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../src/core/backend';
// Registers the WebGPU and WASM backends and the URLs of the WASM binaries.
import '../shared/tf-start';
import { executePixels, type JobTiming, type PixelJob } from './execute-pixels';

const api = {
  /** Starts `backend`; on WASM with `threads` set, limits its thread pool (the pool already uses every core). */
  async init(backend: BackendName, threads?: number): Promise<string> {
    if (backend === 'wasm' && threads) setThreadsCount(threads);
    if (!(await tf.setBackend(backend))) throw new Error(`The helper worker could not start ${backend}.`);
    await tf.ready();
    return tf.getBackend();
  },

  async run(job: PixelJob): Promise<{ pixels: Uint8Array; timing: JobTiming }> {
    const timing: JobTiming = { uploadMs: 0, executeMs: 0, readbackMs: 0 };
    const pixels = await executePixels(job, timing);
    return Comlink.transfer({ pixels, timing }, [pixels.buffer]);
  },

  numTensors: () => tf.memory().numTensors,
};

export type AugmentHelperApi = typeof api;
Comlink.expose(api);
