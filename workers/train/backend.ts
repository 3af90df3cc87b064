/**
 * Starts the train worker's tfjs backend for training and readies it: on WASM the project's
 * training kernels (tfjs-backend-wasm ships no Conv2DBackpropFilter), elsewhere the faster
 * gradients. Reports what runs and why better backends were not used.
 */
import type { BackendName } from '../../src/core/backend';
import { startBackend } from '../shared/tf-start';
import { registerTrainingKernels } from '../shared/training-kernels';
import type { TrainBackendInfo } from './types';

/**
 * WASM threads: training's convolutions and matrix products run on the GEMM engine with
 * trainingThreads() threads (both cores of a 2-core machine); tfjs's own ops on one
 * (workers/shared/tf-start.ts).
 */
export async function startTrainingBackend(override?: BackendName): Promise<TrainBackendInfo> {
  const started = await startBackend('train', override);
  const { kernels, adapter, threads } = await registerTrainingKernels(started);
  return {
    backend: started.backend,
    adapter,
    forced: started.forced,
    skipped: started.skipped,
    kernels,
    threads,
    crossOriginIsolated: self.crossOriginIsolated === true,
  };
}
