import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuTrainingKernels, registerWasmTrainingKernels, restoreOriginalKernels } from './registerWasmTrainingKernels';
import { GemmEngine, type HelperThreads } from './gemm/gemmEngine';
import { compileGemm, instantiateGemm } from './gemm/gemmModule';
import { initWasmBackendNode, wasmHeapNode } from './testing/wasmBackendNode';

/** A deterministic tensor with values in [-1, 1] (a hash, not a PRNG, so CPU and WASM get equal data). */
function fixture(shape: number[], salt: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 0.999;
  return out;
}

interface Case {
  x: [number, number, number, number];
  f: [number, number]; // filter h, w
  co: number;
  stride: number | [number, number];
  pad: 'same' | 'valid';
}

const cases: Case[] = [
  { x: [2, 7, 7, 3], f: [3, 3], co: 4, stride: 1, pad: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3], co: 4, stride: 1, pad: 'valid' },
  { x: [3, 9, 8, 2], f: [4, 4], co: 5, stride: 2, pad: 'same' },
  { x: [3, 9, 8, 2], f: [4, 4], co: 5, stride: 2, pad: 'valid' },
  { x: [1, 11, 13, 1], f: [5, 3], co: 3, stride: 2, pad: 'same' },
  { x: [4, 6, 6, 8], f: [1, 1], co: 6, stride: 1, pad: 'valid' },
  { x: [2, 14, 14, 16], f: [4, 4], co: 32, stride: 2, pad: 'same' },
  { x: [2, 10, 10, 3], f: [3, 3], co: 2, stride: [2, 1], pad: 'same' },
  { x: [2, 10, 11, 3], f: [3, 3], co: 4, stride: 3, pad: 'same' },
  { x: [2, 9, 9, 2], f: [1, 1], co: 3, stride: 2, pad: 'valid' },
  { x: [5, 8, 8, 4], f: [2, 2], co: 3, stride: 2, pad: 'valid' },
  // Input-gradient strategies: shared phase grid (s1 and s2), per-phase convs (odd sizes), col2im (above).
  { x: [2, 9, 9, 24], f: [3, 3], co: 5, stride: 1, pad: 'same' },
  { x: [2, 12, 12, 8], f: [4, 4], co: 6, stride: 2, pad: 'valid' },
  { x: [2, 13, 11, 8], f: [3, 3], co: 4, stride: 2, pad: 'same' },
  // GEMM engine: patch rows longer than one block (5·5·64 = 1600 floats → 40-pixel blocks), a
  // single output channel, and more pixels than one filter-gradient block.
  { x: [3, 14, 14, 64], f: [5, 5], co: 16, stride: 2, pad: 'same' },
  { x: [2, 9, 9, 4], f: [3, 3], co: 1, stride: 1, pad: 'same' },
  { x: [9, 28, 28, 1], f: [5, 5], co: 8, stride: 2, pad: 'same' },
  { x: [9, 28, 28, 1], f: [5, 5], co: 32, stride: 2, pad: 'same' }, // thin: the dW-direct filter gradient, split
];

/** y = conv2d(x, W), and dW and dx of sum(y * g) for a fixed cotangent g, on the current backend. */
function grads(c: Case): { y: Float32Array; dW: Float32Array; dx: Float32Array } {
  return tf.tidy(() => {
    const filterShape: [number, number, number, number] = [c.f[0], c.f[1], c.x[3], c.co];
    const x = tf.tensor4d(fixture(c.x, 1), c.x);
    const w = tf.tensor4d(fixture(filterShape, 2), filterShape);
    const y = tf.conv2d(x, w, c.stride, c.pad);
    const g = tf.tensor(fixture(y.shape, 3), y.shape);
    const [dx, dW] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(g).sum())([x, w]);
    return { y: y.dataSync() as Float32Array, dW: dW.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

function maxRelErr(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 1e-6;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
  return err / scale;
}

describe('conv gradient kernels match the CPU backend', () => {
  const reference: Array<{ y: Float32Array; dW: Float32Array; dx: Float32Array }> = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    restoreOriginalKernels('cpu'); // the reference is tfjs's own CPU kernel
    for (const c of cases) reference.push(grads(c));
    await initWasmBackendNode();
    await tf.setBackend('wasm');
  });

  for (const formulation of ['im2col', 'dilated', 'auto'] as const) {
    it(`filter and input gradients (${formulation} filter gradient)`, () => {
      registerWasmTrainingKernels({ filterGrad: formulation });
      expect(tf.getBackend()).toBe('wasm');
      cases.forEach((c, k) => {
        const got = grads(c);
        const label = `${JSON.stringify(c)}`;
        expect(maxRelErr(got.dW, reference[k].dW), `dW ${label}`).toBeLessThan(1e-5);
        expect(maxRelErr(got.dx, reference[k].dx), `dx ${label}`).toBeLessThan(1e-5);
      });
    });
  }

  /** Runs a call's shares one after another: the engine's split and reduction, without threads. */
  const sequentialHelpers = (helpers: number): HelperThreads => ({
    helpers,
    run: (local, call, args) => args.forEach((a) => (local[call] as (...v: number[]) => void)(...a)),
  });

  for (const [fused, threads] of [[true, 1], [true, 2], [false, 1], [false, 3]] as const) {
    it(`convolution, filter and input gradients on the GEMM engine (${fused ? 'fused' : 'multiply + add'}, ${threads} share${threads > 1 ? 's' : ''})`, async () => {
      const heap = await wasmHeapNode();
      const compiled = compileGemm(heap, { allowFused: fused })!;
      expect(compiled.fused).toBe(fused); // vitest runs Node with relaxed SIMD on (vite.config.ts)
      const engine = new GemmEngine(instantiateGemm(compiled.module, heap), heap, threads > 1 ? sequentialHelpers(threads - 1) : null, compiled.fused);
      registerWasmTrainingKernels({ gemm: engine });
      try {
        cases.forEach((c, k) => {
          const got = grads(c);
          const label = `${JSON.stringify(c)}`;
          expect(maxRelErr(got.y, reference[k].y), `y ${label}`).toBeLessThan(1e-5);
          expect(maxRelErr(got.dW, reference[k].dW), `dW ${label}`).toBeLessThan(1e-5);
          expect(maxRelErr(got.dx, reference[k].dx), `dx ${label}`).toBeLessThan(1e-5);
        });
      } finally {
        registerWasmTrainingKernels();
      }
    });
  }

  it('the CPU backend\'s im2col filter gradient', async () => {
    await tf.setBackend('cpu');
    registerCpuTrainingKernels();
    try {
      cases.forEach((c, k) => expect(maxRelErr(grads(c).dW, reference[k].dW), `dW ${JSON.stringify(c)}`).toBeLessThan(1e-5));
    } finally {
      restoreOriginalKernels('cpu');
      await tf.setBackend('wasm');
    }
  });

  it('leaks no tensors or wasm buffers', () => {
    registerWasmTrainingKernels();
    grads(cases[2]);
    const before = tf.memory();
    for (let i = 0; i < 3; i++) grads(cases[2]);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect((after as unknown as { numDataBuffers: number }).numDataBuffers).toBe((before as unknown as { numDataBuffers: number }).numDataBuffers);
  });

  it('transposed and batched matrix products match the CPU backend', async () => {
    const shapes: Array<[number[], number[], boolean, boolean]> = [
      [[40, 50], [50, 60], false, false],
      [[50, 40], [50, 60], true, false],
      [[40, 50], [60, 50], false, true],
      [[50, 40], [60, 50], true, true],
      [[3, 40, 50], [3, 50, 33], false, false],
      [[3, 50, 40], [1, 33, 50], true, true],
    ];
    const run = () => shapes.map(([sa, sb, ta, tb]) => tf.tidy(() => tf.matMul(tf.tensor(fixture(sa, 4), sa), tf.tensor(fixture(sb, 5), sb), ta, tb).dataSync() as Float32Array));
    registerWasmTrainingKernels();
    const wasm = run();
    const heap = await wasmHeapNode();
    const compiled = compileGemm(heap)!;
    registerWasmTrainingKernels({ gemm: new GemmEngine(instantiateGemm(compiled.module, heap), heap, sequentialHelpers(1), compiled.fused) });
    const gemm = run();
    registerWasmTrainingKernels();
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    wasm.forEach((w, i) => expect(maxRelErr(w, cpu[i]), `matMul ${JSON.stringify(shapes[i])}`).toBeLessThan(1e-5));
    gemm.forEach((w, i) => expect(maxRelErr(w, cpu[i]), `GEMM engine matMul ${JSON.stringify(shapes[i])}`).toBeLessThan(1e-5));
  });

  for (const onHeap of [false, true]) {
    it(`leading-axes Sum/Mean, LeakyRelu and Relu (forward and gradient; ${onHeap ? 'WebAssembly on the heap' : 'JavaScript and tfjs'}) match the CPU backend`, async () => {
      const x4 = fixture([6, 5, 4, 7], 6);
      x4[3] = 0; // LeakyRelu at exactly 0 takes the alpha branch in both
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(x4, [6, 5, 4, 7]);
          const big = tf.tensor2d(fixture([301, 9], 7), [301, 9]); // 301 rows: the 4-row loop and its remainder
          const out: Float32Array[] = [];
          for (const keepDims of [false, true]) {
            out.push(tf.sum(x, [0, 1, 2], keepDims).dataSync() as Float32Array);
            out.push(tf.mean(x, [0, 1], keepDims).dataSync() as Float32Array);
            out.push(tf.sum(x, [1, 2], keepDims).dataSync() as Float32Array); // not leading: original kernel
            out.push(tf.mean(big, 0, keepDims).dataSync() as Float32Array);
          }
          const oddValues = fixture([7], 9);
          oddValues[5] = 0; // in the tail after the last 4-float vector: the gradient takes alpha there
          const odd = tf.tensor1d(oddValues);
          out.push(tf.leakyRelu(odd, 0.2).dataSync() as Float32Array);
          out.push(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), tf.range(1, 8))))(odd).dataSync() as Float32Array);
          out.push(tf.relu(odd).dataSync() as Float32Array, tf.relu(x).dataSync() as Float32Array);
          out.push(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.range(1, 8))))(odd).dataSync() as Float32Array);
          const g = tf.tensor4d(fixture([6, 5, 4, 7], 8), [6, 5, 4, 7]);
          out.push(tf.leakyRelu(x, 0.2).dataSync() as Float32Array);
          out.push(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), g)))(x).dataSync() as Float32Array);
          return out;
        });
      registerWasmTrainingKernels({ heap: onHeap ? await wasmHeapNode() : undefined });
      const wasm = run();
      await tf.setBackend('cpu');
      const cpu = run();
      await tf.setBackend('wasm');
      wasm.forEach((w, i) => expect(maxRelErr(w, cpu[i]), `output ${i}`).toBeLessThan(1e-5));
      // The gradient override is global, so check it against the definition too.
      const g = fixture([6, 5, 4, 7], 8);
      const expected = Float32Array.from(x4, (v, i) => (v > 0 ? g[i] : 0.2 * g[i]));
      expect(maxRelErr(wasm.at(-1)!, expected)).toBeLessThan(1e-6);
      expect(maxRelErr(wasm.at(-2)!, Float32Array.from(x4, (v) => (v > 0 ? v : 0.2 * v)))).toBeLessThan(1e-6);
    });
  }
});
