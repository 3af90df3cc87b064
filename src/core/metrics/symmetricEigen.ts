/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method (Rutishauser's
 * rotation formulas, as in Numerical Recipes' `jacobi`): slow (O(n^3) per sweep, ~6-10 sweeps)
 * but unconditionally stable and accurate to working precision, which is what a matrix square
 * root inside a distance needs. 128x128 (the FCD feature size) takes well under a second.
 */

export interface Eigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major n x n; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** `a` is row-major n x n and must be symmetric (only its upper triangle is read). */
export function symmetricEigen(a: ArrayLike<number>, n: number, maxSweeps = 100): Eigen {
  if (a.length !== n * n) throw new Error(`Expected ${n * n} entries for a ${n}x${n} matrix, got ${a.length}.`);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = a[i * n + j];
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  const d = new Float64Array(n);
  const b = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = b[i] = A[i * n + i];

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += Math.abs(A[p * n + q]);
    if (off === 0) break;
    const threshold = sweep < 3 ? (0.2 * off) / (n * n) : 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        const g = 100 * Math.abs(apq);
        // After a few sweeps, drop elements too small to change the diagonal.
        if (sweep > 3 && Math.abs(d[p]) + g === Math.abs(d[p]) && Math.abs(d[q]) + g === Math.abs(d[q])) {
          A[p * n + q] = 0;
          continue;
        }
        if (Math.abs(apq) <= threshold) continue;
        const h = d[q] - d[p];
        let t: number;
        if (Math.abs(h) + g === Math.abs(h)) {
          t = apq / h;
        } else {
          const theta = (0.5 * h) / apq;
          t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
          if (theta < 0) t = -t;
        }
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const tau = s / (1 + c);
        const hh = t * apq;
        z[p] -= hh;
        z[q] += hh;
        d[p] -= hh;
        d[q] += hh;
        A[p * n + q] = 0;
        // Rotate rows/columns p and q of the upper triangle (A[min][max] holds each pair).
        for (let j = 0; j < p; j++) {
          const gg = A[j * n + p];
          const hv = A[j * n + q];
          A[j * n + p] = gg - s * (hv + gg * tau);
          A[j * n + q] = hv + s * (gg - hv * tau);
        }
        for (let j = p + 1; j < q; j++) {
          const gg = A[p * n + j];
          const hv = A[j * n + q];
          A[p * n + j] = gg - s * (hv + gg * tau);
          A[j * n + q] = hv + s * (gg - hv * tau);
        }
        for (let j = q + 1; j < n; j++) {
          const gg = A[p * n + j];
          const hv = A[q * n + j];
          A[p * n + j] = gg - s * (hv + gg * tau);
          A[q * n + j] = hv + s * (gg - hv * tau);
        }
        for (let j = 0; j < n; j++) {
          const gg = V[j * n + p];
          const hv = V[j * n + q];
          V[j * n + p] = gg - s * (hv + gg * tau);
          V[j * n + q] = hv + s * (gg - hv * tau);
        }
      }
    }
    for (let p = 0; p < n; p++) {
      b[p] += z[p];
      d[p] = b[p];
      z[p] = 0;
    }
  }
  // Sort ascending, permuting eigenvector columns alike.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i] - d[j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let r = 0; r < n; r++) vectors[r * n + dst] = V[r * n + src];
  });
  return { values, vectors };
}

/** f(S) = V f(L) V^T for symmetric S, e.g. the PSD square root with f = sqrt(max(x, 0)). */
export function symmetricMatrixFunction(eig: Eigen, f: (x: number) => number): Float64Array {
  const { values, vectors } = eig;
  const n = values.length;
  const fv = values.map(f);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i * n + k] * fv[k] * vectors[j * n + k];
      out[i * n + j] = out[j * n + i] = sum;
    }
  }
  return out;
}
