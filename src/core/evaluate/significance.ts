/**
 * Is one arm better than another? Runs of the two arms share their seeds (same initial weights,
 * batch order and data subset), so they are compared pairwise: a two-sided paired t-test on the
 * per-seed accuracy differences. The verdict says the result in plain words, with its
 * uncertainty, and says so when there are too few seeds to tell.
 */
import { tQuantile, tTwoSidedP } from './tDistribution';

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); null with fewer than 2 values. */
  std: number | null;
  n: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: null, n };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)), n };
}

export interface PairedTTest {
  /** Number of pairs (seeds). */
  k: number;
  /** Mean of treatment - baseline. */
  meanDifference: number;
  /** Sample standard deviation of the differences; null with k < 2. */
  sdDifference: number | null;
  /** t statistic (null with k < 2; ±Infinity when every difference is the same non-zero value). */
  t: number | null;
  df: number;
  /** Two-sided p-value; null with k < 2. */
  p: number | null;
  /** 95% confidence interval of the mean difference; null with k < 2. */
  ci95: [number, number] | null;
}

/** Two-sided paired t-test of treatment against baseline (index i of each is one seed). */
export function pairedTTest(baseline: readonly number[], treatment: readonly number[]): PairedTTest {
  if (baseline.length !== treatment.length) {
    throw new RangeError(`A paired test needs as many baseline values (${baseline.length}) as treatment values (${treatment.length}).`);
  }
  const d = treatment.map((v, i) => v - baseline[i]);
  const k = d.length;
  const { mean, std } = meanStd(d);
  const df = k - 1;
  if (k < 2 || std === null) return { k, meanDifference: mean, sdDifference: null, t: null, df, p: null, ci95: null };
  // Differences equal to within rounding (e.g. two arms identical on every seed): no spread.
  const sd = std <= 1e-12 * Math.max(1, Math.abs(mean)) ? 0 : std;
  const se = sd / Math.sqrt(k);
  let t: number;
  let p: number;
  if (se === 0) {
    t = mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
    p = mean === 0 ? 1 : 0;
  } else {
    t = mean / se;
    p = tTwoSidedP(t, df);
  }
  const half = tQuantile(0.975, df) * se;
  return { k, meanDifference: mean, sdDifference: sd, t, df, p, ci95: [mean - half, mean + half] };
}

export type ArmName = 'real' | 'augmented' | 'synthetic' | 'both';

/** How each arm is named in sentences, against the 'real' baseline. */
export const ARM_WORDS: Record<ArmName, { label: string; subject: string; withIt: string; withoutIt: string }> = {
  real: { label: 'Real only', subject: 'Real data alone', withIt: 'on real data alone', withoutIt: 'on real data alone' },
  augmented: { label: 'Real + augmentation', subject: 'Augmentation', withIt: 'with augmentation', withoutIt: 'without augmentation' },
  synthetic: { label: 'Real + synthetic', subject: 'Synthetic data', withIt: 'with synthetic data', withoutIt: 'without synthetic data' },
  both: {
    label: 'Real + augmentation + synthetic',
    subject: 'Augmentation plus synthetic data',
    withIt: 'with augmentation and synthetic data',
    withoutIt: 'with neither',
  },
};

export type VerdictKind = 'raised' | 'lowered' | 'no-difference' | 'too-few-seeds';

export interface Verdict {
  /** The arm compared with 'real'. */
  arm: ArmName;
  kind: VerdictKind;
  /** One or two sentences for the user. */
  text: string;
  /** Present with 2 seeds: the test has 1 degree of freedom. */
  caveat?: string;
  test: PairedTTest;
  baseline: MeanStd;
  treatment: MeanStd;
  alpha: number;
}

export interface VerdictOptions {
  /** Real training images per run (after any low-data limit). */
  trainingImages: number;
  /** Significance level (default 0.05). */
  alpha?: number;
}

/** 0.712 -> "71.2%". */
export function formatPercent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** "71.2% ± 0.8" (the std in percentage points), or "71.2%" without a std. */
export function formatMeanStd(s: MeanStd): string {
  return s.std === null ? formatPercent(s.mean) : `${formatPercent(s.mean)} ± ${(100 * s.std).toFixed(1)}`;
}

/** p to two significant digits ("0.01", "0.4", "0.0032"); "< 0.001" below that. */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${Number(p.toPrecision(2))}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The verdict for one arm against the 'real' arm, from per-seed accuracies (0–1) in seed order.
 * "raised"/"lowered" need p < alpha; k < 2 seeds cannot be tested; k = 2 gets a caveat.
 */
export function verdict(arm: ArmName, baseline: readonly number[], treatment: readonly number[], options: VerdictOptions): Verdict {
  const alpha = options.alpha ?? 0.05;
  const test = pairedTTest(baseline, treatment);
  const b = meanStd(baseline);
  const t = meanStd(treatment);
  const words = ARM_WORDS[arm];
  const images = `${options.trainingImages} ${arm === 'synthetic' || arm === 'both' ? 'real ' : ''}training image${options.trainingImages === 1 ? '' : 's'}`;
  const base = { arm, test, baseline: b, treatment: t, alpha };

  if (test.k < 2 || test.p === null) {
    const text =
      test.k === 0
        ? 'No seeds have finished: nothing to compare yet.'
        : `k = 1 seed is too few to tell: ${formatPercent(b.mean)} ${words.withoutIt}, ${formatPercent(t.mean)} ${words.withIt} ` +
          `(${images}). Run at least 2 seeds per arm, better 3 or more.`;
    return { ...base, kind: 'too-few-seeds', text };
  }
  const stats = `${plural(test.k, 'seed')}, ${images}; paired t-test p ${formatP(test.p)}`;
  let kind: VerdictKind;
  let text: string;
  if (test.p < alpha && test.meanDifference !== 0) {
    kind = test.meanDifference > 0 ? 'raised' : 'lowered';
    text = `${words.subject} ${kind} accuracy from ${formatMeanStd(b)} to ${formatMeanStd(t)} (${stats}).`;
  } else {
    kind = 'no-difference';
    text =
      `No significant difference (p ${formatP(test.p)}): ${formatMeanStd(b)} ${words.withoutIt}, ` +
      `${formatMeanStd(t)} ${words.withIt} (${plural(test.k, 'seed')}, ${images}).`;
  }
  const caveat =
    test.k === 2 ? 'Only 2 seeds: the test has 1 degree of freedom and little power, so read this as a hint; 3 or more seeds are better.' : undefined;
  return { ...base, kind, text: caveat ? `${text} ${caveat}` : text, ...(caveat ? { caveat } : {}) };
}
