/** What the compute workers report about the backend they run on. */
import { create } from 'zustand';
import type { BackendChoice } from '../core/backend';

interface BackendState {
  image: BackendChoice | null;
  error: string | null;
  setImage(c: BackendChoice | null): void;
  setError(e: string | null): void;
}

export const useBackend = create<BackendState>()((set) => ({
  image: null,
  error: null,
  setImage: (image) => set({ image, error: null }),
  setError: (error) => set({ error }),
}));
