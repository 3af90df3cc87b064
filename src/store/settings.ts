/** User settings, kept in localStorage: the backend override and the import defaults. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BackendName } from '../core/backend';
import type { Channels, Fit } from '../core/dataset/types';

export interface ImportSettings {
  size: 'auto' | number;
  channels: 'auto' | Channels;
  fit: Fit;
  background: string;
}

interface SettingsState {
  backendOverride: BackendName | 'auto';
  importSettings: ImportSettings;
  setBackendOverride(b: BackendName | 'auto'): void;
  setImportSettings(s: Partial<ImportSettings>): void;
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      backendOverride: 'auto',
      importSettings: { size: 'auto', channels: 'auto', fit: 'letterbox', background: '#ffffff' },
      setBackendOverride: (backendOverride) => set({ backendOverride }),
      setImportSettings: (s) => set((st) => ({ importSettings: { ...st.importSettings, ...s } })),
    }),
    { name: 'augment-studio.settings', version: 1 },
  ),
);
