/**
 * What the pipeline editor needs to know about the engine, as plain data: every transform's
 * declaration (name, label, family, parameter schema, whether it needs RGB, how it maps to
 * Albumentations) and the presets. The main thread never imports tfjs, so it asks this worker.
 */
import { MAPPINGS, NOT_MAPPED, PRESETS } from '../../src/core/pipeline';
import { TRANSFORMS, defaults, type Family, type ParamSchema, type Target } from '../../src/core/transforms';

export interface TransformInfo {
  name: string;
  label: string;
  description: string;
  family: Family;
  /** 'matrix': composed into the one warp; 'pixel': a batched op; 'mix': mixes images of the batch. */
  kind: 'matrix' | 'pixel' | 'mix';
  targets: readonly Target[];
  params: ParamSchema;
  /** Runs only on RGB images (hue, RGB shift, channel shuffle). */
  rgbOnly: boolean;
  /** The Albumentations class it exports as, or why it does not. */
  albumentations: { name: string; note: string } | { name: null; note: string };
}

export interface PresetInfo {
  id: string;
  label: string;
  description: string;
}

const BY_OURS = new Map(MAPPINGS.map((m) => [m.ours, m]));

export function catalog(): TransformInfo[] {
  return TRANSFORMS.map((t) => {
    const m = BY_OURS.get(t.name);
    return {
      name: t.name,
      label: t.label,
      description: t.description,
      family: t.family,
      kind: t.kind,
      targets: t.targets,
      params: t.params,
      rgbOnly: !!t.channelError?.(1, defaults(t.params)),
      albumentations: m ? { name: m.theirs, note: m.note } : { name: null, note: NOT_MAPPED[t.name] ?? 'no Albumentations equivalent' },
    };
  });
}

export function presets(): PresetInfo[] {
  return PRESETS.map(({ id, label, description }) => ({ id, label, description }));
}
