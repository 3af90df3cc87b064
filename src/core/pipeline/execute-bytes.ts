/**
 * Augmentation on 8-bit pixels, the form images are stored, materialised and exported in: each
 * sample runs on the fused 8-bit path when its plan allows (fused.ts), the rest as one batch on the
 * tensor engine (execute() between the caller's byte conversions). Which path a sample takes
 * depends only on its plan and the `fused` switch, so the augment worker (materialising) and the
 * export (regenerating) give the same bytes when they pass the same switch.
 */
import { executeFusedSteps, fusedSteps } from './fused';
import { partnersNeeded } from './plan';
import type { SamplePlan } from './types';

export interface ByteJob {
  size: number;
  channels: number;
  /** One plan per image of `pixels`, in order. */
  plans: SamplePlan[];
  /** [n, size, size, channels] 8-bit source pixels. */
  pixels: Uint8Array;
  /** Source pixels of mixing partners that are not samples of this job (partnersNeeded). */
  partners?: { ids: string[]; pixels: Uint8Array };
}

/** The tensor engine on bytes: the job's pixels → execute() → 8-bit pixels, in order. */
export type TensorPath = (job: ByteJob) => Promise<Uint8Array>;

export interface ExecuteBytesOptions {
  /** Run fusable samples on the fused 8-bit path (the choice on CPU and WASM backends). */
  fused: boolean;
  /**
   * Write fused samples over `job.pixels` and return that buffer, for callers that own the pixels
   * and are done with them: a 224×224×3 job of 26 images then allocates no 3.9 MB output, whose
   * fresh pages cost about as much as copying the job.
   */
  overwriteInput?: boolean;
}

function gather(pixels: Uint8Array, rows: readonly number[], per: number): Uint8Array {
  const out = new Uint8Array(rows.length * per);
  rows.forEach((r, k) => out.set(pixels.subarray(r * per, (r + 1) * per), k * per));
  return out;
}

/** The tensor-path part of a split job, with the partners it now needs from the fused part. */
function tensorPart(job: ByteJob, rows: readonly number[], per: number): ByteJob {
  const plans = rows.map((r) => job.plans[r]);
  const needed = partnersNeeded(plans);
  const given = new Map((job.partners?.ids ?? []).map((id, j) => [id, { pixels: job.partners!.pixels, row: j }]));
  job.plans.forEach((p, r) => given.has(p.sampleId) || given.set(p.sampleId, { pixels: job.pixels, row: r }));
  const partnerPixels = new Uint8Array(needed.length * per);
  needed.forEach((id, j) => {
    const from = given.get(id);
    if (!from) throw new Error(`A mixing step needs the source image of "${id}", which the job does not carry.`);
    partnerPixels.set(from.pixels.subarray(from.row * per, (from.row + 1) * per), j * per);
  });
  return {
    size: job.size,
    channels: job.channels,
    plans,
    pixels: gather(job.pixels, rows, per),
    partners: needed.length ? { ids: needed, pixels: partnerPixels } : undefined,
  };
}

export async function executeBytes(job: ByteJob, tensorPath: TensorPath, options: ExecuteBytesOptions): Promise<Uint8Array> {
  const n = job.plans.length;
  const per = job.size * job.size * job.channels;
  if (job.pixels.length !== n * per) {
    throw new Error(`A job of ${n} images at ${job.size}×${job.size}×${job.channels} got ${job.pixels.length} bytes.`);
  }
  if (!options.fused || n === 0) return tensorPath(job);
  const ctx = { height: job.size, width: job.size, channels: job.channels };
  const steps = job.plans.map((p) => fusedSteps(p, ctx));
  const fusedRows: number[] = [];
  const tensorRows: number[] = [];
  steps.forEach((s, r) => (s ? fusedRows : tensorRows).push(r));
  if (fusedRows.length === 0) return tensorPath(job);

  // The tensor part copies its sources and partners before fused samples may overwrite them.
  const rest = tensorRows.length ? tensorPart(job, tensorRows, per) : null;
  const out = options.overwriteInput ? job.pixels : new Uint8Array(n * per);
  const rowAt = (k: number) => fusedRows[k] * per;
  executeFusedSteps(job.pixels, out, fusedRows.map((r) => steps[r]!), ctx, rowAt, rowAt);
  if (rest) {
    const done = await tensorPath(rest);
    tensorRows.forEach((r, k) => out.set(done.subarray(k * per, (k + 1) * per), r * per));
  }
  return out;
}

/**
 * Whether to use the fused path on this tfjs backend: on CPU and WASM it is several times faster
 * than the tensor engine; on GPU backends the batch stays on the GPU.
 */
export function fusedPathFor(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}
