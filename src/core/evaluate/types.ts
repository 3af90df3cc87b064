/** The Evaluate experiment's inputs, progress events and results (plain, serialisable data). */
import type * as tf from '@tensorflow/tfjs';
import type { DataSource } from '../models/dataSource';
import type { LossHistoryJson } from '../models/history';
import type { LabelledImages } from './labelledImages';
import type { ArmName, MeanStd, Verdict } from './significance';

export type Arm = ArmName;
export const ARMS: readonly Arm[] = ['real', 'augmented', 'synthetic', 'both'];

/**
 * Augments a batch of real training images (NHWC, [0, 1]) for one step: the worker passes the
 * augment engine's plan + execute. Must be deterministic in (seed, step), return a new tensor (or
 * the input) of the same shape, and leave no other tensors behind. Its input is disposed after.
 */
export type AugmentFn = (batch: tf.Tensor4D, seed: number, step: number) => tf.Tensor4D | Promise<tf.Tensor4D>;

/** Makes a fresh batch source for one run, its order (and any generation) seeded by `seed`. */
export type SourceFactory = (seed: number) => DataSource;

/** Real training data streamed from elsewhere (no subsampling or hold-out possible). */
export interface StreamedSet {
  source: SourceFactory;
  /** Images per epoch. */
  size: number;
  imageShape: readonly [number, number, number];
}

/** Builds the classifier for one run; the same function (so the same architecture) for every arm. */
export type ModelBuilder = (seed: number, inputShape: readonly [number, number, number], numClasses: number) => tf.LayersModel;

export type Budget = { epochs: number; minSteps?: number } | { steps: number };

export interface ExperimentConfig {
  /** Class names, indexed by class id. */
  classNames: readonly string[];
  /** Real training images. */
  train: LabelledImages | StreamedSet;
  /** Real validation images, never trained on and never augmented. When absent, held out from `train`. */
  validation?: LabelledImages;
  /** For the 'augmented' and 'both' arms. */
  augment?: AugmentFn;
  /** For the 'synthetic' and 'both' arms: images from the workspace, or a generator run on the fly. */
  synthetic?: LabelledImages | SourceFactory;
  /** Default: 'real' plus every arm the inputs allow. 'real' is always run (it is the baseline). */
  arms?: readonly Arm[];
  /** One run per seed and arm; the seed sets weight init, batch order, augmentation and the subsample. Default [1, 2, 3]. */
  seeds?: readonly number[];
  /** The same for every arm, counted over the real training images. Default { epochs: 10 }. */
  budget?: Budget;
  /** Real images per step (default 32). Synthetic arms add syntheticPerReal × as many synthetic images. */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Low-data mode: at most this many real training images per class (stratified, seeded). */
  perClass?: number;
  /** Hold-out split used when no validation set is given (default fraction 0.2, seed 0). */
  holdOut?: { fraction?: number; seed?: number };
  /** Synthetic images added per real image in each batch (default 1). */
  syntheticPerReal?: number;
  /** Default: the small CNN from models/classifier sized to the resolution. */
  buildModel?: ModelBuilder;
  /** Evaluate on the validation set at each epoch's end for the training curves (default true). */
  validationCurve?: boolean;
  /** Read losses back every N steps (default 10). */
  readEvery?: number;
  /** Significance level of the verdicts (default 0.05). */
  alpha?: number;
  /** Notes to carry into the results (e.g. pipelineAugment's notes). */
  notes?: readonly string[];
  /** Cancels between steps; the runner then yields the results of the runs that finished. */
  signal?: AbortSignal;
}

/** What will run: shown before starting (with a time estimate) and in the results. */
export interface ExperimentPlan {
  arms: Arm[];
  seeds: number[];
  runs: number;
  stepsPerRun: number;
  /** Real images per step (clamped to the training set size). */
  batchSize: number;
  /** Images per step in arms that add synthetic data. */
  mixedBatchSize: number;
  syntheticPerReal: number;
  learningRate: number;
  /** Epochs over the real training images that stepsPerRun amounts to. */
  epochs: number;
  /** Real training images per run. */
  trainImages: number;
  validationImages: number;
  perClass: number | null;
  imageShape: [number, number, number];
  numClasses: number;
}

export interface ExperimentProgress {
  type: 'progress';
  arm: Arm;
  seed: number;
  /** 0-based index of this run among plan.runs. */
  run: number;
  runs: number;
  step: number;
  steps: number;
  /** Epochs over the real training images. */
  epoch: number;
  /** Training loss and batch accuracy, on read-back steps. */
  loss?: number;
  trainAccuracy?: number;
  /** Validation accuracy and loss, on steps that end an epoch (when validationCurve is on). */
  validationAccuracy?: number;
  validationLoss?: number;
  /** Share of the whole experiment done, 0–1 (by steps). */
  fraction: number;
  elapsedSeconds: number;
  /** From the measured step rate so far; null before the first read-back. */
  etaSeconds: number | null;
  stepsPerSecond: number;
}

export interface RunResult {
  arm: Arm;
  seed: number;
  accuracy: number;
  macroF1: number;
  /** Recall per class; null for a class with no validation images. */
  perClassAccuracy: Array<number | null>;
  perClassF1: Array<number | null>;
  /** Rows = truth, columns = prediction. */
  confusion: number[][];
  /** Predicted class per validation image (in ExperimentResult.validation order). */
  predictions: number[];
  /** Training loss and batch accuracy per step. */
  curve: LossHistoryJson;
  /** heldOutAccuracy / heldOutLoss on the validation set at each epoch's end. */
  validationCurve: LossHistoryJson;
  steps: number;
  seconds: number;
}

export interface ArmSummary {
  arm: Arm;
  label: string;
  seeds: number[];
  accuracy: MeanStd;
  macroF1: MeanStd;
  /** Mean over seeds of each class's recall. */
  perClassAccuracy: Array<number | null>;
  /** Summed over seeds. */
  confusion: number[][];
}

export interface ValidationInfo {
  source: 'provided' | 'held-out';
  count: number;
  countsPerClass: number[];
  /** True class per validation image. */
  labels: number[];
  /** Index of each validation image in the set it came from (`validation`, or `train` when held out). */
  indices: number[];
  ids?: string[];
  /** For a held-out split. */
  fraction?: number;
  seed?: number;
}

export interface ExperimentResult {
  status: 'complete' | 'cancelled';
  classNames: string[];
  plan: ExperimentPlan;
  /** Real training images per class in each run. */
  trainCountsPerClass: number[];
  validation: ValidationInfo;
  /** Things the user must know to read the numbers (hold-out, short classes, clamped batch). */
  notes: string[];
  runs: RunResult[];
  arms: ArmSummary[];
  /** Every arm other than 'real' against 'real', over the seeds both finished. */
  verdicts: Verdict[];
  seconds: number;
}

export type ExperimentEvent =
  | { type: 'start'; plan: ExperimentPlan; notes: string[] }
  | ExperimentProgress
  | { type: 'run'; result: RunResult; fraction: number }
  | { type: 'result'; result: ExperimentResult };
