/**
 * The runner on tiny problems whose answer is known (8×8 images, a dense classifier, CPU backend):
 * - bars in the left half of the image, validated on mirrored images: random horizontal flips (and
 *   synthetic mirrored images) supply what the real training images lack, so those arms must win;
 * - up/down arrows: random vertical flips turn one class into the other, so augmentation must lose.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemorySource } from '../models/dataSource';
import { TrainingError } from '../models/errors';
import { defaultModelBuilder, runExperiment, runExperimentToEnd } from './experiment';
import { arrows, leftBars, mirrored, paint, randomFlip, tinyDense } from './testing';
import type { AugmentFn, ExperimentConfig, ExperimentEvent, ExperimentResult } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const accuracies = (r: ExperimentResult, arm: string) => r.runs.filter((x) => x.arm === arm).map((x) => x.accuracy);

describe('experiment runner', () => {
  it('flips and synthetic mirror images win when validation images are mirrored; tensor count stays flat', async () => {
    const before = tf.memory().numTensors;
    const tensorsAtRunEnd: number[] = [];
    const events: ExperimentEvent[] = [];
    const result = await runExperimentToEnd(
      {
        classNames: ['vertical', 'horizontal'],
        train: paint(leftBars, 30, 1),
        validation: mirrored(paint(leftBars, 30, 2)),
        augment: randomFlip(2),
        synthetic: mirrored(paint(leftBars, 30, 3)),
        seeds: [1, 2, 3],
        budget: { steps: 40 },
        batchSize: 32,
        learningRate: 0.02,
        buildModel: tinyDense,
        validationCurve: false,
      },
      (e) => {
        events.push(e);
        if (e.type === 'run') tensorsAtRunEnd.push(tf.memory().numTensors);
      },
    );
    expect(result.status).toBe('complete');
    expect(result.plan).toMatchObject({ arms: ['real', 'augmented', 'synthetic', 'both'], runs: 12, stepsPerRun: 40, batchSize: 32, mixedBatchSize: 64, trainImages: 60 });
    expect(result.runs.every((r) => r.steps === 40)).toBe(true);

    const real = accuracies(result, 'real');
    for (const arm of ['augmented', 'synthetic', 'both']) {
      const other = accuracies(result, arm);
      other.forEach((a, i) => expect(a - real[i]).toBeGreaterThan(0.15));
    }
    expect(result.arms[0].accuracy.mean).toBeLessThan(0.75);
    expect(result.arms.find((a) => a.arm === 'both')!.accuracy.mean).toBeGreaterThan(0.9);
    expect(result.verdicts.map((v) => [v.arm, v.kind])).toEqual([
      ['augmented', 'raised'],
      ['synthetic', 'raised'],
      ['both', 'raised'],
    ]);
    expect(result.verdicts[0].text).toMatch(/^Augmentation raised accuracy from \d+\.\d% ± \d+\.\d to \d+\.\d% ± \d+\.\d \(3 seeds, 60 training images; paired t-test p (=|<) /);

    // Results agree with their own confusion matrices and predictions.
    for (const run of result.runs) {
      const correct = run.predictions.filter((p, i) => p === result.validation.labels[i]).length;
      expect(run.accuracy).toBeCloseTo(correct / 60, 12);
      expect(run.confusion[0][0] + run.confusion[1][1]).toBe(correct);
      expect(run.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    }

    // Events: start first, result last, progress fractions rising to 1.
    expect(events[0].type).toBe('start');
    expect(events.at(-1)!.type).toBe('result');
    const fractions = events.flatMap((e) => (e.type === 'progress' ? [e.fraction] : []));
    expect(fractions).toHaveLength(12 * 40);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBe(1);

    // Every run returns the memory it took: the count is the same after each run and at the end.
    expect(new Set(tensorsAtRunEnd).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('vertical flips on up/down arrows destroy the label: augmentation loses', async () => {
    const result = await runExperimentToEnd({
      classNames: ['up', 'down'],
      train: paint(arrows, 30, 4),
      validation: paint(arrows, 30, 5),
      augment: randomFlip(1),
      seeds: [1, 2, 3],
      budget: { steps: 40 },
      batchSize: 16,
      learningRate: 0.02,
      buildModel: tinyDense,
      validationCurve: false,
    });
    const real = accuracies(result, 'real');
    const augmented = accuracies(result, 'augmented');
    real.forEach((a) => expect(a).toBeGreaterThanOrEqual(0.95));
    augmented.forEach((a, i) => expect(a).toBeLessThan(real[i] - 0.25));
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0].kind).toBe('lowered');
    expect(result.verdicts[0].text).toMatch(/^Augmentation lowered accuracy/);
  });

  it('arms are paired: an identity augmentation reproduces the real arm exactly, and augment sees every training step', async () => {
    const calls: Array<[number, number, number]> = [];
    const identity: AugmentFn = (x, seed, step) => {
      calls.push([x.shape[0], seed, step]);
      return x;
    };
    const config: ExperimentConfig = {
      classNames: ['up', 'down'],
      train: paint(arrows, 10, 6),
      validation: paint(arrows, 12, 7),
      augment: identity,
      seeds: [5, 9],
      budget: { steps: 6 },
      batchSize: 8,
      learningRate: 0.02,
      buildModel: tinyDense,
      readEvery: 2,
    };
    const result = await runExperimentToEnd(config);
    for (const seed of [5, 9]) {
      const [a, b] = ['real', 'augmented'].map((arm) => result.runs.find((r) => r.arm === arm && r.seed === seed)!);
      expect(b.predictions).toEqual(a.predictions);
      expect(b.curve).toEqual(a.curve);
    }
    expect(result.verdicts[0].kind).toBe('no-difference');
    expect(result.verdicts[0].test.p).toBe(1);
    // Only training batches go through augment (validation never does), once per step, keyed by (seed, step).
    expect(calls).toEqual([5, 9].flatMap((seed) => [0, 1, 2, 3, 4, 5].map((step) => [8, seed, step])));
    // The training curve has a point per step; the validation curve one per epoch (6 steps × 8 / 20 images = 2.4 epochs).
    expect(result.runs[0].curve.steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.runs[0].validationCurve.steps).toEqual([3, 5]);
    // Deterministic: a second run gives the same numbers.
    calls.length = 0;
    const again = await runExperimentToEnd(config);
    expect(again.runs.map((r) => r.predictions)).toEqual(result.runs.map((r) => r.predictions));
  });

  it('holds out a stratified validation split and subsamples n per class when asked', async () => {
    const train = paint(arrows, 20, 8); // 20 per class
    const result = await runExperimentToEnd({
      classNames: ['up', 'down'],
      train,
      perClass: 5,
      holdOut: { fraction: 0.25, seed: 3 },
      seeds: [1],
      budget: { epochs: 2 },
      batchSize: 4,
      buildModel: tinyDense,
      validationCurve: false,
    });
    expect(result.validation.source).toBe('held-out');
    expect(result.validation.countsPerClass).toEqual([5, 5]);
    expect(result.validation.ids).toEqual(result.validation.indices.map((i) => train.ids![i]));
    expect(result.validation.labels).toEqual(result.validation.indices.map((i) => train.labels[i]));
    expect(result.trainCountsPerClass).toEqual([5, 5]);
    expect(result.plan).toMatchObject({ trainImages: 10, perClass: 5, stepsPerRun: 5, arms: ['real'] });
    expect(result.notes.join(' ')).toMatch(/without a validation split: 25% of each class \(10 images, seed 3\) was held out/);
    expect(result.notes.join(' ')).toMatch(/Low-data mode: at most 5 real training images per class/);
    expect(result.verdicts).toEqual([]);
  });

  it('says when a class has fewer than n images', async () => {
    const train = paint(arrows, 4, 9);
    const result = await runExperimentToEnd({
      classNames: ['up', 'down'],
      train,
      validation: paint(arrows, 3, 10),
      perClass: 6,
      seeds: [1],
      budget: { steps: 1 },
      buildModel: tinyDense,
      validationCurve: false,
    });
    expect(result.trainCountsPerClass).toEqual([4, 4]);
    expect(result.notes.join(' ')).toMatch(/Fewer than 6 training images in class 'up' \(4\), 'down' \(4\)/);
  });

  it('cancels between steps with an AbortSignal and returns the finished runs, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const events: ExperimentEvent[] = [];
    for await (const e of runExperiment({
      classNames: ['up', 'down'],
      train: paint(arrows, 10, 11),
      validation: paint(arrows, 5, 12),
      augment: randomFlip(1),
      seeds: [1, 2],
      budget: { steps: 5 },
      batchSize: 8,
      buildModel: tinyDense,
      signal: controller.signal,
    })) {
      events.push(e);
      // Abort two steps into the second run.
      if (e.type === 'progress' && e.run === 1 && e.step === 2) controller.abort();
    }
    const last = events.at(-1)!;
    expect(last.type).toBe('result');
    const result = (last as { result: ExperimentResult }).result;
    expect(result.status).toBe('cancelled');
    expect(result.runs.map((r) => [r.arm, r.seed])).toEqual([['real', 1]]);
    expect(events.filter((e) => e.type === 'progress' && e.run === 1)).toHaveLength(2);
    expect(result.notes.at(-1)).toBe('Cancelled after 1 of 4 runs.');
    expect(result.verdicts[0].kind).toBe('too-few-seeds');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stopping the generator mid-run also frees everything', async () => {
    const before = tf.memory().numTensors;
    const gen = runExperiment({
      classNames: ['up', 'down'],
      train: paint(arrows, 10, 13),
      validation: paint(arrows, 5, 14),
      seeds: [1],
      budget: { steps: 10 },
      batchSize: 8,
      buildModel: tinyDense,
    });
    for await (const e of gen) if (e.type === 'progress' && e.step === 3) break;
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes streamed training data (a seeded source factory) when a validation set is given', async () => {
    const set = paint(arrows, 10, 17);
    const seedsSeen: number[] = [];
    const streamed = {
      size: 20,
      imageShape: [8, 8, 1] as const,
      source: (seed: number) => {
        seedsSeen.push(seed);
        return new InMemorySource({ pixels: set.pixels, shape: set.shape }, { labels: set.labels, numClasses: 2, seed });
      },
    };
    const result = await runExperimentToEnd({
      classNames: ['up', 'down'],
      train: streamed,
      validation: paint(arrows, 4, 18),
      notes: ['From the caller.'],
      seeds: [4, 7],
      budget: { epochs: 1 },
      batchSize: 5,
      buildModel: tinyDense,
      validationCurve: false,
    });
    expect(result.plan).toMatchObject({ trainImages: 20, stepsPerRun: 4 });
    expect(seedsSeen).toEqual([4, 7]);
    expect(result.notes[0]).toBe('From the caller.');
    const base = { classNames: ['up', 'down'], train: streamed, buildModel: tinyDense };
    await expect(runExperiment(base).next()).rejects.toThrow(/needs a separate validation set/);
    await expect(runExperiment({ ...base, validation: paint(arrows, 4, 18), perClass: 3 }).next()).rejects.toThrow(/Low-data mode needs the training images in memory/);
  });

  it('rejects arms without their inputs and mismatched data, with messages a user can act on', async () => {
    const train = paint(arrows, 4, 15);
    const first = async (config: ExperimentConfig) => (await runExperiment(config).next()).value;
    const base = { classNames: ['up', 'down'], train, buildModel: tinyDense };
    await expect(first({ ...base, arms: ['augmented'] })).rejects.toThrow(/needs an augmentation pipeline/);
    await expect(first({ ...base, arms: ['both'], augment: randomFlip(1) })).rejects.toThrow(/needs synthetic images/);
    await expect(first({ ...base, classNames: ['only'] })).rejects.toThrow(TrainingError);
    const wide = { ...paint(arrows, 2, 16), shape: [4, 4, 16, 1] as const };
    await expect(first({ ...base, validation: wide })).rejects.toThrow(/Validation images are 4×16×1 but training images are 8×8×1/);
    await expect(first({ ...base, seeds: [1, 1] })).rejects.toThrow(/Seeds must differ/);
    await expect(first({ ...base, classNames: ['up', 'down', 'sideways'] })).rejects.toThrow(/Class 'sideways' has no training images/);
  });
});

describe('default classifier', () => {
  // Training it is the models/ tests' job (the CPU backend's conv filter gradient makes even two
  // steps at 28×28 take seconds); here: the builder the runner uses by default, and its errors.
  it('is the small CNN of models/classifier, sized to the resolution', () => {
    const model = defaultModelBuilder(1, [28, 28, 1], 3);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    expect(model.layers.some((l) => l.name === 'c_conv1')).toBe(true);
    model.dispose();
    expect(() => defaultModelBuilder(1, [8, 8, 1], 2)).toThrow(/28, 32, 64, 128/);
    expect(() => defaultModelBuilder(1, [28, 32, 1], 2)).toThrow(/square/);
  });
});
