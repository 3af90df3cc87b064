/** What the export worker takes and gives back: plain data, shared with the Export tab (types only). */
import type { BackendName } from '../../src/core/backend';
import type { ExportOptions, ExportProgress, ExportSummary } from '../../src/core/export';

/** What the user chose beyond ExportOptions. */
export interface ExportExtrasOptions {
  /** Put the generator models of the synthetic images in the zip (TensorFlow.js format), where saved. */
  includeModels: boolean;
  /** Put the dataset's latest Evaluate experiment report in the zip (reports/experiment.json and .html), where one is saved. */
  includeExperimentReport: boolean;
}

/** The dataset's latest saved Evaluate experiment, as the Export tab names it. */
export interface ExperimentAvailable {
  id: string;
  /** ms since epoch. */
  createdAt: number;
  title: string;
}

export interface ExportRequest extends ExportExtrasOptions {
  datasetId: string;
  options: ExportOptions;
  /** Written into README.md and manifest.json. */
  toolVersion: string;
  /** The backend the user forced (Settings), for regenerating augmented images. */
  backendOverride?: BackendName;
  /** File System Access: the file the user chose; the zip is written straight into it. Without it the zip comes back as a Blob. */
  handle?: FileSystemFileHandle;
}

/** The pre-export summary: what planExport says, plus the extra files. */
export interface ExportPreview {
  datasetId: string;
  summary: ExportSummary;
  /** Extra files the zip will hold (pipeline.json, albumentations.json, models…). */
  extras: string[];
  /** Augmented images that will be regenerated from their plans. */
  augmentedToRegenerate: number;
  /** The dataset's latest Evaluate experiment (its report goes in when includeExperimentReport is on), or null. */
  experiment: ExperimentAvailable | null;
}

export interface ExportProgressEvent extends ExportProgress {
  phase: 'preparing' | 'writing' | 'finishing';
}

/** Augmented images regenerated from their plans, checked against the hash recorded when they were made. */
export interface RegenerationReport {
  regenerated: number;
  /** Those whose record carries a pixel hash to compare with. */
  checked: number;
  mismatched: number;
  /** A few of the mismatched ids, for the message. */
  mismatchedIds: string[];
  /** The tfjs backend that ran them. */
  backend: string | null;
}

export interface ExportOutcome {
  /** 'cancelled': nothing was kept (the file was discarded; no Blob). */
  status: 'done' | 'cancelled';
  /** Where the zip went. */
  sink: 'file' | 'blob';
  /** The zip, when it came back as a Blob. */
  blob?: Blob;
  bytesWritten: number;
  filesWritten: number;
  imagesWritten: number;
  elapsedMs: number;
  regeneration: RegenerationReport;
}
