/**
 * The Augment tab's state: the pipeline being edited (plain JSON), its seed, the transform
 * catalogue the augment worker described, preview settings, and messages about the last import.
 * Small and serialisable: pixels and tensors stay in the worker.
 */
import { create } from 'zustand';
import type { Pipeline } from '../core/pipeline/types';
import type { PresetInfo, TransformInfo } from '../../workers/augment/catalog';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  title: string;
  lines: string[];
}

export interface PreviewSettings {
  /** Source images shown. */
  count: number;
  /** Augmented variants per image (K). */
  variants: number;
  /** Only images of these classes; empty: any class. */
  classes: string[];
  /** Changes which images are picked. */
  sampleSeed: number;
  /** Show each tile's sampled parameters on hover. */
  showParams: boolean;
}

interface PipelineState {
  /** Null until restored (from the link, the workspace or a preset). */
  pipeline: Pipeline | null;
  seed: number;
  /** Bumped on every edit: the preview and the saved copy follow it. */
  version: number;
  /** The pipeline before the last import or link replaced it, for "undo". */
  previous: Pipeline | null;
  catalog: TransformInfo[] | null;
  presets: PresetInfo[];
  /** Node whose transform alone runs in the preview. */
  solo: string | null;
  preview: PreviewSettings;
  notice: Notice | null;
  /** An "Augment dataset" run is writing into this dataset (imports into it should wait). */
  materialising: string | null;
  setMaterialising(datasetId: string | null): void;
  setCatalog(catalog: TransformInfo[], presets: PresetInfo[]): void;
  /** Replaces the whole pipeline (restore, preset, import); `undoable` keeps the old one for undo. */
  replace(p: Pipeline, options?: { undoable?: boolean; seed?: number }): void;
  /** An edit of the current pipeline. */
  edit(f: (p: Pipeline) => Pipeline): void;
  undoReplace(): void;
  setSeed(seed: number): void;
  reroll(): void;
  setSolo(id: string | null): void;
  setPreview(s: Partial<PreviewSettings>): void;
  setNotice(n: Notice | null): void;
}

export const DEFAULT_SEED = 42;

/** A new random seed (0 … 2^32 − 1). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export const usePipeline = create<PipelineState>()((set, get) => ({
  pipeline: null,
  seed: DEFAULT_SEED,
  version: 0,
  previous: null,
  catalog: null,
  presets: [],
  solo: null,
  preview: { count: 6, variants: 4, classes: [], sampleSeed: 1, showParams: false },
  notice: null,
  materialising: null,
  setMaterialising: (materialising) => set({ materialising }),
  setCatalog: (catalog, presets) => set({ catalog, presets }),
  replace: (p, options = {}) =>
    set((s) => ({
      pipeline: p,
      seed: options.seed ?? p.seed ?? s.seed,
      previous: options.undoable ? s.pipeline : null,
      solo: null,
      version: s.version + 1,
    })),
  edit: (f) => {
    const p = get().pipeline;
    if (!p) return;
    const next = f(p);
    if (next !== p) set((s) => ({ pipeline: next, version: s.version + 1, previous: null }));
  },
  undoReplace: () =>
    set((s) => (s.previous ? { pipeline: s.previous, seed: s.previous.seed ?? s.seed, previous: null, version: s.version + 1, notice: null } : {})),
  setSeed: (seed) => set((s) => ({ seed: seed >>> 0, version: s.version + 1 })),
  reroll: () => set((s) => ({ seed: randomSeed(), version: s.version + 1 })),
  setSolo: (solo) => set({ solo }),
  setPreview: (p) => set((s) => ({ preview: { ...s.preview, ...p } })),
  setNotice: (notice) => set({ notice }),
}));

/** The pipeline with the seed it is previewed with: what is saved, shared and materialised. */
export function withSeed(p: Pipeline, seed: number): Pipeline {
  return { ...p, seed };
}
