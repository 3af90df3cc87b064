/**
 * "Augment dataset": materialises augmented images into the workspace. Each new image is an
 * ImageRecord of kind 'augmented', derived from an original (same label and split), with its
 * recipe {pipelineId, seed, variant, plan}: enough to regenerate it bit for bit. Pixels are
 * appended to the dataset's chunks like imported ones. Work runs in jobs of a few hundred
 * images (a few dozen at large sizes), spread over the worker pool, and can be cancelled between
 * jobs: what was written stays, consistent, and can be removed.
 */
import type { ImageRecord } from '../../src/core/dataset/types';
import { checkChannels, partnersNeeded, plan, validatePipeline, type Pipeline, type SamplePlan } from '../../src/core/pipeline';
import { deleteDerivedImages, getImages } from '../shared/db';
import { forgetChunks, readBatch } from '../shared/pixels';
import type { JobTiming } from './execute-pixels';
import { snapshotPipeline, versionedId } from './pipelines';
import { executors, runLanes } from './pool';
import { datasetView, forgetView, splitKey, updateView, type DatasetView, type SplitKey } from './records';
import { ChunkWriter } from './writer';

export interface MaterialiseOptions {
  /** 'variants': N new variants of every chosen image; 'balance': each chosen class up to a target count. */
  mode: 'variants' | 'balance';
  variantsPerImage?: number;
  targetPerClass?: number;
  /** Classes to augment (default: all). */
  classes?: string[];
  /** Splits whose images are augmented and counted (default: all). */
  splits?: SplitKey[];
  /** Workers to compute with (default: one per core on WASM/CPU). */
  workers?: number;
}

export interface MaterialiseProgress {
  done: number;
  total: number;
  imagesPerSecond: number;
}

export interface MaterialiseResult {
  created: number;
  /** Planned but not made because of a cancel. */
  cancelled: boolean;
  total: number;
  pipelineId: string;
  seed: number;
  perClass: Record<string, number>;
  /** Classes that needed images but have no original in the chosen splits to derive them from. */
  classesWithoutSources: string[];
  millis: number;
  imagesPerSecond: number;
  workers: number;
}

interface Job {
  source: ImageRecord;
  variant: number;
}

const MAX_VARIANTS = 1000;
const MAX_TARGET = 1_000_000;
let cancelRequested = false;

export function cancelMaterialise(): void {
  cancelRequested = true;
}

/** Which new (source, variant) pairs to make. Variants continue after the ones already made. */
export function planJobs(view: DatasetView, pipelineId: string, seed: number, o: MaterialiseOptions): { jobs: Job[]; classesWithoutSources: string[] } {
  const classes = new Set(o.classes?.length ? o.classes : view.meta.classes);
  const splits = new Set<SplitKey>(o.splits?.length ? o.splits : ['train', 'val', 'test', 'none']);
  const inScope = (r: ImageRecord) => classes.has(r.label) && splits.has(splitKey(r));
  const sources = view.records.filter((r) => r.kind === 'original' && inScope(r));
  // The next free variant of each source for this pipeline version and seed.
  const nextVariant = new Map<string, number>();
  for (const r of view.records) {
    const recipe = r.recipe as { pipelineId?: string; seed?: number; variant?: number } | undefined;
    if (r.kind !== 'augmented' || !r.derivedFrom || recipe?.pipelineId !== pipelineId || recipe.seed !== seed) continue;
    nextVariant.set(r.derivedFrom, Math.max(nextVariant.get(r.derivedFrom) ?? 0, (recipe.variant ?? 0) + 1));
  }
  const jobs: Job[] = [];
  const classesWithoutSources: string[] = [];
  if (o.mode === 'variants') {
    const n = Math.round(o.variantsPerImage ?? 0);
    if (!(n >= 1 && n <= MAX_VARIANTS)) throw new Error(`Variants per image should be a whole number from 1 to ${MAX_VARIANTS}, got ${o.variantsPerImage}.`);
    for (const s of sources) {
      const first = nextVariant.get(s.id) ?? 0;
      for (let v = 0; v < n; v++) jobs.push({ source: s, variant: first + v });
    }
    return { jobs, classesWithoutSources };
  }
  const target = Math.round(o.targetPerClass ?? 0);
  if (!(target >= 1 && target <= MAX_TARGET)) throw new Error(`The target per class should be a whole number from 1 to ${MAX_TARGET.toLocaleString('en')}, got ${o.targetPerClass}.`);
  for (const label of view.meta.classes.filter((c) => classes.has(c))) {
    const have = view.records.filter((r) => r.label === label && splits.has(splitKey(r))).length;
    const need = target - have;
    if (need <= 0) continue;
    const own = sources.filter((r) => r.label === label);
    if (!own.length) {
      classesWithoutSources.push(label);
      continue;
    }
    // Round-robin over the class's originals, so each gets about the same number of variants.
    for (let j = 0; j < need; j++) {
      const s = own[j % own.length];
      jobs.push({ source: s, variant: (nextVariant.get(s.id) ?? 0) + Math.floor(j / own.length) });
    }
  }
  return { jobs, classesWithoutSources };
}

/** Images per job: about 2 M values (≈ 2,500 at 28×28, 13 at 224×224×3), at most 512. */
function jobSize(per: number): number {
  return Math.max(4, Math.min(512, Math.floor(2_000_000 / per)));
}

function derivedName(source: ImageRecord, variant: number): string {
  const slash = source.sourceName.lastIndexOf('/');
  const dir = source.sourceName.slice(0, slash + 1);
  const base = source.sourceName.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return `${dir}${dot > 0 ? base.slice(0, dot) : base}_aug${variant}.png`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
}

export async function materialise(
  datasetId: string,
  input: Pipeline,
  seed: number,
  options: MaterialiseOptions,
  onProgress?: (p: MaterialiseProgress) => void,
): Promise<MaterialiseResult> {
  cancelRequested = false;
  const started = performance.now();
  const valid = validatePipeline(input);
  if (!valid.pipeline) throw new Error(valid.errors.map((e) => e.message).join(' '));
  const pipeline = valid.pipeline;
  // Always from storage: the dataset may have changed since the last preview.
  forgetView(datasetId);
  const view = await datasetView(datasetId);
  const { size, channels } = view.meta.format;
  const channelIssues = checkChannels(pipeline, channels);
  if (channelIssues.length) throw new Error(channelIssues.map((e) => e.message).join(' '));

  const pipelineId = await snapshotPipeline(pipeline);
  const { jobs, classesWithoutSources } = planJobs(view, pipelineId, seed >>> 0, options);
  const per = size * size * channels;
  const batches: Job[][] = [];
  const step = jobSize(per);
  for (let i = 0; i < jobs.length; i += step) batches.push(jobs.slice(i, i + step));

  const writer = await ChunkWriter.open(datasetId);
  const { lanes, workers } = await executors(options.workers);
  const timing: JobTiming = { uploadMs: 0, executeMs: 0, readbackMs: 0 };
  const perClass: Record<string, number> = {};
  const created: ImageRecord[] = [];
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!onProgress || (!force && now - lastReport < 200)) return;
    lastReport = now;
    onProgress({ done: created.length, total: jobs.length, imagesPerSecond: (created.length / Math.max(1, now - started)) * 1000 });
  };
  report(true);

  const run = async (executor: (typeof lanes)[number], batch: Job[]) => {
    // Plan per (split, variant): each sample's mixing partners come from its own split.
    const plans: SamplePlan[] = new Array(batch.length);
    const groups = new Map<string, number[]>();
    batch.forEach((j, i) => {
      const key = `${splitKey(j.source)}|${j.variant}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(i);
    });
    for (const idx of groups.values()) {
      const { source, variant } = batch[idx[0]];
      const made = plan(pipeline, seed, idx.map((i) => batch[i].source.id), variant, { pool: view.pools.get(splitKey(source)) ?? [] });
      idx.forEach((i, k) => (plans[i] = made[k]));
    }
    const partnerIds = partnersNeeded(plans);
    const partners = partnerIds.map((id) => view.byId.get(id)!);
    const [pixels, partnerPx] = await Promise.all([readBatch(view.meta, batch.map((j) => j.source)), readBatch(view.meta, partners)]);
    const out = await executor.run({ size, channels, plans, pixels, partners: partnerIds.length ? { ids: partnerIds, pixels: partnerPx } : undefined }, timing);
    const hashes = await Promise.all(batch.map((_, i) => sha256Hex(out.subarray(i * per, (i + 1) * per))));
    const records = batch.map(({ source, variant }, i) => ({
      id: `${source.id}~${pipelineId}~s${seed >>> 0}~v${variant}`,
      datasetId,
      label: source.label,
      split: source.split,
      kind: 'augmented' as const,
      sourceName: derivedName(source, variant),
      sourceId: source.sourceId,
      width: size,
      height: size,
      channels,
      bytes: per,
      mime: 'image/png',
      hash: hashes[i],
      derivedFrom: source.id,
      recipe: { pipelineId, seed: seed >>> 0, variant, plan: plans[i] },
    }));
    const placed = await writer.add(records, out);
    for (const r of placed) {
      created.push(r);
      perClass[r.label] = (perClass[r.label] ?? 0) + 1;
    }
    report();
  };

  try {
    await runLanes(batches, lanes, run, () => cancelRequested);
    await writer.flush();
  } catch (e) {
    // Keep what is consistent: flush the images already made, then report the failure.
    await writer.flush().catch(() => undefined);
    throw e;
  } finally {
    updateView(datasetId, writer.meta, await getImages(datasetId));
    forgetChunks(datasetId);
  }
  report(true);
  const millis = performance.now() - started;
  return {
    created: created.length,
    cancelled: cancelRequested && created.length < jobs.length,
    total: jobs.length,
    pipelineId,
    seed: seed >>> 0,
    perClass,
    classesWithoutSources,
    millis,
    imagesPerSecond: (created.length / Math.max(1, millis)) * 1000,
    workers,
  };
}

export interface MaterialiseEstimate {
  /** Images that would be added. */
  total: number;
  /** Per class, in the chosen splits: images now (all kinds) and how many would be added. */
  perClass: Array<{ label: string; have: number; add: number }>;
  classesWithoutSources: string[];
  /** Images (all kinds) per split, to tell which splits the dataset has. */
  splits: Record<SplitKey, number>;
  /** A message when the options are not valid (nothing would run). */
  error?: string;
}

/** What materialising would do with these options, without doing it. */
export async function estimateMaterialise(datasetId: string, revision: number | undefined, input: Pipeline, seed: number, o: MaterialiseOptions): Promise<MaterialiseEstimate> {
  const view = await datasetView(datasetId, revision);
  const splits: Record<SplitKey, number> = { train: 0, val: 0, test: 0, none: 0 };
  for (const r of view.records) splits[splitKey(r)]++;
  const chosenSplits = new Set<SplitKey>(o.splits?.length ? o.splits : ['train', 'val', 'test', 'none']);
  const classes = o.classes?.length ? view.meta.classes.filter((c) => o.classes!.includes(c)) : view.meta.classes;
  const have = new Map(classes.map((c) => [c, 0]));
  for (const r of view.records) if (have.has(r.label) && chosenSplits.has(splitKey(r))) have.set(r.label, have.get(r.label)! + 1);
  const valid = validatePipeline(input);
  const empty = { total: 0, perClass: classes.map((label) => ({ label, have: have.get(label)!, add: 0 })), classesWithoutSources: [], splits };
  if (!valid.pipeline) return { ...empty, error: valid.errors.map((e) => e.message).join(' ') };
  try {
    const { jobs, classesWithoutSources } = planJobs(view, versionedId(valid.pipeline), seed >>> 0, o);
    const add = new Map<string, number>();
    for (const j of jobs) add.set(j.source.label, (add.get(j.source.label) ?? 0) + 1);
    return { total: jobs.length, perClass: classes.map((label) => ({ label, have: have.get(label)!, add: add.get(label) ?? 0 })), classesWithoutSources, splits };
  } catch (e) {
    return { ...empty, error: (e as Error).message };
  }
}

export interface AugmentedGroup {
  pipelineId: string;
  /** The seeds they were made with. */
  seeds: number[];
  count: number;
}

/** Materialised images of a dataset, grouped by the pipeline version that made them. */
export async function augmentedGroups(datasetId: string, revision?: number): Promise<AugmentedGroup[]> {
  const view = await datasetView(datasetId, revision);
  const groups = new Map<string, AugmentedGroup>();
  for (const r of view.records) {
    if (r.kind !== 'augmented') continue;
    const recipe = r.recipe as { pipelineId?: string; seed?: number } | undefined;
    const id = recipe?.pipelineId ?? '(unknown)';
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { pipelineId: id, seeds: [], count: 0 }));
    g.count++;
    if (recipe?.seed !== undefined && !g.seeds.includes(recipe.seed)) g.seeds.push(recipe.seed);
  }
  return [...groups.values()];
}

/** Deletes materialised images (all, or those one pipeline version made); returns how many. */
export async function removeAugmented(datasetId: string, pipelineId?: string): Promise<number> {
  forgetView(datasetId);
  const records = await getImages(datasetId);
  const gone = records.filter((r) => r.kind === 'augmented' && (pipelineId === undefined || (r.recipe as { pipelineId?: string } | undefined)?.pipelineId === pipelineId));
  const ids = new Set(gone.map((r) => r.id));
  // Images derived from one that goes (augmented from augmented) go too, or their source would be missing.
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of records) if (r.derivedFrom && ids.has(r.derivedFrom) && r.kind !== 'original' && !ids.has(r.id)) ids.add(r.id), (grew = true);
  }
  if (!ids.size) return 0;
  const meta = await deleteDerivedImages(datasetId, [...ids]);
  updateView(datasetId, meta, records.filter((r) => !ids.has(r.id)));
  return ids.size;
}
