/** From the Generate tab's form to a TrainRequest, and the one-click demo's settings. */
import { SUPPORTED_SIZES } from '../../core/models/architecture';
import type { DatasetMeta } from '../../core/dataset/types';
import type { TrainForm } from '../../store/generate';
import { defaultSettings, isGan, type ModelKind, type TrainBackendInfo, type TrainRequest } from '../../../workers/train/types';

/** The largest supported model side not above the dataset's (its own when supported). */
export function autoSize(datasetSize: number): number {
  const fits = SUPPORTED_SIZES.filter((s) => s <= datasetSize);
  return fits.length ? fits[fits.length - 1] : datasetSize;
}

export function sizeChoices(datasetSize: number): number[] {
  return SUPPORTED_SIZES.filter((s) => s <= datasetSize);
}

export function defaultWidth(model: ModelKind): number {
  return isGan(model) ? 64 : 32;
}

export function defaultLatent(model: ModelKind): number {
  return isGan(model) ? 100 : 16;
}

/** The chosen classes of this dataset; a choice made on another dataset (none of its names here) means all. */
export function formClasses(form: TrainForm, meta: DatasetMeta): string[] {
  if (!form.classes) return meta.classes;
  const kept = form.classes.filter((c) => meta.classes.includes(c));
  return kept.length > 0 || form.classes.length === 0 ? kept : meta.classes;
}

export function buildRequest(form: TrainForm, meta: DatasetMeta): TrainRequest {
  return {
    datasetId: meta.id,
    model: form.model,
    size: form.size === 'auto' ? autoSize(meta.format.size) : form.size,
    classes: formClasses(form, meta),
    width: form.width === 'auto' ? defaultWidth(form.model) : form.width,
    latentDim: form.latentDim === 'auto' ? defaultLatent(form.model) : form.latentDim,
    seed: form.seed,
    data: form.data,
    settings: { ...form.settings },
  };
}

export const SAMPLE_DATASET_NAME = 'Fashion-MNIST subset (sample)';

/**
 * "Train a demo GAN": a conditional DCGAN on every class of the sample, batch 64, Adam(2e-4, β1
 * 0.5), a fresh sample grid every 20 steps. Full width on a real GPU; half width on WASM/CPU,
 * so recognisable shapes appear within minutes there too.
 */
export function demoForm(backend: TrainBackendInfo | null): TrainForm {
  const gpu = backend?.backend === 'webgpu' || backend?.backend === 'webgl';
  return {
    model: 'cgan',
    size: 'auto',
    classes: null,
    width: gpu ? 64 : 32,
    latentDim: 'auto',
    seed: 1,
    data: 'originals',
    settings: { ...defaultSettings('cgan'), batchSize: 64, epochs: 5, sampleEvery: 20, checkpointEvery: 200 },
  };
}
