/**
 * The dataset's latest Evaluate experiment, carried in the export zip: `reports/experiment.json`
 * (the report as the Evaluate tab's JSON download writes it) and `reports/experiment.html` (the
 * standalone page), plus a short summary for README.md and a pointer in manifest.json.
 * Pure: the worker looks the saved experiment up and hands it here. tfjs-free (report.ts is).
 */
import { REPORT_SCHEMA, REPORT_VERSION, reportToHtml, reportToJson, type EvaluateReport } from '../evaluate/report';
import type { ArmName, MeanStd } from '../evaluate/significance';
import type { ExtraFile } from './plan-export';

export const EXPERIMENT_REPORT_JSON_PATH = 'reports/experiment.json';
export const EXPERIMENT_REPORT_HTML_PATH = 'reports/experiment.html';

/** A saved experiment as the export reads it (structurally workers/evaluate/types.ts' ExperimentRecord). */
export interface SavedExperiment {
  id: string;
  datasetId: string;
  /** ms since epoch. */
  createdAt: number;
  title?: string;
  status?: 'complete' | 'cancelled';
  report: EvaluateReport;
}

/** One arm's headline numbers at one point of the experiment. */
export interface ExperimentArmSummary {
  arm: ArmName;
  label: string;
  accuracy: MeanStd;
}

/** What README.md and manifest.json say about the report in the zip. */
export interface ExperimentReportInfo {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  title: string;
  status: 'complete' | 'cancelled';
  /** Paths of the two files in the zip. */
  json: string;
  html: string;
  /** One entry per experiment point: one for a single experiment, one per n of a low-data sweep (ascending). */
  points: Array<{ perClass: number | null; seeds: number; arms: ExperimentArmSummary[] }>;
  /** The verdicts of the last point (the largest n of a sweep), each against real data alone. */
  verdicts: string[];
}

/** What goes into manifest.json's header: where the report is and which experiment it is. */
export type ManifestExperimentReport = Pick<ExperimentReportInfo, 'id' | 'createdAt' | 'title' | 'status' | 'json' | 'html'>;

export interface ExperimentReportExtras {
  /** The two report files; empty when there is no report to include. */
  files: ExtraFile[];
  /** Set when the files are included. */
  info: ExperimentReportInfo | null;
  /** Why a saved experiment could not be included (never for "none saved" or "turned off"). */
  warnings: string[];
}

function isUsableReport(r: unknown): r is EvaluateReport {
  const v = r as Partial<EvaluateReport> | null;
  return !!v && typeof v === 'object' && v.schema === REPORT_SCHEMA && v.version === REPORT_VERSION && Array.isArray(v.experiments) && v.experiments.length > 0;
}

function summarisePoints(report: EvaluateReport): ExperimentReportInfo['points'] {
  return report.experiments.map((e) => ({
    perClass: e.plan?.perClass ?? null,
    seeds: e.plan?.seeds?.length ?? 0,
    arms: (e.arms ?? []).map((a) => ({ arm: a.arm, label: a.label, accuracy: a.accuracy })),
  }));
}

/**
 * The extra files for the latest experiment: none when there is none, when the user turned the
 * report off, or when it belongs to another dataset; a warning (and no files) when the saved
 * report is not one this app can render.
 */
export function experimentReportExtras(saved: SavedExperiment | null | undefined, opts: { include: boolean; datasetId: string }): ExperimentReportExtras {
  const none: ExperimentReportExtras = { files: [], info: null, warnings: [] };
  if (!saved || !opts.include || saved.datasetId !== opts.datasetId) return none;
  if (!isUsableReport(saved.report)) {
    return { ...none, warnings: [`The latest Evaluate experiment (“${saved.title || saved.id}”) could not be read, so its report is not in the zip.`] };
  }
  const report = saved.report;
  const last = report.experiments[report.experiments.length - 1];
  const info: ExperimentReportInfo = {
    id: saved.id,
    createdAt: new Date(saved.createdAt).toISOString(),
    title: saved.title || 'Evaluate experiment',
    status: saved.status ?? last.status ?? 'complete',
    json: EXPERIMENT_REPORT_JSON_PATH,
    html: EXPERIMENT_REPORT_HTML_PATH,
    points: summarisePoints(report),
    verdicts: (last.verdicts ?? []).map((v) => v.text),
  };
  return {
    files: [
      { path: EXPERIMENT_REPORT_JSON_PATH, data: reportToJson(report) },
      { path: EXPERIMENT_REPORT_HTML_PATH, data: reportToHtml(report) },
    ],
    info,
    warnings: [],
  };
}

/** The manifest's pointer to the report. */
export function manifestExperimentReport(info: ExperimentReportInfo): ManifestExperimentReport {
  return { id: info.id, createdAt: info.createdAt, title: info.title, status: info.status, json: info.json, html: info.html };
}
