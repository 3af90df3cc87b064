/**
 * JPEG degradation as batched tensor ops, without a codec: what a baseline JPEG encoder and
 * decoder do to the pixels, minus the lossless entropy coding. RGB → YCbCr (JFIF), optional
 * 4:2:0 chroma subsampling, 8x8 blocks (edges replicated), forward DCT as one matrix product with
 * the 64x64 Kronecker DCT basis, quantisation with the standard (ITU T.81 Annex K) luminance and
 * chrominance tables scaled by quality as libjpeg does, inverse DCT, triangle ("fancy")
 * chroma upsampling, back to RGB with 8-bit rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { bool, drawInt, range, times } from './params';
import type { PixelTransform } from './types';

export const LUMINANCE_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

export const CHROMINANCE_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array(32).fill(99),
];

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (baseline: entries within 1..255). */
export function scaledTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const s = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
  return base.map((b) => Math.min(255, Math.max(1, Math.floor((b * s + 50) / 100))));
}

/** 64x64 orthonormal 2-D DCT-II basis: coefficients (row-major u·8+v) = block (row-major y·8+x) · K. */
export function dctBasis(): Float32Array {
  const D = (u: number, x: number) => (u === 0 ? Math.sqrt(1 / 8) : 0.5) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  const K = new Float32Array(64 * 64);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++)
      for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) K[(y * 8 + x) * 64 + u * 8 + v] = D(u, y) * D(v, x);
  return K;
}

let basisCache: Float32Array | undefined;
function basis(): { K: tf.Tensor2D; Kt: tf.Tensor2D } {
  basisCache ??= dctBasis();
  const K = tf.tensor2d(basisCache, [64, 64]);
  return { K, Kt: K.transpose() };
}

/** Replicates the last row/column so the plane is a multiple of `m` in both directions. */
function padEdges(p: tf.Tensor3D, m: number): tf.Tensor3D {
  const [, h, w] = p.shape;
  const H = Math.ceil(h / m) * m;
  const W = Math.ceil(w / m) * m;
  let out = p;
  if (H > h) out = tf.gather(out, Int32Array.from({ length: H }, (_, i) => Math.min(i, h - 1)), 1);
  if (W > w) out = tf.gather(out, Int32Array.from({ length: W }, (_, i) => Math.min(i, w - 1)), 2);
  return out;
}

/**
 * Encodes and decodes planes [n, h, w] of levels 0–255 with one quantisation table per image
 * (tables [n, 64], natural order). Returns unrounded levels.
 */
export function codePlanes(planes: tf.Tensor3D, tables: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, h, w] = planes.shape;
    const p = padEdges(planes, 8);
    const [, H, W] = p.shape;
    const hb = H / 8;
    const wb = W / 8;
    const blocks = p.reshape([n, hb, 8, wb, 8]).transpose([0, 1, 3, 2, 4]).reshape([n * hb * wb, 64]).sub(128);
    const { K, Kt } = basis();
    const q = tables.reshape([n, 1, 64]);
    const coef = tf.matMul(blocks as tf.Tensor2D, K).reshape([n, hb * wb, 64]);
    const quantised = coef.div(q).round().mul(q).reshape([n * hb * wb, 64]) as tf.Tensor2D;
    const back = tf.matMul(quantised, Kt).add(128);
    const image = back.reshape([n, hb, wb, 8, 8]).transpose([0, 1, 3, 2, 4]).reshape([n, H, W]);
    return (H === h && W === w ? image : image.slice([0, 0, 0], [n, h, w])) as tf.Tensor3D;
  });
}

export interface JpegParams {
  quality: number;
  subsampling: boolean;
}

function jpegBatch(x: tf.Tensor4D, params: JpegParams[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const tables = (base: readonly number[]) => tf.tensor2d(params.map((p) => scaledTable(base, p.quality)), [n, 64]);
    const v = x.mul(255).round();
    if (c === 1) {
      const y = codePlanes(v.reshape([n, h, w]), tables(LUMINANCE_TABLE));
      return y.round().clipByValue(0, 255).div(255).reshape([n, h, w, 1]) as tf.Tensor4D;
    }
    const [r, g, b] = tf.split(v, 3, 3).map((t) => t.reshape([n, h, w]));
    const Y = r.mul(0.299).add(g.mul(0.587)).add(b.mul(0.114)).round();
    let cb = r.mul(-0.168736).add(g.mul(-0.331264)).add(b.mul(0.5)).add(128).round() as tf.Tensor3D;
    let cr = r.mul(0.5).add(g.mul(-0.418688)).add(b.mul(-0.081312)).add(128).round() as tf.Tensor3D;
    const sub = params[0].subsampling;
    if (sub) {
      const half = (t: tf.Tensor3D) => tf.avgPool(padEdges(t, 2).expandDims(3) as tf.Tensor4D, 2, 2, 'valid').round();
      cb = half(cb).squeeze([3]) as tf.Tensor3D;
      cr = half(cr).squeeze([3]) as tf.Tensor3D;
    }
    const chromaTables = tables(CHROMINANCE_TABLE);
    const Yd = codePlanes(Y as tf.Tensor3D, tables(LUMINANCE_TABLE));
    let cbd = codePlanes(cb, chromaTables);
    let crd = codePlanes(cr, chromaTables);
    if (sub) {
      // libjpeg's fancy upsampling is the 3/4–1/4 triangle filter: bilinear with half-pixel centres.
      const up = (t: tf.Tensor3D) => {
        const [, hh, ww] = t.shape;
        const big = tf.image.resizeBilinear(t.expandDims(3) as tf.Tensor4D, [hh * 2, ww * 2], false, true);
        return big.slice([0, 0, 0, 0], [n, h, w, 1]).reshape([n, h, w]) as tf.Tensor3D;
      };
      cbd = up(cbd);
      crd = up(crd);
    }
    const cbc = cbd.sub(128);
    const crc = crd.sub(128);
    const R = Yd.add(crc.mul(1.402));
    const G = Yd.sub(cbc.mul(0.344136)).sub(crc.mul(0.714136));
    const B = Yd.add(cbc.mul(1.772));
    return tf.stack([R, G, B], 3).round().clipByValue(0, 255).div(255) as tf.Tensor4D;
  });
}

export const JpegCompression: PixelTransform<JpegParams> = {
  name: 'JpegCompression',
  label: 'JPEG quality',
  description: 'A true JPEG round trip at a random quality (8x8 DCT, standard quantisation tables scaled by quality, optional 4:2:0 chroma subsampling): blocking and ringing as a real encoder makes them.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    quality: { kind: 'range', label: 'Quality', default: [50, 90], min: 1, max: 100, integer: true },
    subsampling: { kind: 'bool', label: '4:2:0 chroma subsampling', default: true },
  },
  sample: (rng, n, config) => times(n, () => ({ quality: drawInt(rng, range(config, 'quality')), subsampling: bool(config, 'subsampling') })),
  apply: (x, params) => jpegBatch(x, params),
};
