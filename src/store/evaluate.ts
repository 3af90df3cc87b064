/**
 * The Evaluate tab's state: the experiment's settings (kept in localStorage), the worker's backend,
 * what the dataset offers, the running experiment's progress, the results shown and the history.
 * Plain serialisable data; tensors and pixels stay in the evaluate worker.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Arm, ExperimentPlan, ExperimentProgress, RunResult } from '../core/evaluate/types';
import type {
  EvaluateBackendInfo,
  EvaluateEstimate,
  EvaluateEvent,
  EvaluateInputs,
  ExperimentRecord,
  ExperimentSummary,
} from '../../workers/evaluate/types';

export interface EvaluateForm {
  /** Arms besides 'real' (always run). */
  arms: Record<Exclude<Arm, 'real'>, boolean>;
  seedCount: number;
  budgetMode: 'epochs' | 'steps';
  epochs: number;
  steps: number;
  lowData: boolean;
  perClass: number;
  sweepOn: boolean;
  /** Comma-separated n values. */
  sweep: string;
  maxValidation: number;
  generatorId: string | null;
}

export const DEFAULT_FORM: EvaluateForm = {
  arms: { augmented: true, synthetic: false, both: false },
  seedCount: 3,
  budgetMode: 'epochs',
  epochs: 10,
  steps: 150,
  lowData: true,
  perClass: 50,
  sweepOn: false,
  sweep: '10, 25, 50, 100',
  maxValidation: 1000,
  generatorId: null,
};

export type EvaluateStatus = 'idle' | 'estimating' | 'running' | 'cancelling';

export interface LiveProgress {
  progress: ExperimentProgress | null;
  point: number;
  points: number;
  perClass: number | null;
  plan: ExperimentPlan | null;
  /** Runs finished so far (of the current point). */
  runs: RunResult[];
}

interface EvaluateState {
  form: EvaluateForm;
  backend: EvaluateBackendInfo | null;
  backendError: string | null;
  inputs: EvaluateInputs | null;
  status: EvaluateStatus;
  phase: string | null;
  estimate: EvaluateEstimate | null;
  live: LiveProgress;
  record: ExperimentRecord | null;
  history: ExperimentSummary[];
  compare: string[];
  error: string | null;
  setForm(f: Partial<EvaluateForm>): void;
  setArm(arm: Exclude<Arm, 'real'>, on: boolean): void;
  set(p: Partial<Omit<EvaluateState, 'set' | 'setForm' | 'setArm' | 'apply' | 'toggleCompare'>>): void;
  apply(e: EvaluateEvent): void;
  toggleCompare(id: string): void;
}

const EMPTY_LIVE: LiveProgress = { progress: null, point: 0, points: 1, perClass: null, plan: null, runs: [] };

export const useEvaluate = create<EvaluateState>()(
  persist(
    (set) => ({
      form: DEFAULT_FORM,
      backend: null,
      backendError: null,
      inputs: null,
      status: 'idle',
      phase: null,
      estimate: null,
      live: EMPTY_LIVE,
      record: null,
      history: [],
      compare: [],
      error: null,
      setForm: (f) => set((s) => ({ form: { ...s.form, ...f }, estimate: s.status === 'idle' ? null : s.estimate })),
      setArm: (arm, on) => set((s) => ({ form: { ...s.form, arms: { ...s.form.arms, [arm]: on } }, estimate: null })),
      set: (p) => set(p),
      apply: (e) =>
        set((s) => {
          if (e.type === 'phase') return { phase: e.message };
          if (e.type === 'estimate') return { estimate: e.estimate };
          const ev = e.event;
          const samePoint = s.live.point === e.point;
          const base: LiveProgress = samePoint ? s.live : { ...EMPTY_LIVE, point: e.point };
          const live: LiveProgress = { ...base, points: e.points, perClass: e.perClass };
          if (ev.type === 'start') return { live: { ...live, plan: ev.plan, runs: [], progress: null } };
          if (ev.type === 'progress') return { live: { ...live, progress: ev } };
          return { live: { ...live, runs: [...live.runs, ev.result] } };
        }),
      toggleCompare: (id) => set((s) => ({ compare: s.compare.includes(id) ? s.compare.filter((x) => x !== id) : [...s.compare, id] })),
    }),
    { name: 'augment-studio.evaluate', version: 1, partialize: (s) => ({ form: s.form }) },
  ),
);

export function resetLive(): LiveProgress {
  return EMPTY_LIVE;
}
