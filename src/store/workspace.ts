/** The workspace as the UI sees it: which datasets exist, which is open, and a revision that bumps on change. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { DatasetMeta } from '../core/dataset/types';

export type TabName = 'data' | 'augment' | 'generate' | 'evaluate' | 'export';

interface WorkspaceState {
  datasets: DatasetMeta[];
  activeDatasetId: string | null;
  /** Bumped whenever the active dataset's contents change, so views refetch. */
  revision: number;
  tab: TabName;
  setDatasets(d: DatasetMeta[]): void;
  setActive(id: string | null): void;
  bump(): void;
  setTab(t: TabName): void;
}

export const useWorkspace = create<WorkspaceState>()(
  persist(
    (set) => ({
      datasets: [],
      activeDatasetId: null,
      revision: 0,
      tab: 'data',
      setDatasets: (datasets) =>
        set((s) => ({
          datasets,
          activeDatasetId: datasets.some((d) => d.id === s.activeDatasetId) ? s.activeDatasetId : (datasets.at(-1)?.id ?? null),
        })),
      setActive: (activeDatasetId) => set((s) => ({ activeDatasetId, revision: s.revision + 1 })),
      bump: () => set((s) => ({ revision: s.revision + 1 })),
      setTab: (tab) => set({ tab }),
    }),
    { name: 'augment-studio.workspace', version: 1, partialize: (s) => ({ activeDatasetId: s.activeDatasetId, tab: s.tab }) },
  ),
);

export function activeDataset(s: { datasets: DatasetMeta[]; activeDatasetId: string | null }): DatasetMeta | undefined {
  return s.datasets.find((d) => d.id === s.activeDatasetId);
}
