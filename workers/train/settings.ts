/** The loop's settings: the UI's LiveSettings mapped onto the trainers' own, and live changes applied to them. */
import { ganSettings, vaeSettings, type GanSettings, type VaeSettings } from '../../src/core/models';
import type { LiveSettings } from './types';

export type CoreSettings = GanSettings | VaeSettings;

export function coreSettings(gan: boolean, s: LiveSettings): CoreSettings {
  const common = { batchSize: s.batchSize, epochs: s.epochs, sampleEvery: s.sampleEvery, beta1: s.beta1, beta2: s.beta2, readEvery: 5 };
  return gan
    ? ganSettings({ ...common, learningRateG: s.learningRateG, learningRateD: s.learningRateD, loss: s.loss, labelSmoothing: s.labelSmoothing })
    : vaeSettings({ ...common, learningRate: s.learningRate, beta: s.beta });
}

const POSITIVE = ['batchSize', 'epochs', 'sampleEvery', 'checkpointEvery', 'learningRateG', 'learningRateD', 'learningRate'] as const;

/** Checks a settings change; returns a sentence for the first bad value, or null. */
export function settingsProblem(patch: Partial<LiveSettings>): string | null {
  for (const key of POSITIVE) {
    const v = patch[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return `${key} must be a positive number (got ${v}).`;
  }
  for (const key of ['beta1', 'beta2'] as const) {
    const v = patch[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v < 1)) return `Adam ${key === 'beta1' ? 'β1' : 'β2'} must be in [0, 1) (got ${v}).`;
  }
  if (patch.labelSmoothing !== undefined && !(patch.labelSmoothing >= 0 && patch.labelSmoothing < 0.5)) return `Label smoothing must be in [0, 0.5) (got ${patch.labelSmoothing}).`;
  if (patch.beta !== undefined && !(Number.isFinite(patch.beta) && patch.beta >= 0)) return `The KL weight β must be 0 or more (got ${patch.beta}).`;
  if (patch.loss !== undefined && patch.loss !== 'non-saturating' && patch.loss !== 'hinge') return `Unknown GAN loss '${patch.loss}'.`;
  return null;
}

/** Applies a change to the live settings and to the object the training loop re-reads every step. */
export function applySettings(live: LiveSettings, core: CoreSettings, patch: Partial<LiveSettings>): void {
  Object.assign(live, patch);
  const c = core as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || k === 'checkpointEvery') continue;
    if (k in c) c[k] = k === 'batchSize' || k === 'sampleEvery' ? Math.max(1, Math.round(v as number)) : v;
  }
}
