/** Per-arm summaries and verdicts from the finished runs (also used for partial, cancelled results). */
import { sumConfusions } from './metrics';
import { ARM_WORDS, meanStd, verdict, type Verdict } from './significance';
import type { Arm, ArmSummary, ExperimentResult, RunResult } from './types';

export function summariseArm(arm: Arm, runs: readonly RunResult[], numClasses: number): ArmSummary {
  const mine = runs.filter((r) => r.arm === arm);
  const perClassAccuracy = Array.from({ length: numClasses }, (_, c) => {
    const values = mine.map((r) => r.perClassAccuracy[c]).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  });
  return {
    arm,
    label: ARM_WORDS[arm].label,
    seeds: mine.map((r) => r.seed),
    accuracy: meanStd(mine.map((r) => r.accuracy)),
    macroF1: meanStd(mine.map((r) => r.macroF1)),
    perClassAccuracy,
    confusion: mine.length > 0 ? sumConfusions(mine.map((r) => r.confusion)) : Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0)),
  };
}

/** Each non-real arm against 'real', paired over the seeds both finished, in seed order. */
export function armVerdicts(arms: readonly Arm[], runs: readonly RunResult[], trainingImages: number, alpha: number): Verdict[] {
  const real = new Map(runs.filter((r) => r.arm === 'real').map((r) => [r.seed, r.accuracy]));
  return arms
    .filter((a) => a !== 'real')
    .map((arm) => {
      const paired = runs.filter((r) => r.arm === arm && real.has(r.seed));
      return verdict(
        arm,
        paired.map((r) => real.get(r.seed)!),
        paired.map((r) => r.accuracy),
        { trainingImages, alpha },
      );
    });
}

/**
 * The validation images behind one confusion-matrix cell of an arm, over its seeds (for "click a
 * cell to see those images"): `index` is ExperimentResult.validation.indices' entry, `id` its id.
 */
export function confusionCell(
  result: Pick<ExperimentResult, 'runs' | 'validation'>,
  arm: Arm,
  truth: number,
  predicted: number,
): Array<{ seed: number; index: number; id?: string }> {
  const v = result.validation;
  return result.runs
    .filter((r) => r.arm === arm)
    .flatMap((r) =>
      r.predictions.flatMap((p, i) =>
        p === predicted && v.labels[i] === truth ? [{ seed: r.seed, index: v.indices[i], ...(v.ids ? { id: v.ids[i] } : {}) }] : [],
      ),
    );
}
