import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingError } from './errors';
import { buildGan, disposeGan } from './gan';
import { imageSeed, noiseValues } from './noise';
import {
  balancePlan,
  generateFromSeeds,
  generateImages,
  imageInterpolation,
  interpolate,
  latentGrid,
  noiseInterpolation,
  perClassPlan,
  reconstruct,
} from './sampling';
import { toySquares } from './testing';
import { buildVae, disposeVae } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('sampling', () => {
  it('a conditional GAN produces the requested number of images per class, each regenerable from its seed', async () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 5, width: 2, numClasses: 4 });
    const plan = perClassPlan(gan, 5, [0, 2, 3]);
    const chunks = [];
    for await (const c of generateImages(gan, plan, { runSeed: 11, batchSize: 3 })) chunks.push(c);
    const perClass = new Map<number | null, number>();
    for (const c of chunks) perClass.set(c.classId, (perClass.get(c.classId) ?? 0) + c.count);
    expect([...perClass.entries()]).toEqual([[0, 5], [2, 5], [3, 5]]);
    expect(chunks.map((c) => c.count)).toEqual([3, 2, 3, 2, 3, 2]);
    expect(chunks[0].pixels.length).toBe(3 * 28 * 28);
    // Image 4 of class 2 (second chunk of class 2, slot 1) regenerates from its seed alone.
    const chunk = chunks[3];
    expect(chunk.seeds[1]).toBe(imageSeed(11, 4, 2));
    const again = generateFromSeeds(gan, [chunk.seeds[1]], [2]);
    const bytes = Array.from(await again.data()).map((v) => Math.round(v * 255));
    expect(bytes).toEqual(Array.from(chunk.pixels.subarray(784, 2 * 784)));
    again.dispose();
    disposeGan(gan);
  });

  it('balances classes up to a target', () => {
    expect(balancePlan([10, 3, 0, 12], 10)).toEqual([
      { classId: 1, count: 7 },
      { classId: 2, count: 10 },
    ]);
  });

  it('truncation keeps every noise component inside the band; temperature scales it', () => {
    const seeds = Array.from({ length: 50 }, (_, i) => i);
    const z = noiseValues(seeds, 20, { truncation: 0.5 });
    expect(Math.max(...Array.from(z, Math.abs))).toBeLessThanOrEqual(0.5);
    const full = noiseValues(seeds, 20);
    expect(Math.max(...Array.from(full, Math.abs))).toBeGreaterThan(2);
    const hot = noiseValues(seeds, 20, { temperature: 0.5 });
    hot.forEach((v, i) => expect(v).toBeCloseTo(full[i] * 0.5, 6));
  });

  it('slerp and lerp hit both ends; slerp keeps the norm between equal-norm ends', () => {
    const a = new Float32Array([3, 0]);
    const b = new Float32Array([0, 3]);
    const s = interpolate(a, b, 5, 'slerp');
    expect(Array.from(s.subarray(0, 2))).toEqual([3, 0]);
    expect(s[8]).toBeCloseTo(0, 6);
    expect(s[9]).toBeCloseTo(3, 6);
    for (let i = 0; i < 5; i++) expect(Math.hypot(s[2 * i], s[2 * i + 1])).toBeCloseTo(3, 5);
    const l = interpolate(a, b, 3, 'lerp');
    expect(Array.from(l.subarray(2, 4))).toEqual([1.5, 1.5]);
  });

  it('GAN noise interpolation starts and ends at the two seeds\' images', () => {
    const gan = buildGan({ size: 28, channels: 1, latentDim: 5, width: 2 });
    const strip = noiseInterpolation(gan, 1, 2, 6);
    expect(strip.shape).toEqual([6, 28, 28, 1]);
    const ends = generateFromSeeds(gan, [1, 2]);
    expect(maxAbsDiff(tf.slice(strip, 0, 1), tf.slice(ends, 0, 1))).toBeLessThan(1e-5);
    expect(maxAbsDiff(tf.slice(strip, 5, 1), tf.slice(ends, 1, 1))).toBeLessThan(1e-5);
    expect(() => noiseInterpolation(gan, 1, 2, 3, { classId: 0 })).toThrow(TrainingError);
    tf.dispose([strip, ends]);
    disposeGan(gan);
  });

  it('VAE image interpolation starts and ends at the reconstructions; latent grid has n*n images', async () => {
    const vae = buildVae({ size: 28, channels: 1, latentDim: 3, width: 2, numClasses: 3 });
    const images = toySquares(2);
    const strip = await imageInterpolation(vae, tf.squeeze(tf.slice(images, 0, 1), [0]) as tf.Tensor3D, tf.squeeze(tf.slice(images, 1, 1), [0]) as tf.Tensor3D, 4, { classId: 1 });
    const rec = reconstruct(vae, images, [1, 1]);
    expect(maxAbsDiff(tf.slice(strip, 0, 1), tf.slice(rec, 0, 1))).toBeLessThan(1e-5);
    expect(maxAbsDiff(tf.slice(strip, 3, 1), tf.slice(rec, 1, 1))).toBeLessThan(1e-5);
    const grid = latentGrid(vae, 3, { classId: 2 });
    expect(grid.shape).toEqual([9, 28, 28, 1]);
    expect(() => latentGrid(vae, 2)).toThrow(/class id/);
    tf.dispose([images, strip, rec, grid]);
    disposeVae(vae);
  });
});
