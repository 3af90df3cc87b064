/**
 * Regenerates augmented images from their recipes at export time: source pixels + the stored
 * per-sample plan → the augment engine (executeBytes, making the augment worker's fused/tensor
 * choice) → 8-bit working pixels. Augmented images are
 * not stored twice; their plan is what makes them, deterministically.
 *
 * Not exported from index.ts: it imports tfjs and the augment engine, and the main thread
 * imports `src/core/export` for types and planExport. Import it by path, in workers and tests.
 */
import * as tf from '@tensorflow/tfjs';
import { execute, partnersNeeded, type SamplePlan } from '../pipeline';
import { executeBytes, fusedPathFor, type ByteJob } from '../pipeline/execute-bytes';
import type { AugmentRecipe, ImageRecord, WorkingFormat } from '../dataset/types';

/** Where the pixels of stored images (originals, synthetic) come from. */
export interface RegenerateIo {
  /** Every record of the workspace by id: sources and mixing partners are looked up here. */
  byId: ReadonlyMap<string, ImageRecord>;
  /** Stored working pixels of these records, packed [n, size, size, channels]. */
  readStored(records: readonly ImageRecord[]): Promise<Uint8Array>;
}

/** How deep a chain of augmented-from-augmented images may go before it is called broken. */
const MAX_DEPTH = 8;

function isSamplePlan(p: unknown): p is SamplePlan {
  const o = p as SamplePlan | null;
  return !!o && typeof o === 'object' && typeof o.sampleId === 'string' && Array.isArray(o.steps) && typeof o.warpAt === 'number';
}

/** The plan of an augmented record, or a clear error saying which image lacks one. */
export function planOf(record: ImageRecord): SamplePlan {
  const recipe = record.recipe as AugmentRecipe | undefined;
  if (record.kind !== 'augmented' || !recipe || !('pipelineId' in recipe)) {
    throw new Error(`Image ${record.id} (${record.sourceName}) is not an augmented image with a recipe.`);
  }
  if (!isSamplePlan(recipe.plan)) throw new Error(`The recipe of augmented image ${record.id} (${record.sourceName}) holds no usable plan.`);
  return recipe.plan;
}

/** 8-bit pixels [n, h, w, c] → float32 in [0, 1], the augment engine's input. */
export function pixelsToBatch(pixels: Uint8Array, n: number, format: Pick<WorkingFormat, 'size' | 'channels'>): tf.Tensor4D {
  const { size, channels } = format;
  return tf.tidy(() => tf.tensor4d(pixels, [n, size, size, channels], 'int32').toFloat().div(255) as tf.Tensor4D);
}

/**
 * Float images in [0, 1] → 8-bit pixels: round(x · 255), clipped. The augment worker must use the
 * same rounding when it materialises images, or their recorded hashes will not match.
 */
export async function batchToPixels(images: tf.Tensor4D): Promise<Uint8Array> {
  const q = tf.tidy(() => images.clipByValue(0, 1).mul(255).round().toInt());
  try {
    return Uint8Array.from((await q.data()) as Int32Array);
  } finally {
    q.dispose();
  }
}

/**
 * The working pixels of stored or augmented records, packed [n, size, size, channels]: stored
 * ones read, augmented ones regenerated (their sources first, when a source is augmented too).
 */
async function pixelsOf(format: WorkingFormat, records: readonly ImageRecord[], io: RegenerateIo, depth: number): Promise<Uint8Array> {
  const per = format.size * format.size * format.channels;
  const out = new Uint8Array(records.length * per);
  const stored: number[] = [];
  const augmented: number[] = [];
  records.forEach((r, i) => (r.kind === 'augmented' ? augmented : stored).push(i));
  if (stored.length) {
    const px = await io.readStored(stored.map((i) => records[i]));
    stored.forEach((i, k) => out.set(px.subarray(k * per, (k + 1) * per), i * per));
  }
  if (augmented.length) {
    if (depth >= MAX_DEPTH) throw new Error(`Augmented image ${records[augmented[0]].id} derives from a chain of more than ${MAX_DEPTH} augmented images.`);
    const px = await regenerate(format, augmented.map((i) => records[i]), io, depth + 1);
    augmented.forEach((i, k) => out.set(px.subarray(k * per, (k + 1) * per), i * per));
  }
  return out;
}

function lookUp(id: string, io: RegenerateIo, why: string): ImageRecord {
  const r = io.byId.get(id);
  if (!r) throw new Error(`${why} “${id}” is no longer in the workspace, so it cannot be regenerated.`);
  return r;
}

async function regenerate(format: WorkingFormat, records: readonly ImageRecord[], io: RegenerateIo, depth: number): Promise<Uint8Array> {
  if (records.length === 0) return new Uint8Array(0);
  const plans = records.map(planOf);
  const sources = records.map((r, i) => lookUp(r.derivedFrom ?? plans[i].sampleId, io, `The source image of augmented image ${r.id},`));
  const partnerIds = partnersNeeded(plans);
  const partners = partnerIds.map((id) => lookUp(id, io, 'A mixing partner,'));
  const [sourcePx, partnerPx] = await Promise.all([pixelsOf(format, sources, io, depth), pixelsOf(format, partners, io, depth)]);

  // The plan's sampleId names the source; execute() finds in-batch mixing partners by it.
  const aligned = plans.map((p, i) => (p.sampleId === sources[i].id ? p : { ...p, sampleId: sources[i].id }));
  const job = { size: format.size, channels: format.channels, plans: aligned, pixels: sourcePx, partners: partners.length ? { ids: partnerIds, pixels: partnerPx } : undefined };
  return executeBytes(job, tensorPath, { fused: fusedPathFor(tf.getBackend()) });
}

/** The tensor engine between the reference conversions. */
async function tensorPath(job: ByteJob): Promise<Uint8Array> {
  const format = { size: job.size, channels: job.channels as WorkingFormat['channels'] };
  const batch = pixelsToBatch(job.pixels, job.plans.length, format);
  const partnerBatch = job.partners ? pixelsToBatch(job.partners.pixels, job.partners.ids.length, format) : undefined;
  let images: tf.Tensor4D | undefined;
  try {
    images = execute(batch, job.plans, partnerBatch ? { partners: { ids: job.partners!.ids, images: partnerBatch } } : {}).images;
    return await batchToPixels(images);
  } finally {
    images?.dispose();
    batch.dispose();
    partnerBatch?.dispose();
  }
}

/**
 * Regenerates augmented records from their plans in one batch: their working pixels, packed
 * [n, size, size, channels] in the order given. Deterministic: the same record gives the same
 * bytes alone or in any batch, on the same backend.
 */
export function regenerateAugmented(format: WorkingFormat, records: readonly ImageRecord[], io: RegenerateIo): Promise<Uint8Array> {
  return regenerate(format, records, io, 0);
}
