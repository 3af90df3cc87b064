/**
 * Where training lives in IndexedDB (the generic `objects` store):
 *  - kind 'train-run',  id `train-run:<runId>`:   the RunInfo (small: settings, step, status, quality);
 *  - kind 'checkpoint', id `checkpoint:<runId>`:  the latest checkpoint ({ meta, data }: weights,
 *    Adam state, step, loss curves), replaced each time one is saved;
 *  - kind 'model',      id `<runId>@<step>`:     the TF.js artifacts of the weights that made
 *    synthetic images ({ generator, discriminator } or { encoder, decoder }, plus `info`); this id
 *    is the `modelId` in their recipes, so the export finds the exact model.
 */
import type { Checkpoint } from '../../src/core/models';
import { deleteObject, getObject, listObjects, putObject } from '../shared/db';
import type { QualitySummary, RunInfo } from './types';

const runKey = (runId: string) => `train-run:${runId}`;
const checkpointKey = (runId: string) => `checkpoint:${runId}`;

export function modelId(runId: string, step: number): string {
  return `${runId}@${step}`;
}

export async function saveRun(run: RunInfo): Promise<void> {
  await putObject('train-run', runKey(run.id), run);
}

export async function getRun(runId: string): Promise<RunInfo | undefined> {
  return getObject<RunInfo>(runKey(runId));
}

/** Runs, newest first (optionally of one dataset). */
export async function listRuns(datasetId?: string): Promise<RunInfo[]> {
  const all = (await listObjects('train-run')).map((o) => o.value as RunInfo);
  return all.filter((r) => !datasetId || r.datasetId === datasetId).sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function saveCheckpointObject(runId: string, ckpt: Checkpoint): Promise<void> {
  await putObject('checkpoint', checkpointKey(runId), ckpt);
}

export async function loadCheckpointObject(runId: string): Promise<unknown> {
  return getObject<unknown>(checkpointKey(runId));
}

export interface ModelSnapshot {
  [role: string]: unknown;
  info: { runId: string; step: number; name: string; model: string; classes: string[]; quality?: QualitySummary; savedAt: number };
}

export async function getModelSnapshot(id: string): Promise<ModelSnapshot | undefined> {
  return getObject<ModelSnapshot>(id);
}

export async function saveModelSnapshot(id: string, snapshot: ModelSnapshot): Promise<void> {
  await putObject('model', id, snapshot);
}

/** Deletes a run's record and checkpoint (model snapshots stay: synthetic images name them). */
export async function deleteRun(runId: string): Promise<void> {
  await deleteObject(checkpointKey(runId));
  await deleteObject(runKey(runId));
}
