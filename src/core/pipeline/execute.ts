/**
 * execute(): runs plans on a batch of images [n, h, w, c] (float32 in [0, 1]) as batched tensor
 * ops. Steps run in pipeline order; at the position of the pipeline's first geometric matrix
 * transform, every matrix transform a sample drew is multiplied into one 3x3 matrix and the
 * batch is resampled in one warp call. Other steps run once per pipeline node, on every image it
 * fired for, with per-image parameters. No per-image loop touches pixels.
 */
import * as tf from '@tensorflow/tfjs';
import { isIdentity, toSamplingTransform, type Mat3 } from '../transforms/matrix';
import { warpBatch, type WarpPath } from '../transforms/warp';
import type { ApplyContext, MixTransform, PixelTransform, WarpSettings } from '../transforms/types';
import { sampleSteps, stepOrder } from './sample-steps';
import type { MixSource, SamplePlan } from './types';

export interface ExecuteOptions {
  /**
   * Source pixels of mixing partners that are not themselves in the batch (see
   * partnersNeeded). Partners inside the batch are read from `batch`.
   */
  partners?: { ids: readonly string[]; images: tf.Tensor4D };
  /** Force one warp implementation (tests and benchmarks; see transforms/warp.ts). */
  warpPath?: WarpPath;
}

export interface ExecuteResult {
  /** The augmented batch, same shape as the input; the caller disposes it. */
  images: tf.Tensor4D;
  /**
   * Per sample, where its pixels come from: [{ id: itself, weight: 1 }] unless a mixing step
   * fired. Turn into soft labels with softLabel().
   */
  sources: MixSource[][];
}

const DEFAULT_WARP: WarpSettings = { interpolation: 'bilinear', border: 'constant', fill: 0 };

interface Member {
  i: number;
  params: unknown;
}

interface StepGroup {
  at: number;
  occurrence: number;
  name: string;
  transform: PixelTransform | MixTransform;
  members: Member[];
}

/** out[i] = y[j] for the j-th index i of `idx`, x[i] elsewhere. */
function mergeSubset(x: tf.Tensor4D, idx: readonly number[], y: tf.Tensor4D): tf.Tensor4D {
  const n = x.shape[0];
  const sel = Int32Array.from({ length: n }, (_, i) => i);
  idx.forEach((i, j) => (sel[i] = n + j));
  return tf.gather(tf.concat([x, y]), sel) as tf.Tensor4D;
}

function subset(x: tf.Tensor4D, idx: readonly number[]): tf.Tensor4D {
  return tf.gather(x, Int32Array.from(idx)) as tf.Tensor4D;
}

function settingsKey(s: WarpSettings): string {
  return `${s.interpolation}|${s.border}|${s.fill}`;
}

export function execute(batch: tf.Tensor4D, plans: readonly SamplePlan[], options: ExecuteOptions = {}): ExecuteResult {
  if (batch.rank !== 4) throw new Error(`execute expects a batch [n, h, w, c], got shape [${batch.shape}].`);
  const [n, h, w, c] = batch.shape;
  if (plans.length !== n) throw new Error(`execute got ${plans.length} plans for ${n} images.`);
  const ctx: ApplyContext = { height: h, width: w, channels: c };

  // Sort every fired step into the sample's warp or a per-node group, keyed by position.
  const matrices: Mat3[] = [];
  const warpSettings: Array<WarpSettings | null> = [];
  const warpPos: number[] = [];
  const groups = new Map<string, StepGroup>();
  plans.forEach((plan, i) => {
    const sorted = sampleSteps(plan, ctx);
    matrices.push(sorted.matrix);
    warpSettings.push(sorted.warpSettings);
    warpPos.push(sorted.warpPos);
    for (const { step, occurrence, transform } of sorted.others) {
      const key = `${step.at}|${occurrence}|${step.name}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { at: step.at, occurrence, name: step.name, transform, members: [] }));
      g.members.push({ i, params: step.params });
    }
  });

  const positions = [...new Set([...warpPos.filter((p) => p >= 0), ...[...groups.values()].map((g) => g.at)])].sort((a, b) => a - b);
  const ordered = [...groups.values()].sort(stepOrder);
  // Where each sample's pixels come from; only mixing steps create an entry.
  const sources: Array<Map<string, number> | null> = plans.map(() => null);

  // Each stage runs in its own tidy and the previous stage's output is released right away, so
  // memory holds about two batches however long the pipeline is.
  let x = batch;
  let pool: { tensor: tf.Tensor4D; index: Map<string, number> } | undefined;
  const partnerPool = () => {
    if (pool) return pool;
    const index = new Map<string, number>();
    plans.forEach((p, i) => index.has(p.sampleId) || index.set(p.sampleId, i));
    let tensor = batch;
    if (options.partners) {
      options.partners.ids.forEach((id, j) => index.has(id) || index.set(id, n + j));
      // Created inside a stage's tidy but needed by later stages: kept, released at the end.
      tensor = tf.keep(tf.concat([batch, options.partners.images]));
    }
    return (pool = { tensor, index });
  };
  const advance = (stage: (input: tf.Tensor4D) => tf.Tensor4D) => {
    const input = x;
    const next = tf.tidy(() => stage(input));
    if (input !== batch && next !== input) input.dispose();
    x = next;
  };
  try {
    for (const pos of positions) {
      const warpers = warpPos.flatMap((p, i) => (p === pos && !isIdentity(matrices[i]) ? [i] : []));
      if (warpers.length) advance((input) => applyWarp(input, warpers, matrices, warpSettings, options.warpPath));
      for (const g of ordered) {
        if (g.at !== pos) continue;
        const t = g.transform;
        advance((input) => (t.kind === 'mix' ? applyMix(input, g, t, partnerPool(), ctx, plans, sources) : applyPixel(input, g, t, ctx)));
      }
    }
  } catch (err) {
    if (x !== batch) x.dispose();
    throw err;
  } finally {
    const p = pool as { tensor: tf.Tensor4D } | undefined;
    if (p && p.tensor !== batch) p.tensor.dispose();
  }
  const images = x === batch ? batch.clone() : x;

  return {
    images,
    sources: sources.map((m, i) => (m ? [...m.entries()].map(([id, weight]) => ({ id, weight })) : [{ id: plans[i].sampleId, weight: 1 }])),
  };
}

function applyWarp(
  x: tf.Tensor4D,
  warpers: number[],
  matrices: Mat3[],
  settings: Array<WarpSettings | null>,
  force: WarpPath | undefined,
): tf.Tensor4D {
  const n = x.shape[0];
  const bySettings = new Map<string, { s: WarpSettings; idx: number[] }>();
  for (const i of warpers) {
    const s = settings[i] ?? DEFAULT_WARP;
    const key = settingsKey(s);
    if (!bySettings.has(key)) bySettings.set(key, { s, idx: [] });
    bySettings.get(key)!.idx.push(i);
  }
  const opts = { force };
  const groups = [...bySettings.values()];
  // One group covering most of the batch: warp everything in one call (identity maps resample exactly).
  if (groups.length === 1 && groups[0].idx.length >= 0.75 * n) {
    const maps = matrices.map((m) => toSamplingTransform(m));
    return warpBatch(x, maps, groups[0].s, opts);
  }
  for (const { s, idx } of groups) {
    const y = warpBatch(subset(x, idx), idx.map((i) => toSamplingTransform(matrices[i])), s, opts);
    x = mergeSubset(x, idx, y);
  }
  return x;
}

function applyPixel(x: tf.Tensor4D, g: StepGroup, t: PixelTransform, ctx: ApplyContext): tf.Tensor4D {
  const n = x.shape[0];
  const m = g.members;
  if (m.length === n) return t.apply(x, m.map((e) => e.params), ctx);
  if (t.identity !== undefined && m.length >= 0.5 * n) {
    const params: unknown[] = new Array(n).fill(t.identity);
    for (const e of m) params[e.i] = e.params;
    return t.apply(x, params, ctx);
  }
  const idx = m.map((e) => e.i);
  return mergeSubset(x, idx, t.apply(subset(x, idx), m.map((e) => e.params), ctx));
}

function applyMix(
  x: tf.Tensor4D,
  g: StepGroup,
  t: MixTransform,
  pool: { tensor: tf.Tensor4D; index: Map<string, number> },
  ctx: ApplyContext,
  plans: readonly SamplePlan[],
  sources: Array<Map<string, number> | null>,
): tf.Tensor4D {
  const idx = g.members.map((e) => e.i);
  const params = g.members.map((e) => e.params);
  const partnerIds = params.map((p) => t.partners(p));
  const slots = Math.max(...partnerIds.map((ids) => ids.length));
  const partners = Array.from({ length: slots }, (_, j) => {
    const rows = partnerIds.map((ids, k) => {
      const id = ids[j];
      const row = pool.index.get(id);
      if (row === undefined) {
        throw new Error(`${t.name} for sample "${plans[idx[k]].sampleId}" needs the source image of "${id}": pass it in options.partners (see partnersNeeded).`);
      }
      return row;
    });
    return tf.gather(pool.tensor, Int32Array.from(rows)) as tf.Tensor4D;
  });
  const y = t.apply(idx.length === x.shape[0] ? x : subset(x, idx), partners, params, ctx);
  g.members.forEach((e, k) => {
    const weights = t.weights(e.params, ctx);
    const next = new Map<string, number>();
    for (const [id, v] of sources[e.i] ?? [[plans[e.i].sampleId, 1] as const]) next.set(id, v * weights[0]);
    partnerIds[k].forEach((id, j) => next.set(id, (next.get(id) ?? 0) + weights[j + 1]));
    sources[e.i] = next;
  });
  return idx.length === x.shape[0] ? y : mergeSubset(x, idx, y);
}

/** Soft label over `numClasses` classes from a sample's sources and each source's class index. */
export function softLabel(sources: readonly MixSource[], classOf: (id: string) => number, numClasses: number): number[] {
  const out = new Array(numClasses).fill(0);
  for (const s of sources) out[classOf(s.id)] += s.weight;
  return out;
}
