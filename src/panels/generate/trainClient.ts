/**
 * The Generate tab's side of the train worker: starts its backend once (with the Settings
 * override), connects the event callback (a Comlink proxy), and turns every action into a worker
 * call whose result and errors land in the store. Lives at module level, so training goes on and
 * the store stays current while another tab is open.
 */
import { refreshDatasets } from '../../lib/import';
import { Comlink, datasetWorker, trainWorker } from '../../lib/workers';
import { useGenerate, type Busy } from '../../store/generate';
import { useSettings } from '../../store/settings';
import { useWorkspace } from '../../store/workspace';
import type { GenerateProgress, GenerateRequest, LiveSettings, QualityProgress, RunInfo, TrainEventMessage, TrainRequest } from '../../../workers/train/types';
import { setFrame } from './frames';

let ready: Promise<ReturnType<typeof trainWorker.get>> | null = null;
let startedWith: string | null = null;

function onEvent(e: TrainEventMessage): void {
  if (e.samples) setFrame(e.samples);
  useGenerate.getState().apply(e);
}

/** Error from the worker → { code, message } (TrainingError codes survive as the error's name). */
export function describeError(e: unknown): { code: string; message: string } {
  const err = e as Error;
  const code = err?.name?.startsWith('TrainingError:') ? err.name.slice('TrainingError:'.length) : 'error';
  return { code, message: err?.message || String(e) };
}

/** The worker, its backend started and the event callback connected. */
export function worker(): Promise<ReturnType<typeof trainWorker.get>> {
  const override = useSettings.getState().backendOverride;
  if (ready && startedWith === override) return ready;
  const previous = ready;
  startedWith = override;
  ready = (async () => {
    const store = useGenerate.getState();
    // A new backend needs a new worker: checkpoint the loaded run first, and reopen it after.
    const reopen = previous ? store.run?.id : undefined;
    if (previous && reopen) await previous.then((w) => w.pause()).catch(() => undefined);
    const w = previous ? trainWorker.restart() : trainWorker.get();
    if (previous) {
      store.clearSession();
      setFrame(null);
    }
    try {
      store.setBackend(await w.init(override === 'auto' ? undefined : override));
    } catch (e) {
      store.setBackend(null, describeError(e).message);
      throw e;
    }
    const run = (await w.connect(Comlink.proxy(onEvent))) ?? (reopen ? await w.open(reopen).catch(() => null) : null);
    if (run) store.setRun(run);
    return w;
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Runs an action with a busy flag; errors go to the store (and are returned as null). */
async function act<T>(busy: Busy, fn: (w: Awaited<ReturnType<typeof worker>>) => Promise<T>): Promise<T | null> {
  const store = useGenerate.getState();
  store.setBusy(busy);
  store.setError(null);
  try {
    return await fn(await worker());
  } catch (e) {
    store.setError(describeError(e));
    return null;
  } finally {
    useGenerate.getState().setBusy(null);
  }
}

async function afterRunChange(run: RunInfo | null): Promise<void> {
  if (run) useGenerate.getState().setRun(run);
  await refreshRuns(run?.datasetId ?? useWorkspace.getState().activeDatasetId);
}

export async function refreshRuns(datasetId: string | null): Promise<void> {
  if (!datasetId) {
    useGenerate.getState().setSavedRuns([]);
    return;
  }
  try {
    const w = await worker();
    useGenerate.getState().setSavedRuns(await w.listRuns(datasetId));
  } catch {
    // The backend error is shown already.
  }
}

export const train = {
  async start(req: TrainRequest): Promise<void> {
    setFrame(null);
    useGenerate.getState().clearSession();
    const run = await act('starting', (w) => w.start(req));
    if (run) {
      if (useGenerate.getState().slowMotion) await act(null, (w) => w.setSlowMotion(true));
      await afterRunChange(run);
    }
  },

  async open(runId: string, play: boolean): Promise<void> {
    setFrame(null);
    const run = await act('opening', (w) => w.open(runId, { play }));
    if (run) {
      if (useGenerate.getState().slowMotion) await act(null, (w) => w.setSlowMotion(true));
      await afterRunChange(run);
    }
  },

  async pause(): Promise<void> {
    const run = await act('pausing', (w) => w.pause());
    if (run) await afterRunChange(run);
  },

  async resume(): Promise<void> {
    await act(null, (w) => w.resume());
  },

  async step(): Promise<void> {
    await act('stepping', (w) => w.step());
  },

  async stop(): Promise<void> {
    const run = await act('stopping', (w) => w.stop());
    if (run) await afterRunChange(run);
  },

  async slowMotion(on: boolean): Promise<void> {
    useGenerate.getState().setSlowMotion(on);
    if (useGenerate.getState().run) await act(null, (w) => w.setSlowMotion(on));
  },

  /** Changes settings in the form, and in the running loop when a run is loaded. */
  async update(patch: Partial<LiveSettings>): Promise<void> {
    useGenerate.getState().setSettings(patch);
    if (useGenerate.getState().run) await act(null, (w) => w.update(patch));
  },

  async deleteRun(runId: string): Promise<void> {
    await act(null, (w) => w.deleteRun(runId));
    if (useGenerate.getState().run?.id === runId) {
      useGenerate.getState().clearSession();
      setFrame(null);
    }
    await refreshRuns(useWorkspace.getState().activeDatasetId);
  },

  async generate(req: GenerateRequest, onProgress: (p: GenerateProgress) => void) {
    const w = await worker();
    const result = await w.generate(req, Comlink.proxy(onProgress));
    // The dataset changed in another worker: drop cached records, refetch, redraw.
    await datasetWorker.get().refresh(useGenerate.getState().run?.datasetId);
    await refreshDatasets();
    useWorkspace.getState().bump();
    return result;
  },

  async measureQuality(onProgress: (p: QualityProgress) => void) {
    const w = await worker();
    const report = await w.measureQuality(Comlink.proxy(onProgress));
    const run = await w.current();
    if (run) useGenerate.getState().setRun(run);
    return report;
  },

  async importModel(datasetId: string, file: File): Promise<void> {
    setFrame(null);
    useGenerate.getState().clearSession();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const run = await act('importing', (w) => w.importModel(datasetId, Comlink.transfer(bytes, [bytes.buffer]), file.name));
    if (run) await afterRunChange(run);
  },
};
