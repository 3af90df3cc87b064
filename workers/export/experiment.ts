/**
 * The dataset's latest saved Evaluate experiment (IndexedDB `objects`, kind 'experiment'; see
 * workers/evaluate/history.ts), as the export's report files and the Export tab's option.
 */
import { experimentReportExtras, type ExperimentReportExtras, type SavedExperiment } from '../../src/core/export';
import { latestExperiment } from '../shared/db';
import type { ExperimentAvailable } from './types';

export interface ExperimentExtras extends ExperimentReportExtras {
  /** The latest experiment, whether or not its report goes in (so the tab can offer the option). */
  available: ExperimentAvailable | null;
}

export async function experimentExtras(datasetId: string, include: boolean): Promise<ExperimentExtras> {
  const saved = await latestExperiment<SavedExperiment>(datasetId);
  const available = saved ? { id: saved.id, createdAt: saved.createdAt, title: saved.title ?? '' } : null;
  return { ...experimentReportExtras(saved, { include, datasetId }), available };
}
