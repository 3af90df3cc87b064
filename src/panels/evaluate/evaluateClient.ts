/**
 * The Evaluate tab's side of the evaluate worker: starts its backend (with the Settings override),
 * turns the form into a request, and lands results, progress and errors in the store. Module
 * level, so an experiment goes on (and its results are saved) while another tab is open.
 */
import { Comlink, evaluateWorker } from '../../lib/workers';
import { useEvaluate, resetLive, type EvaluateForm } from '../../store/evaluate';
import { usePipeline, withSeed } from '../../store/pipeline';
import { useSettings } from '../../store/settings';
import type { Arm } from '../../core/evaluate/types';
import type { EvaluateRequest, EvaluateInputs } from '../../../workers/evaluate/types';

type Remote = ReturnType<typeof evaluateWorker.get>;
let ready: Promise<Remote> | null = null;
let startedWith: string | null = null;

export function describeError(e: unknown): string {
  return (e as Error)?.message || String(e);
}

/** The worker with its backend started; a changed backend override starts a new worker (when idle). */
export function worker(): Promise<Remote> {
  const override = useSettings.getState().backendOverride;
  if (ready && (startedWith === override || useEvaluate.getState().status !== 'idle')) return ready;
  const restart = ready !== null;
  startedWith = override;
  ready = (async () => {
    const w = restart ? evaluateWorker.restart() : evaluateWorker.get();
    try {
      const info = await w.init(override === 'auto' ? undefined : override);
      useEvaluate.getState().set({ backend: info, backendError: null });
    } catch (e) {
      useEvaluate.getState().set({ backend: null, backendError: describeError(e) });
      throw e;
    }
    return w;
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Parses "10, 25, 50" into sorted unique whole numbers ≥ 1. */
export function parseSizes(text: string): number[] {
  const values = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 1);
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The request the form describes; throws a sentence when the form cannot run. */
export function buildRequest(datasetId: string, form: EvaluateForm, inputs: EvaluateInputs | null): EvaluateRequest {
  const arms: Arm[] = ['real'];
  for (const a of ['augmented', 'synthetic', 'both'] as const) if (form.arms[a]) arms.push(a);
  const needsSynthetic = arms.includes('synthetic') || arms.includes('both');
  if (needsSynthetic && inputs && inputs.generators.length === 0) {
    throw new Error('This dataset has no synthetic images, so arms (c) and (d) cannot run: generate some in the Generate tab first, or leave them out.');
  }
  const k = Math.round(form.seedCount);
  if (!(k >= 1 && k <= 20)) throw new Error('Seeds: choose between 1 and 20.');
  const sweep = form.sweepOn ? parseSizes(form.sweep) : null;
  if (sweep && sweep.length === 0) throw new Error('Sweep: give at least one number of images per class, e.g. "10, 25, 50".');
  const budget = form.budgetMode === 'epochs' ? { epochs: Math.max(0.1, form.epochs) } : { steps: Math.max(1, Math.round(form.steps)) };
  const { pipeline, seed } = usePipeline.getState();
  return {
    datasetId,
    arms,
    seeds: Array.from({ length: k }, (_, i) => i + 1),
    budget,
    perClass: form.lowData && !sweep ? Math.max(1, Math.round(form.perClass)) : null,
    sweep,
    maxValidation: Math.max(10, Math.round(form.maxValidation)),
    ...(pipeline ? { pipeline: withSeed(pipeline, seed) } : {}),
    ...(needsSynthetic && form.generatorId && inputs?.generators.some((g) => g.modelId === form.generatorId) ? { generatorId: form.generatorId } : {}),
  };
}

export async function refreshInputs(datasetId: string | null): Promise<void> {
  const store = useEvaluate.getState();
  if (!datasetId) {
    store.set({ inputs: null });
    return;
  }
  try {
    const w = await worker();
    const inputs = await w.inputs(datasetId);
    useEvaluate.getState().set({ inputs, error: null });
  } catch (e) {
    useEvaluate.getState().set({ inputs: null, error: describeError(e) });
  }
}

export async function refreshHistory(datasetId: string | null): Promise<void> {
  try {
    const w = await worker();
    useEvaluate.getState().set({ history: await w.history(datasetId ?? undefined) });
  } catch (e) {
    useEvaluate.getState().set({ error: describeError(e) });
  }
}

export async function estimate(datasetId: string): Promise<void> {
  const store = useEvaluate.getState();
  if (store.status !== 'idle') return;
  try {
    const req = buildRequest(datasetId, store.form, store.inputs);
    store.set({ status: 'estimating', error: null, estimate: null });
    const w = await worker();
    useEvaluate.getState().set({ estimate: await w.estimate(req) });
  } catch (e) {
    useEvaluate.getState().set({ error: describeError(e) });
  } finally {
    useEvaluate.getState().set({ status: 'idle' });
  }
}

export async function start(datasetId: string): Promise<void> {
  const store = useEvaluate.getState();
  if (store.status !== 'idle') return;
  let req: EvaluateRequest;
  try {
    req = buildRequest(datasetId, store.form, store.inputs);
  } catch (e) {
    store.set({ error: describeError(e) });
    return;
  }
  store.set({ status: 'running', error: null, phase: 'Starting…', live: resetLive(), estimate: null });
  try {
    const w = await worker();
    const record = await w.run(req, Comlink.proxy((e) => useEvaluate.getState().apply(e)));
    const finished = record.report.experiments.some((x) => x.runs.length > 0);
    useEvaluate.getState().set({
      record: finished ? record : useEvaluate.getState().record,
      error: finished ? null : 'The experiment was cancelled before any run finished; nothing was saved.',
    });
    await refreshHistory(datasetId);
  } catch (e) {
    useEvaluate.getState().set({ error: describeError(e) });
  } finally {
    useEvaluate.getState().set({ status: 'idle', phase: null });
  }
}

export async function cancel(): Promise<void> {
  const store = useEvaluate.getState();
  if (store.status !== 'running') return;
  store.set({ status: 'cancelling', phase: 'Cancelling after the current step…' });
  await (await worker()).cancel();
}

export async function openRecord(id: string): Promise<void> {
  try {
    const record = await (await worker()).load(id);
    useEvaluate.getState().set(record ? { record, error: null } : { error: 'That experiment is no longer saved.' });
  } catch (e) {
    useEvaluate.getState().set({ error: describeError(e) });
  }
}

export async function removeRecord(id: string, datasetId: string | null): Promise<void> {
  await (await worker()).remove(id);
  const s = useEvaluate.getState();
  s.set({ compare: s.compare.filter((x) => x !== id), ...(s.record?.id === id ? { record: null } : {}) });
  await refreshHistory(datasetId);
}

export async function cellImages(ids: string[]): Promise<Array<{ id: string; label: string; sourceName: string; bitmap: ImageBitmap }>> {
  return (await worker()).thumbnails(ids);
}
