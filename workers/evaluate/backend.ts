/**
 * Starts the evaluate worker's tfjs backend for training (WebGPU → WebGL → WASM → CPU; a software
 * GPU only when forced) and readies it: the WASM backend ships no Conv2DBackpropFilter, so the
 * project's training kernels are registered there; elsewhere the faster gradients.
 */
import type { BackendName } from '../../src/core/backend';
import { startBackend } from '../shared/tf-start';
import { registerTrainingKernels } from '../shared/training-kernels';
import type { EvaluateBackendInfo } from './types';

export async function startEvaluateBackend(override?: BackendName): Promise<EvaluateBackendInfo> {
  const started = await startBackend('train', override);
  const { adapter, threads } = await registerTrainingKernels(started);
  return {
    backend: started.backend,
    adapter,
    skipped: started.skipped,
    threads,
  };
}
