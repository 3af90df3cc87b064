/** The Export tab's choices, kept in localStorage so the next export starts from the last one. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions, type SplitOptions } from '../../core/export';

/** Where the zip goes: a file chosen with the File System Access picker, or a download. */
export type SaveMode = 'picker' | 'download';

export const canPickFile = (): boolean => typeof window !== 'undefined' && 'showSaveFilePicker' in window;

interface ExportSettingsState {
  options: ExportOptions;
  includeModels: boolean;
  /** The dataset's latest Evaluate experiment report goes into the zip (the option shows only when one exists). */
  includeExperimentReport: boolean;
  saveMode: SaveMode;
  setOptions(patch: Partial<ExportOptions>): void;
  setSplit(patch: Partial<SplitOptions>): void;
  setIncludeModels(v: boolean): void;
  setIncludeExperimentReport(v: boolean): void;
  setSaveMode(m: SaveMode): void;
  reset(): void;
}

const initial = () => ({ options: DEFAULT_EXPORT_OPTIONS, includeModels: false, includeExperimentReport: true, saveMode: (canPickFile() ? 'picker' : 'download') as SaveMode });

export const useExportSettings = create<ExportSettingsState>()(
  persist(
    (set) => ({
      ...initial(),
      setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
      setSplit: (patch) => set((s) => ({ options: { ...s.options, split: { ...s.options.split, ...patch } } })),
      setIncludeModels: (includeModels) => set({ includeModels }),
      setIncludeExperimentReport: (includeExperimentReport) => set({ includeExperimentReport }),
      setSaveMode: (saveMode) => set({ saveMode }),
      reset: () => set(initial()),
    }),
    {
      name: 'augment-studio.export',
      version: 1,
      partialize: (s) => ({ options: s.options, includeModels: s.includeModels, includeExperimentReport: s.includeExperimentReport, saveMode: s.saveMode }),
      // Options saved by an older version lack newer fields: fill them from the defaults.
      merge: (saved, current) => {
        const p = (saved ?? {}) as Partial<ExportSettingsState>;
        const o = (p.options ?? {}) as Partial<ExportOptions>;
        return {
          ...current,
          includeModels: p.includeModels ?? current.includeModels,
          includeExperimentReport: p.includeExperimentReport ?? current.includeExperimentReport,
          saveMode: p.saveMode === 'picker' && !canPickFile() ? 'download' : (p.saveMode ?? current.saveMode),
          options: {
            ...DEFAULT_EXPORT_OPTIONS,
            ...o,
            split: { ...DEFAULT_EXPORT_OPTIONS.split, ...o.split, ratios: { ...DEFAULT_EXPORT_OPTIONS.split.ratios, ...o.split?.ratios } },
            image: { ...DEFAULT_EXPORT_OPTIONS.image, ...o.image },
            include: { ...DEFAULT_EXPORT_OPTIONS.include, ...o.include },
          },
        };
      },
    },
  ),
);
