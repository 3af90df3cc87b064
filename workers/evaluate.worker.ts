/**
 * The evaluate worker: runs the Evaluate tab's controlled experiment (src/core/evaluate) on its
 * own tfjs backend, so it never competes with the Generate tab's train worker for a session.
 * Also serves the saved history and the images behind confusion-matrix cells.
 */
import * as Comlink from 'comlink';
import type { BackendName } from '../src/core/backend';
import { startEvaluateBackend } from './evaluate/backend';
import { describeInputs } from './evaluate/data';
import { deleteExperiment, listExperiments, loadExperiment } from './evaluate/history';
import { EvaluateSession } from './evaluate/session';
import { thumbnails } from './evaluate/thumbnails';
import type { EvaluateBackendInfo, EvaluateEvent, EvaluateRequest } from './evaluate/types';

let started: Promise<EvaluateBackendInfo> | null = null;
let session: EvaluateSession | null = null;

async function ready(): Promise<EvaluateSession> {
  if (!started) throw new Error('The evaluate worker was not started (call init first).');
  const info = await started;
  session ??= new EvaluateSession(info);
  return session;
}

/** Errors keep their code across the worker boundary as the name "TrainingError:<code>". */
function rethrow(e: unknown): never {
  const err = e as Error & { code?: string };
  if (err && err.name === 'TrainingError' && err.code) err.name = `TrainingError:${err.code}`;
  throw err;
}

const api = {
  /** Starts the backend once (a different override needs a new worker). */
  async init(override?: BackendName): Promise<EvaluateBackendInfo> {
    started ??= startEvaluateBackend(override);
    started.catch(() => {
      started = null;
    });
    return started;
  },
  inputs: (datasetId: string) => describeInputs(datasetId).catch(rethrow),
  async estimate(req: EvaluateRequest) {
    return (await ready()).estimate(req).catch(rethrow);
  },
  async run(req: EvaluateRequest, onEvent: (e: EvaluateEvent) => void) {
    return (await ready()).run(req, onEvent).catch(rethrow);
  },
  cancel(): boolean {
    return session?.cancel() ?? false;
  },
  history: (datasetId?: string) => listExperiments(datasetId),
  load: (id: string) => loadExperiment(id),
  remove: (id: string) => deleteExperiment(id),
  async thumbnails(ids: string[]) {
    const list = await thumbnails(ids);
    return Comlink.transfer(list, list.map((t) => t.bitmap));
  },
};

export type EvaluateApi = typeof api;
Comlink.expose(api);
