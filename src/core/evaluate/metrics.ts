/**
 * Classification metrics from true and predicted class ids: plain JavaScript over integer arrays,
 * so they run anywhere and are checked against hand-computed values.
 *
 * Conventions (the report states them too):
 * - Confusion matrix: rows = true class, columns = predicted class.
 * - Per-class accuracy is the recall TP / (TP + FN); null for a class with no true samples.
 * - Per-class F1 = 2TP / (2TP + FP + FN) (equal to the harmonic mean of precision and recall,
 *   and 0 when TP = 0). Macro-F1 is the mean of per-class F1 over the classes that occur in the
 *   truth or in the predictions; a class absent from both (TP + FP + FN = 0) has no F1 and is
 *   excluded, as scikit-learn does with labels = the union of y_true and y_pred.
 */

export interface ClassificationMetrics {
  /** Share of samples predicted correctly, 0–1. */
  accuracy: number;
  /** Mean per-class F1 over the classes present in truth or predictions, 0–1. */
  macroF1: number;
  /** Recall per class; null where the class has no true samples. */
  perClassAccuracy: Array<number | null>;
  /** F1 per class; null where the class is absent from both truth and predictions. */
  perClassF1: Array<number | null>;
  /** Number of true samples per class (the confusion matrix's row sums). */
  support: number[];
  /** confusion[truth][prediction] = count. */
  confusion: number[][];
  count: number;
}

function checkLabels(name: string, values: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new RangeError(`${name}[${i}] = ${v} is not a class id in 0..${numClasses - 1}.`);
    }
  }
}

/** confusion[t][p]: how many samples of true class t were predicted as p. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[][] {
  if (truth.length !== predicted.length) {
    throw new RangeError(`Got ${truth.length} true labels but ${predicted.length} predictions.`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}.`);
  checkLabels('truth', truth, numClasses);
  checkLabels('predicted', predicted, numClasses);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

export function accuracyFromConfusion(confusion: number[][]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, t) => row.forEach((n, p) => ((total += n), t === p && (correct += n))));
  return total === 0 ? NaN : correct / total;
}

/** Recall per class: the diagonal over the row sum; null for an empty row. */
export function perClassAccuracyFromConfusion(confusion: number[][]): Array<number | null> {
  return confusion.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    return support === 0 ? null : row[c] / support;
  });
}

export function perClassF1FromConfusion(confusion: number[][]): Array<number | null> {
  return confusion.map((row, c) => {
    const tp = row[c];
    const fn = row.reduce((a, b) => a + b, 0) - tp;
    const fp = confusion.reduce((a, r) => a + r[c], 0) - tp;
    const denominator = 2 * tp + fp + fn;
    return denominator === 0 ? null : (2 * tp) / denominator;
  });
}

/** Mean of the defined per-class F1 values (see the file comment for the convention). */
export function macroF1FromConfusion(confusion: number[][]): number {
  const defined = perClassF1FromConfusion(confusion).filter((f): f is number => f !== null);
  return defined.length === 0 ? NaN : defined.reduce((a, b) => a + b, 0) / defined.length;
}

export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number {
  return accuracyFromConfusion(confusionMatrix(truth, predicted, numClasses));
}

export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number {
  return macroF1FromConfusion(confusionMatrix(truth, predicted, numClasses));
}

/** Every metric above from one pass. */
export function classificationMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  const confusion = confusionMatrix(truth, predicted, numClasses);
  return metricsFromConfusion(confusion);
}

export function metricsFromConfusion(confusion: number[][]): ClassificationMetrics {
  return {
    accuracy: accuracyFromConfusion(confusion),
    macroF1: macroF1FromConfusion(confusion),
    perClassAccuracy: perClassAccuracyFromConfusion(confusion),
    perClassF1: perClassF1FromConfusion(confusion),
    support: confusion.map((row) => row.reduce((a, b) => a + b, 0)),
    confusion,
    count: confusion.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0),
  };
}

/** Element-wise sum of confusion matrices (e.g. over seeds). */
export function sumConfusions(matrices: readonly number[][][]): number[][] {
  if (matrices.length === 0) return [];
  const k = matrices[0].length;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const m of matrices) {
    if (m.length !== k) throw new RangeError('Confusion matrices differ in size.');
    m.forEach((row, t) => row.forEach((n, p) => (out[t][p] += n)));
  }
  return out;
}
