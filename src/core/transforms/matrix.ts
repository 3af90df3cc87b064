/**
 * 3x3 projective matrices (row-major) for composing geometric transforms on the CPU before one
 * batched warp. Coordinates are pixel-edge coordinates (see MatrixTransform.matrix); angles are
 * in degrees and positive angles turn the picture counter-clockwise, as OpenCV and
 * Albumentations do.
 */

export type Mat3 = [number, number, number, number, number, number, number, number, number];

export function identity(): Mat3 {
  return [1, 0, 0, 0, 1, 0, 0, 0, 1];
}

/** a · b: apply b first, then a. */
export function multiply(a: Mat3, b: Mat3): Mat3 {
  return [
    a[0] * b[0] + a[1] * b[3] + a[2] * b[6],
    a[0] * b[1] + a[1] * b[4] + a[2] * b[7],
    a[0] * b[2] + a[1] * b[5] + a[2] * b[8],
    a[3] * b[0] + a[4] * b[3] + a[5] * b[6],
    a[3] * b[1] + a[4] * b[4] + a[5] * b[7],
    a[3] * b[2] + a[4] * b[5] + a[5] * b[8],
    a[6] * b[0] + a[7] * b[3] + a[8] * b[6],
    a[6] * b[1] + a[7] * b[4] + a[8] * b[7],
    a[6] * b[2] + a[7] * b[5] + a[8] * b[8],
  ];
}

/** Composes matrices given in the order they are applied. */
export function chain(...ms: Mat3[]): Mat3 {
  let acc = ms.length ? ms[0] : identity();
  for (let i = 1; i < ms.length; i++) acc = multiply(ms[i], acc);
  return acc;
}

export function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new Error('Geometric transform is singular (it collapses the image).');
  const s = 1 / det;
  return [
    A * s, -(b * i - c * h) * s, (b * f - c * e) * s,
    B * s, (a * i - c * g) * s, -(a * f - c * d) * s,
    C * s, -(a * h - b * g) * s, (a * e - b * d) * s,
  ];
}

export function translate(tx: number, ty: number): Mat3 {
  return [1, 0, tx, 0, 1, ty, 0, 0, 1];
}

export function scale(sx: number, sy = sx): Mat3 {
  return [sx, 0, 0, 0, sy, 0, 0, 0, 1];
}

/** Rotation about the origin; positive degrees turn counter-clockwise on screen (y down). */
export function rotate(deg: number): Mat3 {
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [c, s, 0, -s, c, 0, 0, 0, 1];
}

/** Shear as Albumentations defines it: x += tan(sx)·y, y += tan(sy)·x. */
export function shear(sxDeg: number, syDeg: number): Mat3 {
  const tx = Math.tan((sxDeg * Math.PI) / 180);
  const ty = Math.tan((syDeg * Math.PI) / 180);
  return [1, tx, 0, ty, 1, 0, 0, 0, 1];
}

/** Applies `m` about the point (cx, cy) instead of the origin. */
export function about(cx: number, cy: number, m: Mat3): Mat3 {
  return chain(translate(-cx, -cy), m, translate(cx, cy));
}

export function applyToPoint(m: Mat3, x: number, y: number): [number, number] {
  const w = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

export function isIdentity(m: Mat3, eps = 1e-9): boolean {
  const id = identity();
  return m.every((v, i) => Math.abs(v / m[8] - id[i]) < eps);
}

/**
 * The homography that maps four source points onto four destination points (solves the 8x8
 * linear system of the direct linear transform with h33 = 1).
 */
export function homography(src: Array<[number, number]>, dst: Array<[number, number]>): Mat3 {
  const A: number[][] = [];
  const b: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [x, y] = src[k];
    const [u, v] = dst[k];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(A, b);
  return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
}

/** Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
    if (Math.abs(M[pivot][col]) < 1e-12) throw new Error('Perspective corners are degenerate.');
    [M[col], M[pivot]] = [M[pivot], M[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = M[r][col] / M[col][col];
      for (let c = col; c <= n; c++) M[r][c] -= f * M[col][c];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * Converts a forward pixel-edge matrix into the 8 numbers tf.image.transform expects: the map
 * from output pixel indices to input pixel indices (index = edge coordinate - 0.5), normalised so
 * the last entry is 1. Values within 1e-9 of an integer are snapped, so flips, quarter turns and
 * whole-pixel shifts sample exactly on pixel centres.
 */
export function toSamplingTransform(forward: Mat3): number[] {
  const half = translate(0.5, 0.5);
  const back = translate(-0.5, -0.5);
  const m = chain(half, invert(forward), back);
  const out = m.slice(0, 8).map((v) => v / m[8]);
  return out.map((v) => {
    const r = Math.round(v);
    return Math.abs(v - r) < 1e-9 ? r : v;
  });
}
