/**
 * The 8-bit warp: resamples one 8-bit image [h, w, c] through a projective map in fixed point and
 * writes each value through a per-channel lookup table, in one pass. This is how OpenCV's
 * warpAffine works on 8-bit images (integer source positions with a few fraction bits, integer
 * bilinear weights); here the position has 10 fraction bits (OpenCV: 5), so an output value is
 * within one 8-bit step of the float warp (warp-kernel.ts) — a unit test checks that.
 *
 * The common case (affine, bilinear, one or three channels) runs in WebAssembly SIMD
 * (warp-bytes-simd.ts), with the same integer arithmetic as the JavaScript loops here.
 *
 * Why: the float engine spends a pass converting bytes to floats, a pass warping, a pass per
 * photometric step and a pass quantising. Reading and writing bytes directly, with the photometric
 * steps folded into the table, does the whole sample in one pass over 4× less memory.
 */
import { BORDER_CODE, mapIndex } from './border-index';
import type { BorderMode } from './types';
import { affineWarp } from './warp-bytes-simd';

/** Fraction bits of a fixed-point source position: 1/1024 pixel. */
const FRAC_BITS = 10;
const ONE = 1 << FRAC_BITS;
const FRAC_MASK = ONE - 1;
/** Bilinear weights are products of two fractions: they sum to 2^(2·FRAC_BITS). */
const WEIGHT_SHIFT = 2 * FRAC_BITS;
const WEIGHT_HALF = 1 << (WEIGHT_SHIFT - 1);

export interface ByteWarp {
  /** tf.image.transform's 8 numbers: output (x, y) → input ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k). */
  map: ArrayLike<number>;
  nearest: boolean;
  border: BorderMode;
  /** Fill value for 'constant', as an 8-bit value (before the table). */
  fill: number;
}

/** A source position in fixed point, rounded to the nearest 1/1024 pixel. */
function fixed(s: number): number {
  return Math.floor(s * ONE + 0.5);
}

/** Beyond this many pixels outside the image a position reads the fill (a perspective horizon). */
const FAR = 1 << 20;

/**
 * dst[dstAt …] = table[src[srcAt …] warped]: one image [h, w, c]. `table` holds 256 entries per
 * channel (channel k at k·256). Positions that are not finite, or further than 2^20 pixels out
 * (a perspective map near its horizon), read the fill value in every border mode.
 */
export function warpBytes(
  src: Uint8Array,
  srcAt: number,
  dst: Uint8Array,
  dstAt: number,
  h: number,
  w: number,
  c: number,
  warp: ByteWarp,
  table: Uint8Array,
): void {
  const m = warp.map;
  const affine = m[6] === 0 && m[7] === 0;
  const reach = Math.abs(m[0]) * w + Math.abs(m[1]) * h + Math.abs(m[2]) + Math.abs(m[3]) * w + Math.abs(m[4]) * h + Math.abs(m[5]);
  if (affine && !warp.nearest && reach < FAR) affineBilinear(src, srcAt, dst, dstAt, h, w, c, warp, table);
  else general(src, srcAt, dst, dstAt, h, w, c, warp, table);
}

/** x's share of each column's fixed-point source position, per column (OpenCV's adelta). */
function columnShares(a: number, w: number): Int32Array {
  const out = new Int32Array(w);
  for (let x = 0; x < w; x++) out[x] = Math.round(a * x * ONE);
  return out;
}

/**
 * The common case, fast: an affine map with bilinear sampling. As OpenCV does, x's share of the
 * fixed-point position comes from a per-column table and y's from the row, so a pixel costs two
 * integer additions; each position is rounded at most twice (within 1/1024 pixel). The interior
 * runs in WebAssembly where it can; otherwise one and three channels have JavaScript loops of their
 * own (with the channel count a constant, V8's code is 1.4x faster).
 */
function affineBilinear(src: Uint8Array, srcAt: number, dst: Uint8Array, dstAt: number, h: number, w: number, c: number, warp: ByteWarp, table: Uint8Array): void {
  const m = warp.map;
  const ax = columnShares(m[0], w);
  const bx = columnShares(m[3], w);
  if (c === 1 || c === 3) {
    const code = BORDER_CODE[warp.border];
    const border = { constant: code === 0, fill: warp.fill, outside: (i: number, len: number) => mapIndex(i, len, code) };
    const rest = affineWarp(src, srcAt, dst, dstAt, h, w, c, table, ax, bx, [m[1], m[2], m[4], m[5]], border);
    if (rest) {
      for (let k = 0; k < rest.length; k += 3) {
        const X = rest[k + 1];
        const Y = rest[k + 2];
        atBorder(src, srcAt, dst, dstAt + rest[k] * c, h, w, c, warp, table, X >> FRAC_BITS, Y >> FRAC_BITS, X & FRAC_MASK, Y & FRAC_MASK);
      }
      return;
    }
  }
  const row = c === 3 ? affineRow3 : c === 1 ? affineRow1 : affineRowN;
  for (let y = 0; y < h; y++) {
    row(src, srcAt, dst, dstAt + y * w * c, h, w, c, warp, table, ax, bx, fixed(m[1] * y + m[2]), fixed(m[4] * y + m[5]));
  }
}

type AffineRow = (
  src: Uint8Array,
  srcAt: number,
  dst: Uint8Array,
  o: number,
  h: number,
  w: number,
  c: number,
  warp: ByteWarp,
  table: Uint8Array,
  ax: Int32Array,
  bx: Int32Array,
  X0: number,
  Y0: number,
) => void;

const affineRow3: AffineRow = (src, srcAt, dst, o, h, w, c, warp, table, ax, bx, X0, Y0) => {
  const stride = w * 3;
  for (let x = 0; x < w; x++, o += 3) {
    const X = X0 + ax[x];
    const Y = Y0 + bx[x];
    const x0 = X >> FRAC_BITS;
    const y0 = Y >> FRAC_BITS;
    const fx = X & FRAC_MASK;
    const fy = Y & FRAC_MASK;
    if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
      atBorder(src, srcAt, dst, o, h, w, c, warp, table, x0, y0, fx, fy);
      continue;
    }
    const w11 = fx * fy;
    const w01 = (fx << FRAC_BITS) - w11;
    const w10 = (fy << FRAC_BITS) - w11;
    const w00 = (ONE << FRAC_BITS) - (fx << FRAC_BITS) - (fy << FRAC_BITS) + w11;
    const p = srcAt + y0 * stride + x0 * 3;
    const q = p + stride;
    dst[o] = table[(src[p] * w00 + src[p + 3] * w01 + src[q] * w10 + src[q + 3] * w11 + WEIGHT_HALF) >> WEIGHT_SHIFT];
    dst[o + 1] = table[256 | ((src[p + 1] * w00 + src[p + 4] * w01 + src[q + 1] * w10 + src[q + 4] * w11 + WEIGHT_HALF) >> WEIGHT_SHIFT)];
    dst[o + 2] = table[512 | ((src[p + 2] * w00 + src[p + 5] * w01 + src[q + 2] * w10 + src[q + 5] * w11 + WEIGHT_HALF) >> WEIGHT_SHIFT)];
  }
};

const affineRow1: AffineRow = (src, srcAt, dst, o, h, w, c, warp, table, ax, bx, X0, Y0) => {
  for (let x = 0; x < w; x++, o++) {
    const X = X0 + ax[x];
    const Y = Y0 + bx[x];
    const x0 = X >> FRAC_BITS;
    const y0 = Y >> FRAC_BITS;
    const fx = X & FRAC_MASK;
    const fy = Y & FRAC_MASK;
    if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
      atBorder(src, srcAt, dst, o, h, w, c, warp, table, x0, y0, fx, fy);
      continue;
    }
    const w11 = fx * fy;
    const p = srcAt + y0 * w + x0;
    const q = p + w;
    const v = src[p] * ((ONE << FRAC_BITS) - (fx << FRAC_BITS) - (fy << FRAC_BITS) + w11) + src[p + 1] * ((fx << FRAC_BITS) - w11) + src[q] * ((fy << FRAC_BITS) - w11) + src[q + 1] * w11;
    dst[o] = table[(v + WEIGHT_HALF) >> WEIGHT_SHIFT];
  }
};

/** Any channel count: each pixel through the border-aware sampler. */
const affineRowN: AffineRow = (src, srcAt, dst, o, h, w, c, warp, table, ax, bx, X0, Y0) => {
  for (let x = 0; x < w; x++, o += c) {
    const X = X0 + ax[x];
    const Y = Y0 + bx[x];
    atBorder(src, srcAt, dst, o, h, w, c, warp, table, X >> FRAC_BITS, Y >> FRAC_BITS, X & FRAC_MASK, Y & FRAC_MASK);
  }
};

/** One bilinear output pixel whose neighbours are not all inside: each mapped by the border mode. */
function atBorder(
  src: Uint8Array,
  srcAt: number,
  dst: Uint8Array,
  o: number,
  h: number,
  w: number,
  c: number,
  warp: ByteWarp,
  table: Uint8Array,
  x0: number,
  y0: number,
  fx: number,
  fy: number,
): void {
  const border = BORDER_CODE[warp.border];
  const fill = warp.fill;
  if (border === 0 && (x0 < -1 || y0 < -1 || x0 > w - 1 || y0 > h - 1)) {
    // Every neighbour outside a constant border: the fill, through the table.
    for (let ch = 0; ch < c; ch++) dst[o + ch] = table[(ch << 8) | fill];
    return;
  }
  const stride = w * c;
  const w11 = fx * fy;
  const w01 = (fx << FRAC_BITS) - w11;
  const w10 = (fy << FRAC_BITS) - w11;
  const w00 = (ONE << FRAC_BITS) - (fx << FRAC_BITS) - (fy << FRAC_BITS) + w11;
  const xa = mapIndex(x0, w, border);
  const xb = mapIndex(x0 + 1, w, border);
  const ya = mapIndex(y0, h, border);
  const yb = mapIndex(y0 + 1, h, border);
  const ra = srcAt + ya * stride;
  const rb = srcAt + yb * stride;
  for (let ch = 0; ch < c; ch++) {
    const v00 = ya < 0 || xa < 0 ? fill : src[ra + xa * c + ch];
    const v01 = ya < 0 || xb < 0 ? fill : src[ra + xb * c + ch];
    const v10 = yb < 0 || xa < 0 ? fill : src[rb + xa * c + ch];
    const v11 = yb < 0 || xb < 0 ? fill : src[rb + xb * c + ch];
    dst[o + ch] = table[(ch << 8) | ((v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11 + WEIGHT_HALF) >> WEIGHT_SHIFT)];
  }
}

/** Every other case: projective maps (a division per pixel) and nearest-neighbour sampling. */
function general(src: Uint8Array, srcAt: number, dst: Uint8Array, dstAt: number, h: number, w: number, c: number, warp: ByteWarp, table: Uint8Array): void {
  const m = warp.map;
  const a0 = m[0], a1 = m[1], a2 = m[2], b0 = m[3], b1 = m[4], b2 = m[5], c0 = m[6], c1 = m[7];
  const border = BORDER_CODE[warp.border];
  const fill = warp.fill;
  const nearest = warp.nearest;
  const stride = w * c;
  let o = dstAt;
  for (let y = 0; y < h; y++) {
    const rx = a1 * y + a2;
    const ry = b1 * y + b2;
    const rk = c1 * y + 1;
    for (let x = 0; x < w; x++, o += c) {
      const k = c0 * x + rk;
      const sx = (a0 * x + rx) / k;
      const sy = (b0 * x + ry) / k;
      if (!(sx > -FAR && sx < FAR && sy > -FAR && sy < FAR)) {
        for (let ch = 0; ch < c; ch++) dst[o + ch] = table[(ch << 8) | fill];
        continue;
      }
      if (nearest) {
        const xi = mapIndex(Math.floor(sx + 0.5), w, border);
        const yi = mapIndex(Math.floor(sy + 0.5), h, border);
        const p = srcAt + yi * stride + xi * c;
        for (let ch = 0; ch < c; ch++) dst[o + ch] = table[(ch << 8) | (xi < 0 || yi < 0 ? fill : src[p + ch])];
        continue;
      }
      const X = fixed(sx);
      const Y = fixed(sy);
      atBorder(src, srcAt, dst, o, h, w, c, warp, table, X >> FRAC_BITS, Y >> FRAC_BITS, X & FRAC_MASK, Y & FRAC_MASK);
    }
  }
}

/** dst[dstAt …] = table[src[srcAt …]] for `pixels` pixels of c channels. */
export function mapBytes(src: Uint8Array, srcAt: number, dst: Uint8Array, dstAt: number, pixels: number, c: number, table: Uint8Array): void {
  if (c === 1) {
    for (let i = 0; i < pixels; i++) dst[dstAt + i] = table[src[srcAt + i]];
    return;
  }
  const n = pixels * c;
  for (let i = 0, ch = 0; i < n; i++) {
    dst[dstAt + i] = table[(ch << 8) | src[srcAt + i]];
    if (++ch === c) ch = 0;
  }
}

/** The identity table for c channels. */
export function identityTable(c: number): Uint8Array {
  const t = new Uint8Array(256 * c);
  for (let i = 0; i < t.length; i++) t[i] = i & 255;
  return t;
}
