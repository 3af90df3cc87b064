/**
 * The train worker: owns a tfjs backend for training and one training session at a time. It runs
 * the loop (the main thread only draws what it sends), saves checkpoints to IndexedDB, reopens
 * runs after a reload, writes synthetic images into the dataset, draws interpolations, measures
 * quality (FCD, precision/recall, memorisation), exports and imports models, and measures
 * training speed.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/core/backend';
import { TrainingError } from '../src/core/models';
import { startTrainingBackend } from './train/backend';
import { createSession, openSession } from './train/create';
import { imageStrip, latentWalk, noiseStrip, pickImages, reconstructions } from './train/explore';
import { generateIntoDataset } from './train/generate';
import { exportModelZip, importModelZip } from './train/modelFiles';
import { measureQuality } from './train/quality';
import { deleteRun, listRuns } from './train/runs';
import { errorOf, type Emit, type TrainingSession } from './train/session';
import { settingsProblem } from './train/settings';
import { speedTest } from './train/speed';
import type {
  GenerateProgress,
  GenerateRequest,
  LiveSettings,
  QualityProgress,
  RunInfo,
  SpeedTestRequest,
  TrainBackendInfo,
  TrainEventMessage,
  TrainRequest,
} from './train/types';

let backend: Promise<TrainBackendInfo> | undefined;
let session: TrainingSession | null = null;
let emitter: Emit | null = null;

async function ready(): Promise<TrainBackendInfo> {
  backend ??= startTrainingBackend();
  return backend;
}

function current(): TrainingSession {
  if (!session || session.disposed) throw new TrainingError('bad-config', 'No model is loaded: start training, or open a saved run.');
  return session;
}

async function replaceSession(next: TrainingSession | null): Promise<void> {
  const old = session;
  session = next;
  if (old && old !== next) {
    old.detach();
    await old.exclusive(() => old.pause()).catch(() => undefined);
    await old.dispose();
  }
}

/** Pauses (with a checkpoint) before work that needs the weights to hold still. */
async function paused<T>(fn: (s: TrainingSession) => Promise<T>): Promise<T> {
  const s = current();
  return s.exclusive(async () => {
    if (s.state === 'running') await s.pause();
    return fn(s);
  });
}

/** Rejects with a plain Error carrying the TrainingError's code, which survives the worker boundary. */
async function clear<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const { code, message } = errorOf(e);
    const err = new Error(message);
    err.name = code === 'error' ? 'Error' : `TrainingError:${code}`;
    throw err;
  }
}

const api = {
  /** Starts the backend (once; a new override needs a new worker). */
  init(override?: BackendName): Promise<TrainBackendInfo> {
    backend ??= startTrainingBackend(override);
    return backend;
  },

  /** Receives training events (a Comlink.proxy callback); replaces the previous one. */
  async connect(onEvent: (e: TrainEventMessage) => void): Promise<RunInfo | null> {
    emitter = onEvent;
    if (session && !session.disposed) {
      await session.attach(emitter);
      return session.run;
    }
    return null;
  },

  listRuns: (datasetId?: string) => clear(() => listRuns(datasetId)),

  async deleteRun(runId: string): Promise<void> {
    if (session?.run.id === runId) await replaceSession(null);
    await deleteRun(runId);
  },

  /** A new run from the form; starts training at once unless `paused`. */
  start: (req: TrainRequest, options: { paused?: boolean } = {}) =>
    clear(async () => {
      await ready();
      const problem = settingsProblem(req.settings);
      if (problem) throw new TrainingError('bad-config', problem);
      await replaceSession(null);
      const s = await createSession(req);
      await replaceSession(s);
      await s.attach(emitter);
      if (!options.paused) s.play();
      return s.run;
    }),

  /** Reopens a saved run from its last checkpoint; resumes training when `play`. */
  open: (runId: string, options: { play?: boolean } = {}) =>
    clear(async () => {
      await ready();
      if (session?.run.id === runId && !session.disposed && session.state !== 'failed') {
        await session.attach(emitter);
      } else {
        await replaceSession(null);
        const s = await openSession(runId);
        await replaceSession(s);
        await s.attach(emitter);
      }
      if (options.play) session!.play();
      return session!.run;
    }),

  pause: () => clear(async () => {
    const s = current();
    await s.exclusive(() => s.pause());
    return s.run;
  }),

  resume: () => clear(async () => {
    const s = current();
    await s.exclusive(async () => s.play());
    return s.run;
  }),

  step: () => clear(async () => {
    const s = current();
    await s.exclusive(() => s.stepOnce());
    return s.run;
  }),

  stop: () => clear(async () => {
    const s = current();
    await s.exclusive(() => s.stop());
    return s.run;
  }),

  setSlowMotion: (on: boolean) => clear(async () => current().setSlowMotion(on)),

  /** Changes settings while training runs (learning rates, loss, β, batch size, epochs…). */
  update: (patch: Partial<LiveSettings>) =>
    clear(async () => {
      const problem = settingsProblem(patch);
      if (problem) throw new TrainingError('bad-config', problem);
      current().update(patch);
    }),

  /** Unloads the model (its checkpoint stays). */
  close: () => replaceSession(null),

  current: () => (session && !session.disposed ? session.run : null),

  generate: (req: GenerateRequest, onProgress?: (p: GenerateProgress) => void) =>
    clear(() => paused((s) => generateIntoDataset(s, req, onProgress))),

  noiseStrip: (seedA: number, seedB: number, steps: number, className?: string | null) =>
    clear(() => paused(async (s) => {
      const strip = await noiseStrip(s, seedA, seedB, steps, className);
      return Comlink.transfer(strip, [strip.strip, ...strip.frames]);
    })),

  imageStrip: (indexA: number, indexB: number, steps: number) =>
    clear(() => paused(async (s) => {
      const strip = await imageStrip(s, indexA, indexB, steps);
      return Comlink.transfer(strip, [strip.strip, ...strip.frames, ...strip.ends]);
    })),

  /** Training images to choose interpolation ends from (no weights involved: training goes on). */
  pickImages: (count: number, seed: number, className?: string | null) =>
    clear(async () => {
      const picks = await pickImages(current(), count, seed, className);
      return Comlink.transfer(picks, picks.map((p) => p.bitmap));
    }),

  reconstructions: (count: number, seed: number) =>
    clear(() => paused(async (s) => {
      const r = await reconstructions(s, count, seed);
      return Comlink.transfer(r, [r.inputs, r.outputs]);
    })),

  latentWalk: (n: number, className?: string | null) =>
    clear(() => paused(async (s) => {
      const bitmap = await latentWalk(s, n, className);
      return Comlink.transfer(bitmap, [bitmap]);
    })),

  measureQuality: (onProgress?: (p: QualityProgress) => void) =>
    clear(() => paused(async (s) => {
      const report = await measureQuality(s, (p) => onProgress?.(p));
      return Comlink.transfer(report, report.closestPairs.map((p) => p.bitmap));
    })),

  exportModel: () =>
    clear(() => paused(async (s) => {
      const file = await exportModelZip(s);
      return Comlink.transfer(file, [file.bytes.buffer]);
    })),

  importModel: (datasetId: string, bytes: Uint8Array, fileName: string) =>
    clear(async () => {
      await ready();
      await replaceSession(null);
      const s = await importModelZip(datasetId, bytes, fileName);
      await replaceSession(s);
      await s.attach(emitter);
      return s.run;
    }),

  /** Training speed of the benchmark models on this worker's backend (use a fresh worker). */
  speedTest: (req: SpeedTestRequest) =>
    clear(async () => {
      const info = await ready();
      return { ...(await speedTest(req)), adapter: info.adapter, threads: info.threads };
    }),

  /** Live tensors (a leak check for tests). */
  numTensors: () => tf.memory().numTensors,
};

export type TrainApi = typeof api;
Comlink.expose(api);
