/**
 * Pipeline documents for the editor: validation (with channel checks for the dataset), presets,
 * import and export (the project's JSON, Albumentations JSON, URL hash), and the workspace's
 * current pipeline in IndexedDB. Every import is validated in full before it replaces anything.
 */
import {
  PRESETS,
  checkChannels,
  fromAlbumentations,
  parsePipeline,
  pipelineFromUrlHash,
  pipelineToJson,
  pipelineToUrlHash,
  randAugment,
  serialisePipeline,
  toAlbumentations,
  validatePipeline,
  type Issue,
  type Pipeline,
  type ValidationResult,
} from '../../src/core/pipeline';
import { hashString } from '../../src/core/rng';
import { getObject, putObject } from '../shared/db';

export interface CheckedPipeline extends ValidationResult {
  /** Transforms that cannot run on the dataset's channels (e.g. hue on greyscale). */
  channelIssues: Issue[];
}

/** Validates a pipeline (as the editor holds it) and checks it against the dataset's channels. */
export function checkPipeline(json: unknown, channels?: number): CheckedPipeline {
  const v = validatePipeline(json);
  return { ...v, channelIssues: v.pipeline && channels ? checkChannels(v.pipeline, channels) : [] };
}

export interface PresetRequest {
  id: string;
  imageSize?: number;
  /** RandAugment: number of ops and magnitude (0–30). */
  n?: number;
  m?: number;
}

export function buildPreset(req: PresetRequest): Pipeline {
  if (req.id === 'randaugment') {
    const n = Math.max(1, Math.min(10, Math.round(req.n ?? 2)));
    const m = Math.max(0, Math.min(30, req.m ?? 9));
    return { ...randAugment(n, m), name: `RandAugment (N=${n}, M=${m})` };
  }
  const preset = PRESETS.find((p) => p.id === req.id);
  if (!preset) throw new Error(`There is no preset "${req.id}".`);
  return preset.build({ imageSize: req.imageSize });
}

export type PipelineFormat = 'json' | 'albumentations';

/** Reads a pipeline file; nothing is replaced unless `pipeline` comes back non-null. */
export function importPipeline(text: string, format: PipelineFormat, options: { imageSize?: number; name?: string } = {}): ValidationResult {
  if (format === 'json') return parsePipeline(text);
  return fromAlbumentations(text, { imageSize: options.imageSize, id: 'albumentations-import', name: options.name ?? 'Imported from Albumentations' });
}

export interface ExportedPipeline {
  text: string;
  /** Nodes left out (Albumentations has no equivalent), with why. */
  skipped: Issue[];
  warnings: Issue[];
}

export function exportPipeline(p: Pipeline, format: PipelineFormat, options: { imageSize?: number } = {}): ExportedPipeline {
  const valid = validatePipeline(p);
  if (!valid.pipeline) throw new Error(valid.errors.map((e) => e.message).join(' '));
  if (format === 'json') return { text: serialisePipeline(valid.pipeline), skipped: [], warnings: [] };
  const a = toAlbumentations(valid.pipeline, { imageSize: options.imageSize });
  return { text: JSON.stringify(a.json, null, 2), skipped: a.skipped, warnings: a.warnings };
}

export function toUrlHash(p: Pipeline): string {
  return pipelineToUrlHash(p);
}

export function fromUrlHash(hash: string): ValidationResult {
  return pipelineFromUrlHash(hash);
}

const WORKSPACE_PIPELINE = 'workspace-pipeline';

/** The editor's pipeline (with its seed), saved with the workspace. */
export async function saveWorkspacePipeline(p: Pipeline): Promise<void> {
  await putObject('pipeline', WORKSPACE_PIPELINE, pipelineToJson(p));
}

export async function loadWorkspacePipeline(): Promise<ValidationResult | null> {
  const saved = await getObject<unknown>(WORKSPACE_PIPELINE);
  return saved === undefined ? null : validatePipeline(saved);
}

/**
 * The id an augmented image's recipe names: the pipeline's id and a hash of its content (not its
 * seed), so images made before and after an edit point at the pipeline that really made them.
 */
export function versionedId(p: Pipeline): string {
  const { seed: _seed, ...rest } = p;
  const text = JSON.stringify(pipelineToJson({ ...rest, id: p.id }));
  return `${p.id}@${hashString(text).toString(16).padStart(8, '0')}`;
}

/** Saves the exact pipeline materialised images came from, under its versioned id (export reads it). */
export async function snapshotPipeline(p: Pipeline): Promise<string> {
  const id = versionedId(p);
  const { seed: _seed, ...rest } = p;
  await putObject('pipeline', id, pipelineToJson({ ...rest, id }));
  return id;
}
