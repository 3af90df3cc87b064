/**
 * The live preview: real images of the dataset, each with K augmented variants, as ImageBitmaps.
 * Variant k of a sample is exactly what materialising it as variant k with the same seed gives
 * (same plan, same mixing partner pool). A newer request supersedes an older one still waiting.
 */
import * as Comlink from 'comlink';
import { toRgba } from '../../src/core/dataset/fit';
import type { Channels, ImageRecord } from '../../src/core/dataset/types';
import { CounterRng } from '../../src/core/rng';
import { checkChannels, partnersNeeded, plan, summariseStep, validatePipeline, type Issue, type Pipeline, type SamplePlan } from '../../src/core/pipeline';
import { readBatch } from '../shared/pixels';
import { executePixels } from './execute-pixels';
import { datasetView, splitKey, type DatasetView } from './records';

export interface PreviewRequest {
  datasetId: string;
  /** The workspace revision: cached records are reloaded when it changes. */
  revision?: number;
  pipeline: Pipeline;
  seed: number;
  sampleIds: string[];
  /** Variants per sample (K). */
  variants: number;
  /** Node id to run alone. */
  solo?: string;
  /** Increasing per request: a request is dropped when a newer one has arrived. */
  token: number;
}

export interface PreviewTile {
  variant: number;
  bitmap: ImageBitmap;
  /** One line per fired step (summariseStep). */
  steps: string[];
  plan: SamplePlan;
}

export interface PreviewSample {
  id: string;
  label: string;
  sourceName: string;
  source: ImageBitmap;
  tiles: PreviewTile[];
}

export type PreviewResult =
  | { token: number; stale: true }
  | { token: number; stale: false; samples: PreviewSample[]; issues: Issue[]; millis: number; backend: string };

let latest = 0;

function bitmap(pixels: Uint8Array, size: number, channels: Channels): Promise<ImageBitmap> {
  return createImageBitmap(new ImageData(toRgba(pixels, channels) as Uint8ClampedArray<ArrayBuffer>, size, size));
}

/** Plans variants 0..K-1 of every sample, each sample against its own split's partner pool. */
export function planVariants(view: DatasetView, p: Pipeline, seed: number, samples: ImageRecord[], variants: number, solo?: string): SamplePlan[][] {
  const out: SamplePlan[][] = samples.map(() => []);
  const bySplit = new Map<string, number[]>();
  samples.forEach((r, i) => {
    const k = splitKey(r);
    if (!bySplit.has(k)) bySplit.set(k, []);
    bySplit.get(k)!.push(i);
  });
  for (const [split, idx] of bySplit) {
    const pool = view.pools.get(split as never) ?? [];
    for (let v = 0; v < variants; v++) {
      const plans = plan(p, seed, idx.map((i) => samples[i].id), v, { pool, solo });
      idx.forEach((i, j) => (out[i][v] = plans[j]));
    }
  }
  return out;
}

export async function preview(req: PreviewRequest, backend: string): Promise<PreviewResult> {
  latest = Math.max(latest, req.token);
  const stale = () => req.token < latest;
  const t0 = performance.now();
  const view = await datasetView(req.datasetId, req.revision);
  const { size, channels } = view.meta.format;
  const valid = validatePipeline(req.pipeline);
  const issues = [...valid.errors, ...(valid.pipeline ? checkChannels(valid.pipeline, channels) : [])];
  if (!valid.pipeline || issues.length) return { token: req.token, stale: false, samples: [], issues, millis: 0, backend };
  const pipeline = valid.pipeline;

  const samples = req.sampleIds.map((id) => view.byId.get(id)).filter((r): r is ImageRecord => !!r);
  const k = Math.max(1, Math.min(16, Math.round(req.variants)));
  const plans = planVariants(view, pipeline, req.seed, samples, k, req.solo).flat();
  const partnerIds = partnersNeeded(plans);
  const partnerRecords = partnerIds.map((id) => view.byId.get(id)).filter((r): r is ImageRecord => !!r);
  if (partnerRecords.length !== partnerIds.length) throw new Error('A mixing partner of a preview image is no longer in the dataset; reload the preview.');
  const [sourcePx, partnerPx] = await Promise.all([readBatch(view.meta, samples), readBatch(view.meta, partnerRecords)]);
  if (stale()) return { token: req.token, stale: true };

  // Each sample's pixels K times, sample-major: [s0v0, s0v1, …, s1v0, …].
  const per = size * size * channels;
  const input = new Uint8Array(samples.length * k * per);
  samples.forEach((_, i) => {
    const src = sourcePx.subarray(i * per, (i + 1) * per);
    for (let v = 0; v < k; v++) input.set(src, (i * k + v) * per);
  });
  const out = await executePixels({ size, channels, plans, pixels: input, partners: partnerIds.length ? { ids: partnerIds, pixels: partnerPx } : undefined });
  if (stale()) return { token: req.token, stale: true };

  const result: PreviewSample[] = await Promise.all(
    samples.map(async (r, i) => ({
      id: r.id,
      label: r.label,
      sourceName: r.sourceName,
      source: await bitmap(sourcePx.subarray(i * per, (i + 1) * per), size, channels),
      tiles: await Promise.all(
        Array.from({ length: k }, async (_, v) => {
          const p = plans[i * k + v];
          return { variant: v, bitmap: await bitmap(out.subarray((i * k + v) * per, (i * k + v + 1) * per), size, channels), steps: p.steps.map(summariseStep), plan: p };
        }),
      ),
    })),
  );
  const bitmaps = result.flatMap((s) => [s.source, ...s.tiles.map((t) => t.bitmap)]);
  return Comlink.transfer({ token: req.token, stale: false as const, samples: result, issues: [], millis: performance.now() - t0, backend }, bitmaps);
}

export interface SampleChoice {
  /** Only these classes (round-robin over them); empty or missing: any class. */
  classes?: string[];
  count: number;
  /** Changes which images are picked. */
  seed: number;
}

/** Picks original images for the preview: deterministic for a seed, spread over the chosen classes. */
export async function pickSamples(datasetId: string, revision: number | undefined, c: SampleChoice): Promise<Array<{ id: string; label: string }>> {
  const view = await datasetView(datasetId, revision);
  const originals = view.records.filter((r) => r.kind === 'original');
  const classes = c.classes?.length ? c.classes : null;
  const rng = new CounterRng(c.seed >>> 0, 'preview-samples', 0);
  let picked: ImageRecord[];
  if (!classes) {
    picked = rng.shuffle(originals).slice(0, c.count);
  } else {
    const per = classes.map((label) => rng.shuffle(originals.filter((r) => r.label === label)));
    picked = [];
    for (let round = 0; picked.length < c.count && per.some((l) => l.length > round); round++) {
      for (const list of per) if (list[round] && picked.length < c.count) picked.push(list[round]);
    }
  }
  return picked.map((r) => ({ id: r.id, label: r.label }));
}
