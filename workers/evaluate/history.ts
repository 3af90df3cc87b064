/**
 * Saved experiments: IndexedDB `objects` store, kind 'experiment', key `experiment:<createdAt>-<random>`,
 * value an `ExperimentRecord` (workers/evaluate/types.ts):
 *
 *   { id, datasetId, datasetName, createdAt (ms), title, status: 'complete' | 'cancelled', backend,
 *     report: EvaluateReport }   // schema 'augment-studio/evaluate-report', version 1 (src/core/evaluate/report.ts)
 *
 * The newest record of a dataset is its "latest report": the export zip writes
 * reportToJson(record.report) and reportToHtml(record.report) (see latestExperiment in workers/shared/db.ts).
 */
import type { ExperimentResult } from '../../src/core/evaluate/types';
import { deleteObject, experimentsOf, getObject, listObjects, putObject } from '../shared/db';
import type { ExperimentRecord, ExperimentSummary } from './types';

export const EXPERIMENT_KIND = 'experiment';

export function newExperimentId(now = Date.now()): string {
  return `experiment:${now}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function saveExperiment(record: ExperimentRecord): Promise<void> {
  await putObject(EXPERIMENT_KIND, record.id, record);
}

export async function loadExperiment(id: string): Promise<ExperimentRecord | undefined> {
  return getObject<ExperimentRecord>(id);
}

export async function deleteExperiment(id: string): Promise<void> {
  await deleteObject(id);
}

export function summarise(record: ExperimentRecord): ExperimentSummary {
  const points: ExperimentResult[] = record.report.experiments;
  const last = points.at(-1);
  return {
    id: record.id,
    datasetId: record.datasetId,
    datasetName: record.datasetName,
    createdAt: record.createdAt,
    title: record.title,
    status: record.status,
    pipelineName: record.report.pipeline?.name ?? null,
    generatorName: record.report.generator?.name ?? null,
    perClass: points.map((p) => p.plan.perClass),
    seeds: last?.plan.seeds ?? [],
    stepsPerRun: last?.plan.stepsPerRun ?? 0,
    arms: (last?.arms ?? []).map((a) => ({ arm: a.arm, label: a.label, accuracy: a.accuracy, macroF1: a.macroF1 })),
    verdicts: (last?.verdicts ?? []).map((v) => v.text),
  };
}

/** Newest first; only the given dataset's when one is named. */
export async function listExperiments(datasetId?: string): Promise<ExperimentSummary[]> {
  const records = datasetId ? await experimentsOf<ExperimentRecord>(datasetId) : (await listObjects(EXPERIMENT_KIND)).map((o) => o.value as ExperimentRecord);
  return records
    .filter((r) => r && r.report)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(summarise);
}
