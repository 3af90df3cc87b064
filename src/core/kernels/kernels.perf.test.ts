/**
 * Kernel timings on WASM (one thread), shipped kernels against ours. Skipped in the unit suite;
 * run with
 *   PERF=1 npx vitest run src/core/kernels/kernels.perf.test.ts
 * Each figure is the best of several runs in process CPU time: this machine's 2 cores are shared,
 * and wall time (or a mean) would count other tenants' work.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { registerWasmTrainingKernels } from './registerWasmTrainingKernels';
import { initWasmBackendNode } from './testing/wasmBackendNode';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function time(label: string, flop: number, fn: () => tf.Tensor, reps = 6): number {
  const once = () => {
    const t = fn();
    t.dataSync();
    t.dispose();
  };
  once();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = cpuMs();
    once();
    best = Math.min(best, cpuMs() - t0);
  }
  const rate = flop > 0 ? `${(flop / best / 1e6).toFixed(1).padStart(6)} GFLOP/s` : '';
  console.log(`${label.padEnd(52)} ${best.toFixed(2).padStart(8)} ms ${rate}`);
  return best;
}

// The benchmark models' convolutions at batch 64 (4x4 kernels, stride 2, 'same').
const layers: Array<{ name: string; x: [number, number, number, number]; f: [number, number, number, number] }> = [
  { name: 'DCGAN D conv1 / G out: 28x28x1 <-> 14x14x64', x: [64, 28, 28, 1], f: [4, 4, 1, 64] },
  { name: 'DCGAN D conv2 / G deconv1: 14x14x64 <-> 7x7x128', x: [64, 14, 14, 64], f: [4, 4, 64, 128] },
  { name: 'VAE conv2 / deconv1: 14x14x32 <-> 7x7x64', x: [64, 14, 14, 32], f: [4, 4, 32, 64] },
];

describe.runIf(process.env.PERF)('wasm kernel timings', () => {
  it('conv gradients, matmul, reductions', async () => {
    await initWasmBackendNode();
    await tf.setBackend('wasm');
    for (const l of layers) {
      const x = tf.randomNormal(l.x) as tf.Tensor4D;
      const w = tf.randomNormal(l.f) as tf.Tensor4D;
      const y = tf.conv2d(x, w, 2, 'same');
      const flop = 2 * y.size * l.f[0] * l.f[1] * l.f[2];
      console.log(`-- ${l.name}: ${(flop / 1e6).toFixed(0)} MFLOP per pass`);
      time('  Conv2D forward (XNNPACK, for reference)', flop, () => tf.conv2d(x, w, 2, 'same'));
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape: w.shape };
      for (const filterGrad of ['im2col', 'dilated', 'auto'] as const) {
        registerWasmTrainingKernels({ filterGrad });
        time(`  Conv2DBackpropFilter, ${filterGrad}`, flop, () =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: y }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
        );
      }
      registerWasmTrainingKernels({ fastInputGrad: false });
      time('  Conv2DBackpropInput, shipped', flop, () => tf.conv2dTranspose(y, w, x.shape, 2, 'same'), 2);
      registerWasmTrainingKernels();
      time('  Conv2DBackpropInput, ours', flop, () => tf.conv2dTranspose(y, w, x.shape, 2, 'same'));
      tf.dispose([x, w, y]);
    }
    const a = tf.randomNormal([64, 6272]);
    const b = tf.randomNormal([64, 100]);
    const flop = 2 * 64 * 6272 * 100;
    console.log('-- Dense 100 -> 6272 weight gradient, z^T dy');
    registerWasmTrainingKernels({ fastMatMul: false });
    time('  BatchMatMul transposeA, shipped', flop, () => tf.matMul(b, a, true, false));
    registerWasmTrainingKernels();
    time('  BatchMatMul transposeA, ours', flop, () => tf.matMul(b, a, true, false));
    const act = tf.randomNormal([64, 14, 14, 64]);
    console.log('-- [64,14,14,64] activation');
    registerWasmTrainingKernels({ fastElementwise: false });
    time('  Sum over N,H,W, shipped', 0, () => tf.sum(tf.add(act, 0), [0, 1, 2]));
    time('  LeakyRelu, shipped', 0, () => tf.leakyRelu(act, 0.2));
    registerWasmTrainingKernels();
    time('  Sum over N,H,W, ours', 0, () => tf.sum(tf.add(act, 0), [0, 1, 2]));
    time('  (the add inside both Sum timings)', 0, () => tf.add(act, 0));
    time('  LeakyRelu, ours', 0, () => tf.leakyRelu(act, 0.2));
  }, 600_000);
});
