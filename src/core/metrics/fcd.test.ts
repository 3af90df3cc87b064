import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackendNode } from '../kernels/testing/wasmBackendNode';
import { buildFeatureCnn, featureExtractor } from '../models/classifier';
import { toySquares } from '../models/testing';
import { fcd } from './fcd';
import { extractFeatures } from './features';
import { measureGenerativeQuality } from './generativeQuality';

// Feature extraction is forward convolutions only; WASM (XNNPACK) runs them ~30x faster than the
// CPU backend, which keeps this test at a second.
beforeAll(async () => {
  await initWasmBackendNode();
  await tf.setBackend('wasm');
});

describe('FCD on CNN features', () => {
  it('is 0 for a set against itself, small between halves of one set, far larger for uniform noise', async () => {
    const cnn = buildFeatureCnn(28, 1, 10, 3);
    const extractor = featureExtractor(cnn);
    const data = toySquares(400, 5);
    const noise = tf.randomUniform([200, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    // Batches of 64 exercise the chunked read-back.
    const a = await extractFeatures(extractor, tf.slice(data, 0, 200) as tf.Tensor4D, 64);
    const b = await extractFeatures(extractor, [tf.slice(data, 200, 100) as tf.Tensor4D, tf.slice(data, 300, 100) as tf.Tensor4D], 64);
    const n = await extractFeatures(extractor, noise, 64);
    expect([a.count, a.dim, b.count]).toEqual([200, 128, 200]);
    expect(fcd(a, a)).toBeLessThan(1e-6);
    const same = fcd(a, b);
    const far = fcd(a, n);
    expect(far).toBeGreaterThan(30 * same);
    tf.dispose([data, noise]);
    cnn.dispose();
  });
});

describe('generative quality report', () => {
  it('a generator that copies training images: perfect precision, memorisation flagged at distance 0', async () => {
    const cnn = buildFeatureCnn(28, 1, 10, 4);
    const train = toySquares(60, 1);
    const test = toySquares(60, 2);
    const copies = tf.slice(train, 0, 30) as tf.Tensor4D;
    const q = await measureGenerativeQuality({ extractor: featureExtractor(cnn), real: test, generated: copies, training: train });
    expect([q.realCount, q.generatedCount]).toEqual([60, 30]);
    expect(q.memorisation!.minRms).toBeLessThan(1e-3);
    expect(q.memorisation!.closest[0].real).toBe(q.memorisation!.closest[0].generated);
    expect(q.precision).toBeGreaterThan(0.9);
    expect(q.fcd).toBeGreaterThanOrEqual(0);
    tf.dispose([train, test, copies]);
    cnn.dispose();
  });
});
