import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classificationMetrics,
  confusionMatrix,
  macroF1,
  metricsFromConfusion,
  sumConfusions,
} from './metrics';

// Hand-worked example (4 classes; class 3 never occurs in truth or predictions):
//   truth      0 0 0 1 1 2 2 2 2 0
//   predicted  0 1 0 1 2 2 2 0 1 0
// rows = truth, columns = prediction:
//   0: [3 1 0 0]   1: [0 1 1 0]   2: [1 1 2 0]   3: [0 0 0 0]
const truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
const predicted = [0, 1, 0, 1, 2, 2, 2, 0, 1, 0];

describe('classification metrics', () => {
  it('builds the confusion matrix with rows = truth and columns = prediction', () => {
    expect(confusionMatrix(truth, predicted, 4)).toEqual([
      [3, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 1, 2, 0],
      [0, 0, 0, 0],
    ]);
    // Asymmetric case pins the orientation: one sample of class 0 predicted as 1.
    expect(confusionMatrix([0], [1], 2)).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('accuracy, per-class recall, per-class F1 and macro-F1 match hand-computed values', () => {
    const m = classificationMetrics(truth, predicted, 4);
    expect(m.accuracy).toBeCloseTo(6 / 10, 12);
    expect(m.perClassAccuracy).toEqual([3 / 4, 1 / 2, 2 / 4, null]);
    // F1 = 2TP / (2TP + FP + FN):
    //   class 0: TP 3, FP 1, FN 1 -> 6/8;  class 1: TP 1, FP 2, FN 1 -> 2/5;  class 2: TP 2, FP 1, FN 2 -> 4/7
    const f1 = m.perClassF1;
    expect(f1[0]).toBeCloseTo(0.75, 12);
    expect(f1[1]).toBeCloseTo(0.4, 12);
    expect(f1[2]).toBeCloseTo(4 / 7, 12);
    expect(f1[3]).toBeNull();
    // Class 1 as the harmonic mean of precision 1/3 and recall 1/2:
    expect(f1[1]).toBeCloseTo((2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2), 12);
    // Macro-F1 over the 3 classes present (class 3 is excluded, not counted as 0 or 1).
    expect(m.macroF1).toBeCloseTo((0.75 + 0.4 + 4 / 7) / 3, 12);
    expect(macroF1(truth, predicted, 4)).toBeCloseTo(0.5738095238095238, 12);
    expect(accuracy(truth, predicted, 4)).toBeCloseTo(0.6, 12);
    expect(m.support).toEqual([4, 2, 4, 0]);
    expect(m.count).toBe(10);
  });

  it('a class only predicted, or only true, counts with F1 = 0', () => {
    // class 0: TP 1, FN 1 -> 2/3; class 1: TP 1 -> 1; class 2: predicted once, never true -> 0.
    expect(macroF1([0, 0, 1], [0, 2, 1], 3)).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
    // class 2 true once, never predicted: F1 0, recall 0.
    const m = classificationMetrics([0, 1, 2], [0, 1, 1], 3);
    expect(m.perClassF1[2]).toBe(0);
    expect(m.perClassAccuracy[2]).toBe(0);
    expect(m.macroF1).toBeCloseTo((1 + 2 / 3 + 0) / 3, 12);
  });

  it('perfect predictions give 1 everywhere; the absent class stays excluded', () => {
    const m = classificationMetrics([1, 0, 1, 0], [1, 0, 1, 0], 3);
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    expect(m.perClassAccuracy).toEqual([1, 1, null]);
  });

  it('sums confusion matrices and recomputes metrics from the sum', () => {
    const a = confusionMatrix([0, 1], [0, 0], 2);
    const b = confusionMatrix([0, 1], [1, 1], 2);
    const s = sumConfusions([a, b]);
    expect(s).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(metricsFromConfusion(s).accuracy).toBe(0.5);
  });

  it('rejects labels outside the classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/truth\[1\] = 3/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/predicted\[1\] = -1/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/2 true labels but 1 predictions/);
  });

  it('an empty set has NaN accuracy and macro-F1, not a crash', () => {
    const m = classificationMetrics([], [], 2);
    expect(m.accuracy).toBeNaN();
    expect(m.macroF1).toBeNaN();
    expect(m.perClassAccuracy).toEqual([null, null]);
  });
});
