/**
 * The augment worker: owns a tfjs backend for image work. It answers the pipeline editor
 * (transform catalogue, presets, validation, import/export, the saved pipeline), renders the live
 * preview, materialises augmented images into the workspace (with helper workers on CPU-bound
 * backends), and measures throughput. The main thread never loads tfjs: it asks here.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/core/backend';
import type { Pipeline } from '../src/core/pipeline/types';
import { startBackend, type StartedBackend } from './shared/tf-start';
import { selfCheck } from './shared/self-check';
import { catalog, presets } from './augment/catalog';
import { augmentedGroups, cancelMaterialise, estimateMaterialise, materialise, removeAugmented, type MaterialiseOptions, type MaterialiseProgress } from './augment/materialise';
import {
  buildPreset,
  checkPipeline,
  exportPipeline,
  fromUrlHash,
  importPipeline,
  loadWorkspacePipeline,
  saveWorkspacePipeline,
  toUrlHash,
  type PipelineFormat,
  type PresetRequest,
} from './augment/pipelines';
import { defaultWorkers, disposePool } from './augment/pool';
import { pickSamples, preview, type PreviewRequest, type SampleChoice } from './augment/preview';
import { forgetView } from './augment/records';
import { speedTest, wasmThreads, type SpeedTestOptions } from './augment/speed-test';

let started: Promise<StartedBackend> | undefined;

async function ready(): Promise<StartedBackend> {
  if (!started) await api.init();
  return started!;
}

const api = {
  /** Starts (or restarts, with another override) the backend and says which runs and why. */
  async init(override?: BackendName): Promise<StartedBackend> {
    disposePool();
    started = startBackend('image', override);
    return started;
  },


  async selfCheck() {
    await ready();
    return selfCheck('wasm');
  },

  /** How this worker computes: backend, WASM threads, and how many workers materialising uses. */
  async info() {
    const b = await ready();
    return {
      backend: b.backend,
      wasmThreads: wasmThreads(),
      crossOriginIsolated: self.crossOriginIsolated === true,
      cores: navigator.hardwareConcurrency || 1,
      workers: defaultWorkers(),
    };
  },

  // ——— the pipeline editor ———
  catalog,
  presets,
  buildPreset: (req: PresetRequest) => buildPreset(req),
  checkPipeline: (json: unknown, channels?: number) => checkPipeline(json, channels),
  importPipeline: (text: string, format: PipelineFormat, options?: { imageSize?: number; name?: string }) => importPipeline(text, format, options),
  exportPipeline: (p: Pipeline, format: PipelineFormat, options?: { imageSize?: number }) => exportPipeline(p, format, options),
  toUrlHash: (p: Pipeline) => toUrlHash(p),
  fromUrlHash: (hash: string) => fromUrlHash(hash),
  saveWorkspacePipeline: (p: Pipeline) => saveWorkspacePipeline(p),
  loadWorkspacePipeline: () => loadWorkspacePipeline(),

  // ——— preview ———
  pickSamples: (datasetId: string, revision: number | undefined, choice: SampleChoice) => pickSamples(datasetId, revision, choice),

  /** K augmented variants of each sample, as transferred ImageBitmaps with their plans. */
  async preview(req: PreviewRequest) {
    const b = await ready();
    return preview(req, b.backend);
  },

  // ——— materialising ———
  async materialise(datasetId: string, pipeline: Pipeline, seed: number, options: MaterialiseOptions, onProgress?: (p: MaterialiseProgress) => void) {
    await ready();
    return materialise(datasetId, pipeline, seed, options, onProgress);
  },
  estimateMaterialise: (datasetId: string, revision: number | undefined, pipeline: Pipeline, seed: number, options: MaterialiseOptions) =>
    estimateMaterialise(datasetId, revision, pipeline, seed, options),
  cancelMaterialise: () => cancelMaterialise(),
  augmentedGroups: (datasetId: string, revision?: number) => augmentedGroups(datasetId, revision),
  removeAugmented: (datasetId: string, pipelineId?: string) => removeAugmented(datasetId, pipelineId),
  /** Forgets cached records: call after another worker changed the dataset. */
  refresh: (datasetId?: string) => forgetView(datasetId),

  // ——— throughput ———
  async speedTest(options: SpeedTestOptions) {
    await ready();
    return speedTest(options);
  },

  /** Live tensors on this worker's backend (a leak check for tests). */
  numTensors: () => tf.memory().numTensors,
};

export type AugmentApi = typeof api;
Comlink.expose(api);
