/** The running export (if any) and how the last one ended; outlives the tab being switched away. */
import { create } from 'zustand';
import type { ExportOutcome, ExportProgressEvent } from '../../../workers/export/types';

export type FinishedExport = Omit<ExportOutcome, 'blob'> & { fileName: string };

interface ExportRunState {
  running: boolean;
  cancelling: boolean;
  fileName: string;
  progress: ExportProgressEvent | null;
  finished: FinishedExport | null;
  error: string | null;
  start(fileName: string): void;
  setProgress(p: ExportProgressEvent): void;
  setCancelling(): void;
  finish(f: FinishedExport): void;
  fail(error: string): void;
}

export const useExportRun = create<ExportRunState>()((set) => ({
  running: false,
  cancelling: false,
  fileName: '',
  progress: null,
  finished: null,
  error: null,
  start: (fileName) => set({ running: true, cancelling: false, fileName, progress: null, finished: null, error: null }),
  setProgress: (progress) => set({ progress }),
  setCancelling: () => set({ cancelling: true }),
  finish: (finished) => set({ running: false, cancelling: false, finished }),
  fail: (error) => set({ running: false, cancelling: false, error }),
}));
