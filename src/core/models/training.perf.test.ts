/**
 * Training speed of the benchmark models on WASM, one thread, in Node. Skipped in the unit
 * suite; run with
 *   PERF=1 npx vitest run src/core/models/training.perf.test.ts
 * Times are process CPU time (this machine's 2 cores are shared; wall time would count other
 * tenants' work), as median and best of several 4-step windows. KERNELS=minimal registers only
 * the missing Conv2DBackpropFilter (the shipped kernels otherwise); KERNELS=xnnpack leaves the
 * convolutions to XNNPACK and our XNNPACK-based gradients instead of the GEMM engine, and Adam to
 * tfjs ops instead of the fused update.
 */
import { describe, it } from 'vitest';
import { disableFusedAdam, enableFusedAdam } from '../kernels/adam/fusedAdam';
import { startGemmEngine } from '../kernels/gemm/startGemmEngine';
import { useWasmForTraining, wasmHeapNode } from '../kernels/testing/wasmBackendNode';
import { measureTrainingSpeed } from './benchmark';
import { InMemorySource } from './dataSource';
import { ganStepFlops, vaeStepFlops } from './flops';
import { buildGan, disposeGan } from './gan';
import { GanTrainer, ganSettings } from './ganTrainer';
import { buildVae, disposeVae } from './vae';
import { VaeTrainer, vaeSettings } from './vaeTrainer';

const cpuClock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

describe.runIf(process.env.PERF)('training speed (WASM, 1 thread)', () => {
  it('DCGAN and VAE at 28x28x1, batch 64', async () => {
    // KERNELS=minimal: only the missing filter gradient, to measure what the other kernels add.
    const kernels = process.env.KERNELS;
    const gemm = kernels ? undefined : (await startGemmEngine(await wasmHeapNode()))?.engine;
    if (!kernels) enableFusedAdam(await wasmHeapNode());
    else disableFusedAdam();
    await useWasmForTraining(kernels === 'minimal' ? { fastInputGrad: false, fastMatMul: false, fastElementwise: false } : { gemm });
    console.log('kernels:', kernels || `GEMM engine (${gemm?.fused ? 'fused' : 'multiply + add'})`);
    const source = new InMemorySource({ pixels: Float32Array.from({ length: 512 * 784 }, (_, i) => (Math.sin(i * 12.9898) + 1) / 2), shape: [512, 28, 28, 1] });
    const gan = buildGan({ size: 28, channels: 1 });
    const gReport = await measureTrainingSpeed(new GanTrainer(gan), source, ganSettings(), {
      backend: 'wasm',
      flopsPerStep: ganStepFlops(gan, 64),
      clock: cpuClock,
      windows: Number(process.env.WINDOWS ?? 5),
    });
    console.log('DCGAN', JSON.stringify(gReport));
    disposeGan(gan);
    const vae = buildVae({ size: 28, channels: 1 });
    const vReport = await measureTrainingSpeed(new VaeTrainer(vae), source, vaeSettings(), {
      backend: 'wasm',
      flopsPerStep: vaeStepFlops(vae, 64),
      clock: cpuClock,
      windows: Number(process.env.WINDOWS ?? 5),
    });
    console.log('VAE', JSON.stringify(vReport));
    disposeVae(vae);
  }, 600_000);
});
