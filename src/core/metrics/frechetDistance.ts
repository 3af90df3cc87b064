/**
 * Fréchet distance between two sets of feature vectors, each summarised by a Gaussian:
 *   d^2 = |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2)
 * (Dowson & Landau 1982). Computed in float64 with symmetric eigendecompositions: S1^1/2 is a
 * PSD square root, and S1^1/2 S2 S1^1/2 is symmetric PSD, so the trace of its square root is the
 * sum of the square roots of its eigenvalues; no complex parts, no sqrtm iteration.
 *
 * On the features of our fixed feature CNN this is FCD ("Fréchet classifier distance"), not FID:
 * the features come from a small CNN trained on the user's data, not from Inception.
 */
import { symmetricEigen, symmetricMatrixFunction } from './symmetricEigen';

export interface GaussianStats {
  dim: number;
  count: number;
  mean: Float64Array;
  /** Row-major dim x dim, unbiased (divides by count - 1). */
  covariance: Float64Array;
}

/** Mean and covariance of `count` row vectors of length `dim` (row-major). */
export function gaussianStats(features: ArrayLike<number>, count: number, dim: number): GaussianStats {
  if (features.length !== count * dim) throw new Error(`Expected ${count}x${dim} features, got ${features.length} values.`);
  if (count < 2) throw new Error('A covariance needs at least 2 feature vectors.');
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j] += features[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= count;
  const covariance = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) row[j] = features[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b] += ra * row[b];
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b] / (count - 1);
      covariance[a * dim + b] = covariance[b * dim + a] = v;
    }
  }
  return { dim, count, mean, covariance };
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += aik * b[k * n + j];
    }
  }
  return out;
}

export function frechetDistance(s1: GaussianStats, s2: GaussianStats): number {
  const n = s1.dim;
  if (s2.dim !== n) throw new Error(`Feature sizes differ: ${s1.dim} vs ${s2.dim}.`);
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (s1.mean[i] - s2.mean[i]) ** 2;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += s1.covariance[i * n + i] + s2.covariance[i * n + i];
  const root1 = symmetricMatrixFunction(symmetricEigen(s1.covariance, n), (x) => Math.sqrt(Math.max(x, 0)));
  const inner = multiply(multiply(root1, s2.covariance, n), root1, n);
  // Symmetrise away rounding before the eigendecomposition.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) inner[i * n + j] = inner[j * n + i] = 0.5 * (inner[i * n + j] + inner[j * n + i]);
  }
  const { values } = symmetricEigen(inner, n);
  let traceRoot = 0;
  for (const v of values) traceRoot += Math.sqrt(Math.max(v, 0));
  // Tiny negative results are rounding; the distance is non-negative.
  return Math.max(0, meanTerm + trace - 2 * traceRoot);
}
