/**
 * Low-data sweep: the same experiment at several n (real training images per class), to show
 * where augmentation or synthetic data matters. Each point is a full experiment (all arms, all
 * seeds); for one seed the subsets are nested, so each larger n adds images to the smaller one.
 */
import { runExperiment } from './experiment';
import { planExperiment } from './prepare';
import { ARM_WORDS, meanStd, type MeanStd } from './significance';
import type { Arm, ExperimentConfig, ExperimentEvent, ExperimentPlan, ExperimentResult } from './types';

export interface SweepCurve {
  arm: Arm;
  label: string;
  /** One entry per finished point, in sweep order. */
  perClass: number[];
  accuracy: MeanStd[];
  macroF1: MeanStd[];
}

export interface SweepResult {
  status: 'complete' | 'cancelled';
  perClass: number[];
  points: ExperimentResult[];
  /** Accuracy-vs-n per arm, for the chart. */
  curves: SweepCurve[];
}

export type SweepEvent =
  | { type: 'point'; index: number; perClass: number; points: number; event: ExperimentEvent }
  | { type: 'sweep'; result: SweepResult };

function sortedSizes(perClass: readonly number[]): number[] {
  const sizes = [...new Set(perClass)].sort((a, b) => a - b);
  if (sizes.length === 0) throw new RangeError('A sweep needs at least one value of n (images per class).');
  return sizes;
}

/** One plan per n (for the time estimate: sum estimateSeconds over them). */
export function planSweep(config: Omit<ExperimentConfig, 'perClass'>, perClass: readonly number[]): ExperimentPlan[] {
  return sortedSizes(perClass).map((n) => planExperiment({ ...config, perClass: n }));
}

export function sweepCurves(points: readonly ExperimentResult[]): SweepCurve[] {
  const arms = points[0]?.plan.arms ?? [];
  return arms.map((arm) => {
    const rows = points.map((p) => ({ n: p.plan.perClass!, runs: p.runs.filter((r) => r.arm === arm) })).filter((r) => r.runs.length > 0);
    return {
      arm,
      label: ARM_WORDS[arm].label,
      perClass: rows.map((r) => r.n),
      accuracy: rows.map((r) => meanStd(r.runs.map((x) => x.accuracy))),
      macroF1: rows.map((r) => meanStd(r.runs.map((x) => x.macroF1))),
    };
  });
}

/** Runs the experiment at every n (ascending); each inner event is forwarded inside a 'point' event. */
export async function* runSweep(config: Omit<ExperimentConfig, 'perClass'>, perClass: readonly number[]): AsyncGenerator<SweepEvent, SweepResult, undefined> {
  const sizes = sortedSizes(perClass);
  const points: ExperimentResult[] = [];
  let status: SweepResult['status'] = 'complete';
  for (const [index, n] of sizes.entries()) {
    if (config.signal?.aborted) {
      status = 'cancelled';
      break;
    }
    for await (const event of runExperiment({ ...config, perClass: n })) {
      yield { type: 'point', index, perClass: n, points: sizes.length, event };
      if (event.type === 'result') {
        points.push(event.result);
        if (event.result.status === 'cancelled') status = 'cancelled';
      }
    }
    if (status === 'cancelled') break;
  }
  const result: SweepResult = { status, perClass: sizes, points, curves: sweepCurves(points) };
  yield { type: 'sweep', result };
  return result;
}
