/**
 * What the Evaluate tab and the evaluate worker exchange: plain, serialisable data (no tensors).
 * The saved record (`ExperimentRecord`, IndexedDB `objects` kind 'experiment') is documented in
 * workers/evaluate/history.ts; the export zip reads it from there.
 */
import type { BackendName } from '../../src/core/backend';
import type { Arm, Budget, ExperimentEvent, ExperimentPlan } from '../../src/core/evaluate/types';
import type { EvaluateReport } from '../../src/core/evaluate/report';

export interface EvaluateBackendInfo {
  backend: BackendName;
  adapter?: string;
  skipped: Array<{ backend: BackendName; reason: string }>;
  threads: number;
}

/** What the active dataset offers the experiment (shown before anything runs). */
export interface EvaluateInputs {
  datasetId: string;
  datasetName: string;
  /** Classes with real training images, in the dataset's order. */
  classes: string[];
  /** Real (original) training images per class. */
  trainCountsPerClass: number[];
  /** Where validation images come from: the data's own split, or a stratified seeded hold-out. */
  validation: { source: 'test' | 'val' | 'held-out'; count: number };
  /** Generators whose synthetic images are in this dataset (for arms c and d). */
  generators: Array<{ modelId: string; name: string; images: number; classes: string[] }>;
  size: number;
  channels: number;
}

export interface EvaluateRequest {
  datasetId: string;
  /** Arms to run; 'real' is always added. */
  arms: Arm[];
  seeds: number[];
  budget: Budget;
  /** Low-data mode: at most n real training images per class; null = all. Ignored with `sweep`. */
  perClass: number | null;
  /** A sweep over n (images per class): one full experiment per value. */
  sweep: number[] | null;
  /** Validation images used at most (a stratified seeded subset of the split when it is larger). */
  maxValidation: number;
  /** The Augment tab's current pipeline (JSON, with its seed); absent: the one saved in the workspace. */
  pipeline?: unknown;
  /** Which generator's synthetic images arms (c)/(d) use; absent: the one with the most images. */
  generatorId?: string;
  syntheticPerReal?: number;
  batchSize?: number;
  validationCurve?: boolean;
}

export interface EvaluateEstimate {
  plans: ExperimentPlan[];
  seconds: number;
  text: string;
  notes: string[];
  backend: BackendName;
}

/** Events the worker sends while an experiment runs. */
export type EvaluateEvent =
  | { type: 'phase'; message: string }
  | { type: 'estimate'; estimate: EvaluateEstimate }
  | { type: 'experiment'; event: Exclude<ExperimentEvent, { type: 'result' }>; point: number; points: number; perClass: number | null };

/** A finished (or cancelled) experiment as saved in IndexedDB and listed in the history. */
export interface ExperimentRecord {
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  /** One line for the history list, e.g. "Real vs augmentation · 3 seeds · 25/class". */
  title: string;
  status: 'complete' | 'cancelled';
  backend: BackendName;
  /** The full report (schema augment-studio/evaluate-report, version 1): what the JSON download holds. */
  report: EvaluateReport;
}

/** A history entry without the heavy per-image data. */
export interface ExperimentSummary {
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  title: string;
  status: 'complete' | 'cancelled';
  pipelineName: string | null;
  generatorName: string | null;
  perClass: Array<number | null>;
  seeds: number[];
  stepsPerRun: number;
  /** Per arm, from the last (largest-n) experiment. */
  arms: Array<{ arm: Arm; label: string; accuracy: { mean: number; std: number | null; n: number }; macroF1: { mean: number; std: number | null; n: number } }>;
  verdicts: string[];
}
