/** The running import (if any) and the reports of the last one. */
import { create } from 'zustand';
import type { IngestProgress } from '../core/dataset/ingest';
import type { IngestReport } from '../core/dataset/types';

interface IngestState {
  running: boolean;
  label: string;
  progress: IngestProgress | null;
  reports: IngestReport[];
  error: string | null;
  /** Set after a drop was added to an existing dataset: its classes can be mapped. */
  mergeSource: { datasetId: string; sourceId: string; labels: string[] } | null;
  start(label: string): void;
  setProgress(p: IngestProgress): void;
  finish(reports: IngestReport[]): void;
  fail(error: string): void;
  setMergeSource(m: IngestState['mergeSource']): void;
}

export const useIngest = create<IngestState>()((set) => ({
  running: false,
  label: '',
  progress: null,
  reports: [],
  error: null,
  mergeSource: null,
  start: (label) => set({ running: true, label, progress: null, error: null }),
  setProgress: (progress) => set({ progress }),
  finish: (reports) => set({ running: false, reports }),
  fail: (error) => set({ running: false, error }),
  setMergeSource: (mergeSource) => set({ mergeSource }),
}));
