/**
 * How one sample's plan runs: its geometric steps multiplied into one matrix (applied at the
 * pipeline's first matrix transform, `warpPos`), and its other steps in order, each with its
 * occurrence (a SomeOf may pick a node twice). Both executors use this: the batched tensor engine
 * (execute.ts) and the fused 8-bit path (fused.ts), so they agree on what runs when.
 */
import { getTransform } from '../transforms/registry';
import { chain, identity, type Mat3 } from '../transforms/matrix';
import type { ApplyContext, MixTransform, PixelTransform, Transform, WarpSettings } from '../transforms/types';
import type { PlanStep, SamplePlan } from './types';

export interface OtherStep {
  step: PlanStep;
  occurrence: number;
  transform: PixelTransform | MixTransform;
}

export interface SampleSteps {
  /** The product of every matrix step (identity when none fired). */
  matrix: Mat3;
  /** The first matrix step's settings; null when it has none (flips) or none fired. */
  warpSettings: WarpSettings | null;
  /** Pipeline position where the warp runs; -1 when no matrix step fired. */
  warpPos: number;
  /** Every other step, in plan order. */
  others: OtherStep[];
}

function resolve(step: PlanStep): Transform {
  const t = getTransform(step.name);
  if (!t) throw new Error(`The plan uses transform "${step.name}", which this version does not know.`);
  return t;
}

/** Occurrence counts of the steps before `upTo` (the first repeat of a position). */
function countEarlier(steps: readonly PlanStep[], upTo: PlanStep): Map<number, number> {
  const seen = new Map<number, number>();
  for (const s of steps) {
    if (s === upTo) break;
    seen.set(s.at, (seen.get(s.at) ?? 0) + 1);
  }
  return seen;
}

export function sampleSteps(plan: SamplePlan, ctx: ApplyContext): SampleSteps {
  const out: SampleSteps = { matrix: identity(), warpSettings: null, warpPos: -1, others: [] };
  // Occurrences only repeat when SomeOf picks a child twice: count them lazily.
  let seen: Map<number, number> | null = null;
  let lastAt = -Infinity;
  let ms: Mat3[] | null = null;
  for (const step of plan.steps) {
    const t = resolve(step);
    let occurrence = 0;
    if (seen || step.at <= lastAt) {
      seen ??= countEarlier(plan.steps, step);
      occurrence = seen.get(step.at) ?? 0;
      seen.set(step.at, occurrence + 1);
    }
    lastAt = step.at;
    if (t.kind === 'matrix') {
      (ms ??= []).push(t.matrix(step.params, ctx));
      out.warpSettings ??= t.warpSettings(step.params);
      if (out.warpPos < 0) out.warpPos = plan.warpAt >= 0 ? plan.warpAt : step.at;
      continue;
    }
    out.others.push({ step, occurrence, transform: t });
  }
  if (ms) out.matrix = chain(...ms);
  return out;
}

/** The order execute() runs a position's step groups in: position, occurrence, name. */
export function stepOrder(a: { at: number; occurrence: number; name: string }, b: { at: number; occurrence: number; name: string }): number {
  return a.at - b.at || a.occurrence - b.occurrence || a.name.localeCompare(b.name);
}

/** Sorts a sample's other steps into the order execute() runs them. */
export function inRunOrder(others: readonly OtherStep[]): OtherStep[] {
  const key = (o: OtherStep) => ({ at: o.step.at, occurrence: o.occurrence, name: o.step.name });
  return [...others].sort((a, b) => stepOrder(key(a), key(b)));
}
