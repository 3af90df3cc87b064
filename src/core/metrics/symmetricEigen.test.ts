import { describe, expect, it } from 'vitest';
import { symmetricEigen, symmetricMatrixFunction } from './symmetricEigen';

/** A seeded orthogonal matrix from Gram-Schmidt on pseudo-random columns. */
function orthogonal(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const q = new Float64Array(n * n).map(rand);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + j] * q[i * n + k];
      for (let i = 0; i < n; i++) q[i * n + j] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j] ** 2;
    for (let i = 0; i < n; i++) q[i * n + j] /= Math.sqrt(norm);
  }
  return q;
}

/** Q diag(lambda) Q^T. */
function withEigenvalues(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const q = orthogonal(n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += q[i * n + k] * lambda[k] * q[j * n + k];
  return a;
}

describe('symmetricEigen', () => {
  it('recovers known eigenvalues of Q diag(l) Q^T, with orthonormal eigenvectors', () => {
    const lambda = [5, -2, 0.5, 3, 3, 1e-3, 10, 7];
    const n = lambda.length;
    const a = withEigenvalues(lambda, 42);
    const { values, vectors } = symmetricEigen(a, n);
    const sorted = [...lambda].sort((x, y) => x - y);
    values.forEach((v, i) => expect(v).toBeCloseTo(sorted[i], 10));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += vectors[r * n + i] * vectors[r * n + j];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    // A v = lambda v
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
        expect(av).toBeCloseTo(values[j] * vectors[i * n + j], 9);
      }
    }
  });

  it('the PSD square root squares back to the matrix (64x64)', () => {
    const n = 64;
    const lambda = Array.from({ length: n }, (_, i) => (i % 7) * 0.3 + 1e-4 * i);
    const a = withEigenvalues(lambda, 7);
    const root = symmetricMatrixFunction(symmetricEigen(a, n), (x) => Math.sqrt(Math.max(x, 0)));
    let err = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sq = 0;
        for (let k = 0; k < n; k++) sq += root[i * n + k] * root[k * n + j];
        err = Math.max(err, Math.abs(sq - a[i * n + j]));
      }
    }
    expect(err).toBeLessThan(1e-9);
  });
});
