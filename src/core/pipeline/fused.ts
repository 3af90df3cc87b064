/**
 * The fused 8-bit path: a sample whose plan holds only geometric matrix steps and per-value tone
 * steps (brightness, contrast-by-factor, gamma, invert, posterize, solarize, RGB shift) runs as one
 * pass over its bytes: tone steps before the warp become a table applied to the source, the warp
 * is the 8-bit fixed-point warp (transforms/warp-bytes.ts), and tone steps after it become the
 * table the warp writes through. No tensors, no floats per pixel; pure JavaScript, so the same
 * bytes come out in a worker, in Node and on every backend.
 *
 * It differs from the float engine (execute.ts) only by rounding: the warped value is rounded to
 * 8 bits before the tone table instead of once at the end (at most one 8-bit step; tested).
 */
import { isIdentity, toSamplingTransform } from '../transforms/matrix';
import { identityTable, mapBytes, warpBytes, type ByteWarp } from '../transforms/warp-bytes';
import type { ApplyContext, PixelTransform, WarpSettings } from '../transforms/types';
import { inRunOrder, sampleSteps, type OtherStep, type SampleSteps } from './sample-steps';
import type { SamplePlan } from './types';

const DEFAULT_WARP: WarpSettings = { interpolation: 'bilinear', border: 'constant', fill: 0 };

/** The plan's steps when every one can run on the fused path, else null. */
export function fusedSteps(plan: SamplePlan, ctx: ApplyContext): SampleSteps | null {
  const s = sampleSteps(plan, ctx);
  return s.others.every((o) => o.transform.kind === 'pixel' && o.transform.tone !== undefined) ? s : null;
}

/** Whether every step of the plan can run on the fused path. */
export function fusable(plan: SamplePlan, ctx: ApplyContext): boolean {
  return fusedSteps(plan, ctx) !== null;
}

function byte(v: number): number {
  const r = Math.round(v * 255);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/**
 * The per-channel table of a run of tone steps: entry k of channel ch is the steps applied in
 * order to k / 255 in double precision, rounded once to 8 bits. Null when there are none.
 */
function toneTable(steps: readonly OtherStep[], channels: number): Uint8Array | null {
  if (steps.length === 0) return null;
  // fusedSteps() admitted only pixel transforms with a tone map.
  const maps = steps.map((o) => (o.transform as PixelTransform).tone!(o.step.params));
  const table = new Uint8Array(256 * channels);
  for (let ch = 0; ch < channels; ch++) {
    for (let k = 0; k < 256; k++) {
      let v = k / 255;
      for (const f of maps) v = f(v, ch);
      table[(ch << 8) | k] = byte(v);
    }
  }
  return table;
}

/**
 * Runs fusable plans: sample i reads `src` at srcAt(i) and writes `dst` at dstAt(i), each
 * [size, size, channels] bytes; `dst` may be `src` with the same offsets (in place). Throws if a
 * plan is not fusable (check with fusable()).
 */
export function executeFused(
  src: Uint8Array,
  dst: Uint8Array,
  plans: readonly SamplePlan[],
  ctx: ApplyContext,
  srcAt: (i: number) => number,
  dstAt: (i: number) => number,
): void {
  const steps = plans.map((plan) => {
    const s = fusedSteps(plan, ctx);
    if (!s) throw new Error(`Sample "${plan.sampleId}" has steps the fused path cannot run.`);
    return s;
  });
  executeFusedSteps(src, dst, steps, ctx, srcAt, dstAt);
}

/** executeFused() for samples already sorted by fusedSteps() (executeBytes sorts each plan once). */
export function executeFusedSteps(
  src: Uint8Array,
  dst: Uint8Array,
  samples: readonly SampleSteps[],
  ctx: ApplyContext,
  srcAt: (i: number) => number,
  dstAt: (i: number) => number,
): void {
  const { height: h, width: w, channels: c } = ctx;
  const per = h * w * c;
  let identity: Uint8Array | null = null;
  let scratch: Uint8Array | null = null;
  samples.forEach((s, i) => {
    const tones = inRunOrder(s.others);
    const warps = !isIdentity(s.matrix);
    const before = warps ? tones.filter((o) => o.step.at < s.warpPos) : [];
    const after = warps ? tones.filter((o) => o.step.at >= s.warpPos) : tones;
    const afterTable = toneTable(after, c) ?? (identity ??= identityTable(c));
    if (!warps) {
      mapBytes(src, srcAt(i), dst, dstAt(i), h * w, c, afterTable);
      return;
    }
    let from = src;
    let fromAt = srcAt(i);
    const beforeTable = toneTable(before, c);
    if (beforeTable) {
      scratch ??= new Uint8Array(per);
      mapBytes(src, fromAt, scratch, 0, h * w, c, beforeTable);
      from = scratch;
      fromAt = 0;
    } else if (src.buffer === dst.buffer) {
      // Writing over the source: the warp reads neighbours it would already have replaced.
      scratch ??= new Uint8Array(per);
      scratch.set(src.subarray(fromAt, fromAt + per));
      from = scratch;
      fromAt = 0;
    }
    const settings = s.warpSettings ?? DEFAULT_WARP;
    const warp: ByteWarp = {
      map: toSamplingTransform(s.matrix),
      nearest: settings.interpolation === 'nearest',
      border: settings.border,
      fill: byte(settings.fill),
    };
    warpBytes(from, fromAt, dst, dstAt(i), h, w, c, warp, afterTable);
  });
}
