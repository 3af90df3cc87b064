/**
 * What the train worker and the Generate tab say to each other: requests, the run record kept in
 * IndexedDB, and the events the worker streams while training. Plain, structured-clone-safe data
 * (plus transferred ImageBitmaps).
 */
import type { BackendChoice } from '../../src/core/backend';
import type { GanConfig } from '../../src/core/models/gan';
import type { VaeConfig } from '../../src/core/models/vae';

/** DCGAN, class-conditional GAN (projection discriminator), VAE, conditional VAE. */
export type ModelKind = 'dcgan' | 'cgan' | 'vae' | 'cvae';

export const MODEL_LABELS: Record<ModelKind, string> = {
  dcgan: 'DCGAN',
  cgan: 'Conditional GAN',
  vae: 'VAE',
  cvae: 'Conditional VAE',
};

export function isGan(kind: ModelKind): boolean {
  return kind === 'dcgan' || kind === 'cgan';
}

export function isConditional(kind: ModelKind): boolean {
  return kind === 'cgan' || kind === 'cvae';
}

/** Settings the loop re-reads every step: the UI may change any of them while training runs. */
export interface LiveSettings {
  batchSize: number;
  /** Stop after this many epochs (counted across resumes). */
  epochs: number;
  /** Redraw the fixed-noise sample grid every N steps. */
  sampleEvery: number;
  /** Save a checkpoint every N steps (and always on pause, stop and finish). */
  checkpointEvery: number;
  // GAN
  learningRateG: number;
  learningRateD: number;
  loss: 'non-saturating' | 'hinge';
  labelSmoothing: number;
  // VAE
  learningRate: number;
  /** KL weight. */
  beta: number;
  // Adam
  beta1: number;
  beta2: number;
}

export type DataMode = 'originals' | 'pipeline';

export interface TrainRequest {
  datasetId: string;
  model: ModelKind;
  /** Model resolution: the dataset's working size, or a smaller supported one (batches are resized). */
  size: number;
  /** Class names to train on; their order gives the class ids of a conditional model. */
  classes: string[];
  /** Channels of the full-resolution stage (GAN default 64, VAE 32). */
  width: number;
  latentDim: number;
  seed: number;
  /** Originals only, or originals with the workspace's augmentation pipeline applied on the fly. */
  data: DataMode;
  settings: LiveSettings;
  name?: string;
}

export type RunStatus = 'training' | 'paused' | 'finished' | 'stopped' | 'failed';

/** A training run as stored (objects store, kind 'train-run'); its latest checkpoint is stored beside it. */
export interface RunInfo {
  id: string;
  name: string;
  datasetId: string;
  model: ModelKind;
  config: GanConfig | VaeConfig;
  classes: string[];
  /** The dataset's working format when the run was made: a later change is a mismatch. */
  dataFormat: { size: number; channels: number };
  data: DataMode;
  settings: LiveSettings;
  createdAt: number;
  updatedAt: number;
  step: number;
  epoch: number;
  /** Images per epoch. */
  trainCount: number;
  status: RunStatus;
  /** Step of the last saved checkpoint, or null before the first. */
  checkpointStep: number | null;
  quality?: QualitySummary;
  /** Where the run came from when it was imported. */
  importedFrom?: string;
  lastError?: string;
}

export type SessionState = 'running' | 'paused' | 'stepping' | 'finished' | 'stopped' | 'failed';

export interface SeriesDelta {
  /** True when the series start over (a run was opened): replace, do not append. */
  reset: boolean;
  steps: number[];
  values: Record<string, number[]>;
}

export interface SampleFrame {
  bitmap: ImageBitmap;
  step: number;
  rows: number;
  cols: number;
  /** Row labels (class names) for conditional models. */
  rowLabels?: string[];
}

/** One update from the training loop (at most ~10 per second, plus one per manual step). */
export interface TrainEventMessage {
  runId: string;
  state: SessionState;
  step: number;
  epoch: number;
  batchSize: number;
  losses?: Record<string, number>;
  history?: SeriesDelta;
  heldOut?: SeriesDelta;
  stepsPerSecond: number;
  imagesPerSecond: number;
  notices: string[];
  samples?: SampleFrame;
  checkpoint?: { step: number; savedAt: number };
  error?: { code: string; message: string };
}

export interface TrainBackendInfo extends BackendChoice {
  /** Kernels the project registered (WASM training kernels), for the backend report. */
  kernels: string[];
  threads: number;
  crossOriginIsolated: boolean;
}

export interface GenerateRequest {
  /** 'per-class': `count` images per chosen class; 'balance': top classes up to `count` training images. */
  mode: 'per-class' | 'balance';
  count: number;
  /** Class names (of the run's classes); all when empty. */
  classes: string[];
  /** GAN truncation threshold (0 = none). */
  truncation: number;
  /** Scale of the latent noise (VAE temperature; 1 = the prior). */
  temperature: number;
  /** Seeds the run's per-image seeds; random when absent. */
  runSeed?: number;
}

export interface GenerateProgress {
  done: number;
  total: number;
}

export interface GenerateResult {
  written: number;
  perClass: Record<string, number>;
  modelId: string;
  checkpointStep: number;
  runSeed: number;
  datasetCount: number;
}

export interface Strip {
  frames: ImageBitmap[];
  /** All frames side by side. */
  strip: ImageBitmap;
}

export interface QualitySummary {
  /** Fréchet classifier distance (not FID). */
  fcd: number;
  precision: number;
  recall: number;
  k: number;
  realCount: number;
  generatedCount: number;
  memorisation?: { medianRms: number; minRms: number; closestRms: number[] };
  featureCnn: { accuracy: number; classes: number; trainImages: number; cached: boolean; reference: string };
  step: number;
  measuredAt: number;
  seconds: number;
}

export interface QualityReport extends QualitySummary {
  /** Closest generated / training pairs: each bitmap is [generated | nearest real]. */
  closestPairs: Array<{ bitmap: ImageBitmap; rms: number }>;
}

export interface QualityProgress {
  phase: 'feature-cnn' | 'generating' | 'measuring';
  /** 0..1 */
  fraction: number;
  detail: string;
}

export interface SpeedTestRequest {
  model: 'dcgan' | 'vae';
  batchSize: number;
  warmupSteps: number;
  windows: number;
  windowSteps: number;
}

/** Defaults: Adam(2e-4, β1 0.5) and the non-saturating loss for GANs (DCGAN paper); Adam(1e-3) for VAEs. */
export function defaultSettings(kind: ModelKind): LiveSettings {
  return {
    batchSize: 64,
    epochs: 10,
    sampleEvery: 25,
    checkpointEvery: 200,
    learningRateG: 2e-4,
    learningRateD: 2e-4,
    loss: 'non-saturating',
    labelSmoothing: 0,
    learningRate: 1e-3,
    beta: 1,
    beta1: isGan(kind) ? 0.5 : 0.9,
    beta2: 0.999,
  };
}
