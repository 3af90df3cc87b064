/**
 * Strided copies between flat row-major arrays, in plain JS loops.
 *
 * The WASM backend's own data-movement kernels (Transpose, Reverse, StridedSlice, Slice,
 * DepthToSpace) compute every element's index in general N-D form and measured 5-20 ns per
 * element here; these loops copy contiguous runs with `set()` and are 5-20x faster, which
 * matters because the conv-gradient kernels move as much memory as they multiply.
 */

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/**
 * Copies the box `size` at `begin` of `src` into `dst`, where destination axis j holds source
 * axis perm[j] (as in a transpose) and the box starts at `dstBegin` (destination coordinates).
 */
export function copyBox(
  src: Float32Array,
  srcShape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: Float32Array,
  dstShape: readonly number[],
  perm: readonly number[],
  dstBegin: readonly number[],
): void {
  const rank = srcShape.length;
  if (size.some((d) => d <= 0)) return;
  const sStr = stridesOf(srcShape);
  const dStrAll = stridesOf(dstShape);
  const dStr = new Array<number>(rank); // destination stride per source axis
  for (let j = 0; j < rank; j++) dStr[perm[j]] = dStrAll[j];
  let s0 = 0;
  let d0 = 0;
  for (let k = 0; k < rank; k++) {
    s0 += begin[k] * sStr[k];
    d0 += dstBegin[k] * dStrAll[k];
  }
  const last = rank - 1;
  const run = size[last];
  const contiguous = sStr[last] === 1 && dStr[last] === 1;
  const sl = sStr[last];
  const dl = dStr[last];
  const walk = (axis: number, s: number, d: number): void => {
    if (axis === last) {
      if (contiguous) {
        dst.set(src.subarray(s, s + run), d);
      } else {
        for (let i = 0; i < run; i++) dst[d + i * dl] = src[s + i * sl];
      }
      return;
    }
    const n = size[axis];
    const ss = sStr[axis];
    const ds = dStr[axis];
    for (let i = 0; i < n; i++) walk(axis + 1, s + i * ss, d + i * ds);
  };
  walk(0, s0, d0);
}

/** The overlap of [offset, offset+len) (destination rows) with a source of `srcLen` rows. */
export function overlap(offset: number, len: number, srcLen: number): { src: number; dst: number; count: number } {
  // Destination row t holds source row t + offset.
  const src = Math.max(0, offset);
  const end = Math.min(srcLen, offset + len);
  return { src, dst: src - offset, count: Math.max(0, end - src) };
}
