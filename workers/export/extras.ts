/**
 * Files the zip carries beside the images: the pipelines that made the augmented images
 * (pipeline.json in the project's format and, where the transforms map, albumentations.json),
 * when asked, the generator models of the synthetic images (TensorFlow.js format), and the
 * dataset's latest Evaluate experiment report (reports/experiment.json and .html; experiment.ts).
 *
 * Where they are looked up: the `objects` store, by id. A pipeline is saved with the pipeline's
 * id (`kind: 'pipeline'`, value: pipeline JSON); a model with its model id, value: the artifacts
 * exportGenerative() returns ({ [role]: { modelJson, weightsBin } }).
 */
import type { AugmentRecipe, DatasetMeta, ImageRecord, SynthRecipe } from '../../src/core/dataset/types';
import { sanitiseSegment, type ExperimentReportInfo, type ExtraFile } from '../../src/core/export';
import { getObject, listObjects } from '../shared/db';
import { experimentExtras } from './experiment';
import type { ExperimentAvailable } from './types';

export interface Extras {
  files: ExtraFile[];
  warnings: string[];
}

export interface CollectedExtras extends Extras {
  /** The experiment whose report files are among `files` (for README and manifest), or null. */
  experimentReport: ExperimentReportInfo | null;
  /** The dataset's latest experiment, included or not. */
  experiment: ExperimentAvailable | null;
}

async function findPipeline(id: string): Promise<unknown> {
  const direct = await getObject<unknown>(id);
  if (direct && typeof direct === 'object' && (direct as { id?: unknown }).id === id) return direct;
  const saved = await listObjects('pipeline');
  return saved.find((o) => o.id === id || (o.value as { id?: unknown } | null)?.id === id)?.value;
}

async function pipelineFiles(ids: readonly string[], meta: DatasetMeta): Promise<Extras> {
  const files: ExtraFile[] = [];
  const warnings: string[] = [];
  if (ids.length === 0) return { files, warnings };
  const { validatePipeline, serialisePipeline, toAlbumentations } = await import('../../src/core/pipeline');
  const found: Array<{ id: string; pipeline: NonNullable<ReturnType<typeof validatePipeline>['pipeline']> }> = [];
  for (const id of ids) {
    const saved = await findPipeline(id);
    const pipeline = saved === undefined ? null : validatePipeline(saved).pipeline;
    if (pipeline) found.push({ id, pipeline });
    else {
      warnings.push(
        `Pipeline “${id}” ${saved === undefined ? 'is not saved in this workspace' : 'could not be read'}: its pipeline file is missing from the zip. ` +
          'Every augmented image’s own plan is in the manifest, so each can still be regenerated.',
      );
    }
  }
  // One pipeline: pipeline.json at the top; several: one folder each.
  const names = new Set<string>();
  for (const { id, pipeline } of found) {
    let dir = found.length === 1 ? '' : `pipelines/${sanitiseSegment(id)}`;
    while (dir && names.has(dir.toLowerCase())) dir += '_';
    names.add(dir.toLowerCase());
    const at = (name: string) => (dir ? `${dir}/${name}` : name);
    files.push({ path: at('pipeline.json'), data: serialisePipeline(pipeline) });
    const albu = toAlbumentations(pipeline, { imageSize: meta.format.size });
    files.push({ path: at('albumentations.json'), data: JSON.stringify(albu.json, null, 2) });
    if (albu.skipped.length > 0) {
      warnings.push(`albumentations.json for “${pipeline.name || id}” leaves out what Albumentations has no equivalent for: ${albu.skipped.map((s) => s.message).join(' ')}`);
    }
  }
  return { files, warnings };
}

interface SavedArtifacts {
  modelJson: string;
  weightsBin: ArrayBuffer | Uint8Array;
}

function isArtifacts(v: unknown): v is SavedArtifacts {
  const a = v as SavedArtifacts | null;
  return !!a && typeof a === 'object' && typeof a.modelJson === 'string' && (a.weightsBin instanceof ArrayBuffer || a.weightsBin instanceof Uint8Array);
}

async function modelFiles(ids: readonly string[]): Promise<Extras> {
  const files: ExtraFile[] = [];
  const warnings: string[] = [];
  for (const id of ids) {
    const saved = await getObject<Record<string, unknown>>(id);
    const roles = saved && typeof saved === 'object' ? Object.entries(saved).filter(([, v]) => isArtifacts(v)) : [];
    if (roles.length === 0) {
      warnings.push(`The generator model “${id}” is not saved in this workspace, so it is not in the zip (the synthetic images’ model id, step and seed are in the manifest).`);
      continue;
    }
    for (const [role, a] of roles as Array<[string, SavedArtifacts]>) {
      const dir = `models/${sanitiseSegment(id)}/${sanitiseSegment(role)}`;
      files.push({ path: `${dir}/model.json`, data: a.modelJson });
      files.push({ path: `${dir}/weights.bin`, data: a.weightsBin instanceof Uint8Array ? a.weightsBin : new Uint8Array(a.weightsBin), compress: true });
    }
  }
  return { files, warnings };
}

/** The extra files for the records that may be exported. */
export async function collectExtras(
  records: readonly ImageRecord[],
  meta: DatasetMeta,
  opts: { augmented: boolean; synthetic: boolean; includeModels: boolean; includeExperimentReport: boolean },
): Promise<CollectedExtras> {
  const pipelineIds = new Set<string>();
  const modelIds = new Set<string>();
  for (const r of records) {
    if (opts.augmented && r.kind === 'augmented' && r.recipe && 'pipelineId' in r.recipe) pipelineIds.add((r.recipe as AugmentRecipe).pipelineId);
    if (opts.synthetic && opts.includeModels && r.kind === 'synthetic' && r.recipe && 'modelId' in r.recipe) modelIds.add((r.recipe as SynthRecipe).modelId);
  }
  const [p, m, x] = await Promise.all([
    pipelineFiles([...pipelineIds].sort(), meta),
    modelFiles([...modelIds].sort()),
    experimentExtras(meta.id, opts.includeExperimentReport),
  ]);
  return {
    files: [...p.files, ...m.files, ...x.files],
    warnings: [...p.warnings, ...m.warnings, ...x.warnings],
    experimentReport: x.info,
    experiment: x.available,
  };
}
