/**
 * The Evaluate experiment: train the same classifier, with the same budget and the same seeds, on
 * real data alone and on real data plus augmentation, synthetic images or both, and compare them
 * on the same real validation images. An async generator: it yields progress per step, a result
 * per finished run, and finally the whole result; the train worker forwards the events.
 *
 * Pairing: for one seed every arm starts from the same initial weights, draws the same real
 * batches in the same order (and the same low-data subset); augmentation is keyed by (seed,
 * step) and synthetic batches by the seed. So per-seed differences between arms are due to the
 * arm, and the verdicts compare arms pairwise over seeds.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSize } from '../models/architecture';
import { buildClassifier } from '../models/classifier';
import { classifierSettings, type ClassifierTrainer } from '../models/classifierTrainer';
import { withTransform, type DataSource } from '../models/dataSource';
import { TrainingError } from '../models/errors';
import { toTensors } from './labelledImages';
import { classificationMetrics } from './metrics';
import { mixSources } from './mixedSource';
import { predictClasses } from './predict';
import { prepareExperiment, type PreparedExperiment } from './prepare';
import { armVerdicts, summariseArm } from './summarise';
import { createTrainer } from './trainer';
import type { Arm, ExperimentConfig, ExperimentEvent, ExperimentProgress, ExperimentResult, ModelBuilder, RunResult } from './types';

/** The small CNN of models/classifier, sized to the working resolution (28, 32, 64 or 128). */
export const defaultModelBuilder: ModelBuilder = (seed, [h, w, c], numClasses) => {
  if (h !== w) throw new TrainingError('bad-config', `The classifier needs square images; these are ${h}×${w}.`);
  if (c !== 1 && c !== 3) throw new TrainingError('bad-config', `Images must have 1 or 3 channels, got ${c}.`);
  return buildClassifier({ variant: 'small-cnn', size: h as ModelSize, channels: c, numClasses, seed });
};

const usesAugment = (arm: Arm) => arm === 'augmented' || arm === 'both';
const usesSynthetic = (arm: Arm) => arm === 'synthetic' || arm === 'both';

interface RunContext {
  prepared: PreparedExperiment;
  config: ExperimentConfig;
  validation: { x: tf.Tensor4D; labels: tf.Tensor1D };
  /** Steps finished before this run, and the clock, for the overall fraction and ETA. */
  stepsBefore: number;
  startedAt: number;
  runIndex: number;
}

/** One run (arm, seed): yields progress; returns its result, or null when cancelled. */
async function* runOne(arm: Arm, seed: number, ctx: RunContext): AsyncGenerator<ExperimentProgress, RunResult | null, undefined> {
  const { prepared, config } = ctx;
  const { plan } = prepared;
  const started = performance.now();
  const model = (config.buildModel ?? defaultModelBuilder)(seed, plan.imageShape, plan.numClasses);
  let trainer: ClassifierTrainer | undefined;
  let source: DataSource | undefined;
  try {
    trainer = createTrainer(model, seed, plan.numClasses, config.validationCurve === false ? undefined : ctx.validation);
    source = prepared.realSource(seed);
    const augment = config.augment;
    if (usesAugment(arm) && augment) source = withTransform(source, (x, step) => augment(x, seed, step));
    if (usesSynthetic(arm)) source = mixSources(source, prepared.syntheticSource!(seed), plan.syntheticPerReal);
    const settings = classifierSettings({
      batchSize: usesSynthetic(arm) ? plan.mixedBatchSize : plan.batchSize,
      epochs: undefined,
      maxSteps: plan.stepsPerRun,
      learningRate: plan.learningRate,
      readEvery: config.readEvery ?? 10,
      sampleEvery: 0,
    });
    const totalSteps = plan.runs * plan.stepsPerRun;
    for await (const e of trainer.train(source, settings)) {
      const done = ctx.stepsBefore + e.step;
      const elapsedSeconds = (performance.now() - ctx.startedAt) / 1000;
      yield {
        type: 'progress',
        arm,
        seed,
        run: ctx.runIndex,
        runs: plan.runs,
        step: e.step,
        steps: plan.stepsPerRun,
        epoch: (e.step * plan.batchSize) / plan.trainImages,
        ...(e.losses ? { loss: e.losses.loss, trainAccuracy: e.losses.accuracy } : {}),
        ...(e.heldOut ? { validationAccuracy: e.heldOut.heldOutAccuracy, validationLoss: e.heldOut.heldOutLoss } : {}),
        fraction: done / totalSteps,
        elapsedSeconds,
        etaSeconds: done > 0 ? (elapsedSeconds / done) * (totalSteps - done) : null,
        stepsPerSecond: e.stepsPerSecond,
      };
      if (config.signal?.aborted) return null;
    }
    const predictions = await predictClasses(model, ctx.validation.x);
    const m = classificationMetrics(prepared.validationInfo.labels, predictions, plan.numClasses);
    return {
      arm,
      seed,
      accuracy: m.accuracy,
      macroF1: m.macroF1,
      perClassAccuracy: m.perClassAccuracy,
      perClassF1: m.perClassF1,
      confusion: m.confusion,
      predictions: Array.from(predictions),
      curve: trainer.history.toJSON(),
      validationCurve: trainer.heldOutHistory.toJSON(),
      steps: trainer.step,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    trainer?.dispose();
    model.dispose();
    source?.dispose?.();
  }
}

function assemble(prepared: PreparedExperiment, config: ExperimentConfig, runs: RunResult[], status: ExperimentResult['status'], seconds: number): ExperimentResult {
  const { plan } = prepared;
  return {
    status,
    classNames: [...config.classNames],
    plan,
    trainCountsPerClass: prepared.trainCountsPerClass,
    validation: prepared.validationInfo,
    notes: [...prepared.notes, ...(status === 'cancelled' ? [`Cancelled after ${runs.length} of ${plan.runs} runs.`] : [])],
    runs,
    arms: plan.arms.map((arm) => summariseArm(arm, runs, plan.numClasses)),
    verdicts: armVerdicts(plan.arms, runs, plan.trainImages, config.alpha ?? 0.05),
    seconds,
  };
}

/**
 * Runs the experiment. Seeds are the outer loop, so after each seed every arm has a paired run.
 * Cancel with config.signal (checked between steps): the last event is then a 'result' with
 * status 'cancelled' and the runs that finished. Breaking out of the loop also stops it cleanly.
 */
export async function* runExperiment(config: ExperimentConfig): AsyncGenerator<ExperimentEvent, ExperimentResult, undefined> {
  const prepared = prepareExperiment(config);
  const { plan } = prepared;
  yield { type: 'start', plan, notes: prepared.notes };
  const startedAt = performance.now();
  const runs: RunResult[] = [];
  let cancelled = !!config.signal?.aborted;
  const validation = toTensors(prepared.validation);
  try {
    let runIndex = 0;
    outer: for (const seed of plan.seeds) {
      for (const arm of plan.arms) {
        if (cancelled || config.signal?.aborted) {
          cancelled = true;
          break outer;
        }
        const run = runOne(arm, seed, { prepared, config, validation, stepsBefore: runIndex * plan.stepsPerRun, startedAt, runIndex });
        let next: IteratorResult<ExperimentProgress, RunResult | null> | undefined;
        try {
          next = await run.next();
          while (!next.done) {
            yield next.value;
            next = await run.next();
          }
        } finally {
          // The consumer stopped pulling mid-run: let the run dispose its model and optimizer.
          if (!next?.done) await run.return(null);
        }
        if (next.value === null) {
          cancelled = true;
          break outer;
        }
        runs.push(next.value);
        runIndex++;
        yield { type: 'run', result: next.value, fraction: runIndex / plan.runs };
      }
    }
  } finally {
    tf.dispose([validation.x, validation.labels]);
  }
  const result = assemble(prepared, config, runs, cancelled ? 'cancelled' : 'complete', (performance.now() - startedAt) / 1000);
  yield { type: 'result', result };
  return result;
}

/** Runs the generator to the end and returns the result (for the bench and tests). */
export async function runExperimentToEnd(config: ExperimentConfig, onEvent?: (e: ExperimentEvent) => void): Promise<ExperimentResult> {
  const gen = runExperiment(config);
  let next = await gen.next();
  while (!next.done) {
    onEvent?.(next.value);
    next = await gen.next();
  }
  return next.value;
}
