/**
 * A GEMM helper thread: instantiates the GEMM module on the training worker's shared heap and
 * serves its share of each convolution (src/core/kernels/gemm/gemmThreads.ts). It blocks in
 * Atomics.wait between calls and never returns to its event loop; it ends with its parent.
 */
import { instantiateGemm, type GemmExports } from '../../src/core/kernels/gemm/gemmModule';
import { serveGemmJobs } from '../../src/core/kernels/gemm/gemmThreads';
import type { GemmHelperInit } from '../../src/core/kernels/gemm/startGemmEngine';

self.onmessage = ({ data }: MessageEvent<GemmHelperInit>) => {
  let exports: GemmExports;
  try {
    exports = instantiateGemm(data.module, data.memory);
  } catch (e) {
    self.postMessage(`failed: ${(e as Error).message}`);
    return;
  }
  self.postMessage('ready');
  serveGemmJobs(data.control, data.index, exports);
};
