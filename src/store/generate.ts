/**
 * The Generate tab's state: the training form (kept in localStorage), and what the train worker
 * last reported (run, step, losses, curves, speeds, notices). Small and serialisable: sample
 * grids and strips are ImageBitmaps and live in the panel (src/panels/generate/frames.ts).
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import {
  defaultSettings,
  isGan,
  type DataMode,
  type LiveSettings,
  type ModelKind,
  type RunInfo,
  type SeriesDelta,
  type SessionState,
  type TrainBackendInfo,
  type TrainEventMessage,
} from '../../workers/train/types';

export interface TrainForm {
  model: ModelKind;
  /** Model side; 'auto' = the dataset's working size (or the largest supported size below it). */
  size: number | 'auto';
  /** Classes to train on; null = all of the dataset's. */
  classes: string[] | null;
  /** 'auto' = the model family's default (GAN 64, VAE 32). */
  width: number | 'auto';
  /** 'auto' = GAN 100, VAE 16. */
  latentDim: number | 'auto';
  seed: number;
  data: DataMode;
  settings: LiveSettings;
}

export interface Series {
  steps: number[];
  values: Record<string, number[]>;
}

const emptySeries = (): Series => ({ steps: [], values: {} });

function merge(series: Series, delta: SeriesDelta): Series {
  if (delta.reset) return { steps: delta.steps, values: delta.values };
  if (delta.steps.length === 0) return series;
  const values: Record<string, number[]> = {};
  const names = new Set([...Object.keys(series.values), ...Object.keys(delta.values)]);
  for (const k of names) {
    const old = series.values[k] ?? new Array<number>(series.steps.length).fill(NaN);
    const add = delta.values[k] ?? new Array<number>(delta.steps.length).fill(NaN);
    values[k] = old.concat(add);
  }
  return { steps: series.steps.concat(delta.steps), values };
}

export function initialForm(model: ModelKind = 'cgan'): TrainForm {
  return { model, size: 'auto', classes: null, width: 'auto', latentDim: 'auto', seed: 1, data: 'originals', settings: defaultSettings(model) };
}

export type Busy = 'starting' | 'opening' | 'pausing' | 'stepping' | 'stopping' | 'importing' | null;

interface GenerateState {
  form: TrainForm;
  backend: TrainBackendInfo | null;
  backendError: string | null;
  /** The run loaded in the worker (training or not). */
  run: RunInfo | null;
  state: SessionState | 'idle';
  busy: Busy;
  step: number;
  epoch: number;
  batchSize: number;
  losses: Record<string, number> | null;
  stepsPerSecond: number;
  imagesPerSecond: number;
  notices: string[];
  error: { code: string; message: string } | null;
  history: Series;
  heldOut: Series;
  checkpoint: { step: number; savedAt: number } | null;
  slowMotion: boolean;
  /** Saved runs of the active dataset, newest first. */
  savedRuns: RunInfo[];
  setForm(patch: Partial<TrainForm>): void;
  setSettings(patch: Partial<LiveSettings>): void;
  setModel(model: ModelKind): void;
  setBackend(b: TrainBackendInfo | null, error?: string | null): void;
  setRun(run: RunInfo | null): void;
  setBusy(b: Busy): void;
  setError(e: { code: string; message: string } | null): void;
  setSavedRuns(runs: RunInfo[]): void;
  setSlowMotion(on: boolean): void;
  apply(e: TrainEventMessage): void;
  clearSession(): void;
}

const MAX_NOTICES = 6;

export const useGenerate = create<GenerateState>()(
  persist(
    (set) => ({
      form: initialForm(),
      backend: null,
      backendError: null,
      run: null,
      state: 'idle',
      busy: null,
      step: 0,
      epoch: 0,
      batchSize: 0,
      losses: null,
      stepsPerSecond: 0,
      imagesPerSecond: 0,
      notices: [],
      error: null,
      history: emptySeries(),
      heldOut: emptySeries(),
      checkpoint: null,
      slowMotion: false,
      savedRuns: [],
      setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
      setSettings: (patch) => set((s) => ({ form: { ...s.form, settings: { ...s.form.settings, ...patch } } })),
      setModel: (model) =>
        set((s) => {
          // Switching between GANs and VAEs brings that family's Adam β1 default.
          const family = isGan(model) !== isGan(s.form.model);
          const settings = family ? { ...s.form.settings, beta1: defaultSettings(model).beta1 } : s.form.settings;
          return { form: { ...s.form, model, settings } };
        }),
      setBackend: (backend, backendError = null) => set({ backend, backendError }),
      setRun: (run) =>
        set((s) => (run ? { run, form: { ...s.form, settings: { ...s.form.settings, ...run.settings } } } : { run })),
      setBusy: (busy) => set({ busy }),
      setError: (error) => set({ error }),
      setSavedRuns: (savedRuns) => set({ savedRuns }),
      setSlowMotion: (slowMotion) => set({ slowMotion }),
      apply: (e) =>
        set((s) => {
          const notices = e.notices.length ? [...s.notices, ...e.notices.filter((n) => !s.notices.includes(n))].slice(-MAX_NOTICES) : s.notices;
          return {
            state: e.state,
            step: e.step,
            epoch: e.epoch,
            batchSize: e.batchSize,
            losses: e.losses ?? s.losses,
            stepsPerSecond: e.stepsPerSecond || s.stepsPerSecond,
            imagesPerSecond: e.imagesPerSecond || s.imagesPerSecond,
            notices: e.history?.reset ? e.notices : notices,
            history: e.history ? merge(s.history, e.history) : s.history,
            heldOut: e.heldOut ? merge(s.heldOut, e.heldOut) : s.heldOut,
            checkpoint: e.checkpoint ?? (e.history?.reset ? null : s.checkpoint),
            error: e.error ?? (e.state === 'failed' ? s.error : null),
            run: s.run && s.run.id === e.runId ? { ...s.run, step: e.step, status: statusOf(e.state, s.run.status) } : s.run,
          };
        }),
      clearSession: () =>
        set({
          run: null,
          state: 'idle',
          step: 0,
          epoch: 0,
          losses: null,
          stepsPerSecond: 0,
          imagesPerSecond: 0,
          notices: [],
          history: emptySeries(),
          heldOut: emptySeries(),
          checkpoint: null,
        }),
    }),
    { name: 'augment-studio.generate', version: 1, partialize: (s) => ({ form: s.form }) },
  ),
);

function statusOf(state: SessionState, before: RunInfo['status']): RunInfo['status'] {
  switch (state) {
    case 'running':
    case 'stepping':
      return 'training';
    case 'paused':
      return 'paused';
    default:
      return state === 'failed' ? 'failed' : state === 'finished' ? 'finished' : state === 'stopped' ? 'stopped' : before;
  }
}
