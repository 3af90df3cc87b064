/**
 * The whole engine on the WASM backend (the app's backend without a real GPU): every transform
 * runs, deterministically, and agrees with the CPU backend up to float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../transforms/registry';
import { noiseBatch } from '../transforms/test-helpers';
import { execute } from './execute';
import { compose, pipeline, transformNode as t } from './nodes';
import { plan } from './plan';

const everything = () => pipeline('all', 'everything', compose('root', TRANSFORMS.map((x, i) => t(`n${i}`, x.name, 0.5))));

async function run(backend: string, seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const x = noiseBatch(6, 16, 16, 3);
  const ids = Array.from({ length: 6 }, (_, i) => `s${i}`);
  const before = tf.memory().numTensors;
  const { images } = execute(x, plan(everything(), seed, ids));
  const out = (await images.data()) as Float32Array;
  images.dispose();
  x.dispose();
  expect(tf.memory().numTensors).toBe(before - 1);
  return out;
}

describe('execute on WASM', () => {
  it('runs every transform, deterministically, close to the CPU backend', async () => {
    for (const seed of [1, 2, 3]) {
      const wasm = await run('wasm', seed);
      const again = await run('wasm', seed);
      const diff = Array.from(wasm).flatMap((v, i) => (Object.is(v, again[i]) ? [] : [`${i}: ${v} vs ${again[i]}`]));
      expect(diff).toEqual([]);
      const cpu = await run('cpu', seed);
      let sum = 0;
      wasm.forEach((v, i) => (sum += Math.abs(v - cpu[i])));
      // Identical maths in float32; only rounding-boundary cases (8-bit levels, nearest ties) may differ.
      expect(sum / wasm.length).toBeLessThan(2e-3);
      expect(Math.min(...wasm)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...wasm)).toBeLessThanOrEqual(1);
    }
  });
});
