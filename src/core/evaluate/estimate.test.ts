import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateSeconds, formatDuration, measureStepTiming } from './estimate';
import { randomFlip, tinyDense } from './testing';
import type { ExperimentPlan } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const plan: ExperimentPlan = {
  arms: ['real', 'augmented', 'synthetic', 'both'],
  seeds: [1, 2, 3],
  runs: 12,
  stepsPerRun: 100,
  batchSize: 32,
  mixedBatchSize: 64,
  syntheticPerReal: 1,
  learningRate: 1e-3,
  epochs: 4.2,
  trainImages: 762,
  validationImages: 200,
  perClass: null,
  imageShape: [28, 28, 1],
  numClasses: 10,
};

describe('time estimate', () => {
  it('scales the measured step by images per step, adds augmentation and evaluation', () => {
    const timing = { stepMs: 20, batchSize: 32, augmentMsPerImage: 0.01, evalMsPerImage: 0.05 };
    // Per run, evaluation: (1 final + 4 epoch ends) × 200 images × 0.05 ms = 50 ms.
    // real 100 × 20 + 50 = 2050; augmented 100 × (20 + 0.32) + 50 = 2082;
    // synthetic 100 × 40 + 50 = 4050; both 100 × 40.32 + 50 = 4082; × 3 seeds.
    expect(estimateSeconds(plan, timing)).toBeCloseTo((3 * (2050 + 2082 + 4050 + 4082)) / 1000, 9);
    // Without the per-epoch validation: 40 ms less evaluation per run.
    expect(estimateSeconds(plan, timing, { validationCurve: false })).toBeCloseTo((3 * (2050 + 2082 + 4050 + 4082) - 12 * 40) / 1000, 9);
  });

  it('measures real step, augmentation and evaluation times, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const t = await measureStepTiming({ imageShape: [8, 8, 1], numClasses: 2, batchSize: 8, buildModel: tinyDense, augment: randomFlip(2), steps: 3, warmup: 1 });
    expect(t.batchSize).toBe(8);
    expect(t.stepMs).toBeGreaterThan(0);
    expect(t.augmentMsPerImage).toBeGreaterThan(0);
    expect(t.evalMsPerImage).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('formats durations', () => {
    expect(formatDuration(0.2)).toBe('about 1 s');
    expect(formatDuration(42)).toBe('about 42 s');
    expect(formatDuration(200)).toBe('about 3 min');
    expect(formatDuration(3600 + 20 * 60)).toBe('about 1 h 20 min');
    expect(formatDuration(7200)).toBe('about 2 h');
  });
});
