/**
 * How long an experiment will take, from a measured training step: shown before the user starts.
 * `measureStepTiming` trains the real model a few steps on random images (on whatever backend is
 * active) and times training, augmentation and evaluation; `estimateSeconds` scales them by the plan.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierSettings } from '../models/classifierTrainer';
import { InMemorySource } from '../models/dataSource';
import { CounterRng } from '../rng';
import { defaultModelBuilder } from './experiment';
import { predictClasses } from './predict';
import { createTrainer } from './trainer';
import type { AugmentFn, ExperimentPlan, ModelBuilder } from './types';

export interface StepTiming {
  /** Milliseconds per training step at `batchSize` images. */
  stepMs: number;
  batchSize: number;
  /** Milliseconds of augmentation per image (0 when not measured). */
  augmentMsPerImage: number;
  /** Milliseconds to classify one validation image. */
  evalMsPerImage: number;
}

export interface EstimateOptions {
  /** Per-epoch validation for the curves (default true, as in the runner). */
  validationCurve?: boolean;
}

/**
 * Seconds for the whole plan. Step time is taken as proportional to images per step (so arms that
 * add synthetic images cost more); generating synthetic images on the fly is not included.
 */
export function estimateSeconds(plan: ExperimentPlan, timing: StepTiming, options: EstimateOptions = {}): number {
  const perImageStep = timing.stepMs / timing.batchSize;
  const evalsPerRun = 1 + (options.validationCurve === false ? 0 : Math.floor(plan.epochs));
  const evalMs = evalsPerRun * plan.validationImages * timing.evalMsPerImage;
  let ms = 0;
  for (const arm of plan.arms) {
    const images = arm === 'synthetic' || arm === 'both' ? plan.mixedBatchSize : plan.batchSize;
    const augment = arm === 'augmented' || arm === 'both' ? plan.batchSize * timing.augmentMsPerImage : 0;
    ms += plan.seeds.length * (plan.stepsPerRun * (images * perImageStep + augment) + evalMs);
  }
  return ms / 1000;
}

export interface MeasureOptions {
  imageShape: readonly [number, number, number];
  numClasses: number;
  batchSize: number;
  learningRate?: number;
  buildModel?: ModelBuilder;
  augment?: AugmentFn;
  /** Timed steps after warm-up (default 5) and warm-up steps (default 2: shader compilation, allocation). */
  steps?: number;
  warmup?: number;
}

async function timeMs(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Times training, augmentation and evaluation on random images; leaves no tensors behind. */
export async function measureStepTiming(options: MeasureOptions): Promise<StepTiming> {
  const { imageShape, numClasses, batchSize } = options;
  const steps = options.steps ?? 5;
  const warmup = options.warmup ?? 2;
  const [h, w, c] = imageShape;
  const count = Math.max(batchSize, numClasses, 2);
  const rng = new CounterRng('evaluate-timing');
  const pixels = new Float32Array(count * h * w * c).map(() => rng.next());
  const labels = Array.from({ length: count }, (_, i) => i % numClasses);
  const model = (options.buildModel ?? defaultModelBuilder)(0, imageShape, numClasses);
  const trainer = createTrainer(model, 0, numClasses);
  try {
    const source = new InMemorySource({ pixels, shape: [count, h, w, c] }, { labels, numClasses });
    // readEvery 1: every step's loss is read back, so each step has finished when it is timed.
    const settings = classifierSettings({ batchSize, epochs: undefined, maxSteps: warmup + steps, learningRate: options.learningRate ?? 1e-3, readEvery: 1, sampleEvery: 0 });
    let t0 = 0;
    for await (const e of trainer.train(source, settings)) if (e.step === warmup) t0 = performance.now();
    const stepMs = (performance.now() - t0) / steps;

    let augmentMsPerImage = 0;
    const augment = options.augment;
    if (augment) {
      const x = tf.tensor4d(pixels.subarray(0, batchSize * h * w * c), [batchSize, h, w, c]);
      const once = async (step: number) => {
        const y = await augment(x, 0, step);
        await y.data();
        if (y !== x) y.dispose();
      };
      await once(0);
      const ms = await timeMs(async () => {
        for (let i = 1; i <= steps; i++) await once(i);
      });
      x.dispose();
      augmentMsPerImage = ms / (steps * batchSize);
    }

    const evalCount = Math.min(count, 256);
    const xEval = tf.tensor4d(pixels.subarray(0, evalCount * h * w * c), [evalCount, h, w, c]);
    await predictClasses(model, xEval);
    const evalMs = await timeMs(async () => void (await predictClasses(model, xEval)));
    xEval.dispose();
    return { stepMs, batchSize, augmentMsPerImage, evalMsPerImage: evalMs / evalCount };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/** "about 3 min", "about 40 s", "about 1 h 20 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''}`;
}
