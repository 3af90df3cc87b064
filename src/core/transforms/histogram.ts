/**
 * Histogram equalisation, global (OpenCV equalizeHist) and adaptive (OpenCV CLAHE), batched:
 * one bincount gives every image's (or tile's) 256-bin histogram, cumulative sums turn them into
 * lookup tables, and one gather applies each image's own table.
 */
import * as tf from '@tensorflow/tfjs';
import { clip01 } from './batch';
import { labToRgb, luma, rgbToLab } from './colour-space';
import { bool, draw, num, range, times } from './params';
import type { PixelTransform } from './types';

/** 8-bit levels as int32. */
function levels(x: tf.Tensor): tf.Tensor {
  return x.mul(255).round().clipByValue(0, 255).cast('int32');
}

/** Rows of 8-bit levels [r, pixels] → histograms [r, 256] (float). */
function histograms(rows: tf.Tensor2D): tf.Tensor2D {
  return tf.denseBincount(rows, [] as number[], 256).cast('float32') as tf.Tensor2D;
}

/** OpenCV equalizeHist's table per row: the first used level maps to 0, the CDF is stretched to 255. */
export function equalizeLuts(hist: tf.Tensor2D, total: number): tf.Tensor2D {
  return tf.tidy(() => {
    const cdf = tf.cumsum(hist, 1);
    const first = tf.where(cdf.greater(0), cdf, tf.fill(cdf.shape, Infinity)).min(1, true);
    const scale = tf.scalar(255).div(tf.maximum(tf.scalar(total).sub(first), 1));
    const lut = cdf.sub(first).mul(scale).round().clipByValue(0, 255);
    // A single-level image keeps its level (OpenCV's special case).
    const iota = tf.range(0, 256, 1, 'float32').reshape([1, 256]);
    return tf.where(first.equal(total), iota.tile([hist.shape[0], 1]), lut) as tf.Tensor2D;
  });
}

/** Looks up level v of channel ch of image i in luts[i·c + ch] ([n·c, 256]). */
function applyLuts(v: tf.Tensor4D, luts: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = v.shape;
  const offset = tf.range(0, n * c, 1, 'int32').mul(tf.scalar(256, 'int32')).reshape([n, 1, 1, c]);
  return tf.gather(luts.reshape([-1]), v.add(offset).reshape([-1])).reshape([n, h, w, c]) as tf.Tensor4D;
}

export const Equalize: PixelTransform<{ byChannels: boolean }> = {
  name: 'Equalize',
  label: 'Equalize',
  description: 'Histogram equalisation (OpenCV equalizeHist) of each channel, or of the luma only (colours kept).',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: { byChannels: { kind: 'bool', label: 'Each channel separately', default: true } },
  sample: (_rng, n, config) => times(n, () => ({ byChannels: bool(config, 'byChannels') })),
  apply: (x, params) =>
    tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      if (params[0].byChannels || c === 1) {
        const v = levels(x) as tf.Tensor4D;
        const rows = v.transpose([0, 3, 1, 2]).reshape([n * c, h * w]) as tf.Tensor2D;
        return applyLuts(v, equalizeLuts(histograms(rows), h * w)).div(255) as tf.Tensor4D;
      }
      // Luma only: shift all channels by the change in luma (what equalising Y of YCrCb does).
      const y = luma(x);
      const v = levels(y) as tf.Tensor4D;
      const eq = applyLuts(v, equalizeLuts(histograms(v.reshape([n, h * w]) as tf.Tensor2D), h * w)).div(255);
      return clip01(x.add(eq.sub(y))) as tf.Tensor4D;
    }),
};

export interface ClaheParams {
  clipLimit: number;
  tiles: number;
}

/**
 * OpenCV CLAHE on 8-bit levels [n, h, w] (int32): per-tile clipped histograms, redistributed
 * excess, per-tile tables, bilinear blend of the four nearest tiles' tables. Returns float levels.
 */
export function clahe(v: tf.Tensor3D, clipLimits: readonly number[], tiles: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, h, w] = v.shape;
    const T = tiles;
    const th = Math.ceil(h / T);
    const tw = Math.ceil(w / T);
    // OpenCV pads the bottom and right to whole tiles by mirroring (BORDER_REFLECT_101).
    const padded =
      th * T > h || tw * T > w
        ? (tf.mirrorPad(v.expandDims(3).cast('float32'), [[0, 0], [0, th * T - h], [0, tw * T - w], [0, 0]], 'reflect').cast('int32') as tf.Tensor4D)
        : (v.expandDims(3) as tf.Tensor4D);
    const rows = padded.reshape([n, T, th, T, tw]).transpose([0, 1, 3, 2, 4]).reshape([n * T * T, th * tw]) as tf.Tensor2D;
    let hist = histograms(rows).reshape([n, T * T, 256]);
    const area = th * tw;
    const limit = tf.tensor3d(clipLimits.map((c) => Math.max(Math.floor((c * area) / 256), 1)), [n, 1, 1]);
    const excess = hist.sub(limit).relu().sum(2, true);
    hist = tf.minimum(hist, limit);
    const batch = excess.div(256).floor();
    const residual = excess.sub(batch.mul(256));
    hist = hist.add(batch);
    // The residual goes one count each to bins 0, step, 2·step, … (step = max(256 / residual, 1)).
    const iota = tf.range(0, 256, 1, 'float32').reshape([1, 1, 256]);
    const step = tf.maximum(tf.scalar(256).div(tf.maximum(residual, 1)).floor(), 1);
    const extra = tf.mod(iota, step).equal(0).logicalAnd(iota.div(step).floor().less(residual)).cast('float32');
    hist = hist.add(extra);
    const luts = tf.cumsum(hist, 2).mul(255 / area).round().clipByValue(0, 255).reshape([-1]);

    const axis = (len: number, size: number) => {
      const t1 = new Int32Array(len);
      const t2 = new Int32Array(len);
      const a = new Float32Array(len);
      for (let i = 0; i < len; i++) {
        const f = i / size - 0.5;
        const lo = Math.floor(f);
        a[i] = f - lo;
        t1[i] = Math.max(lo, 0);
        t2[i] = Math.min(lo + 1, T - 1);
      }
      return { t1, t2, a };
    };
    const ax = axis(w, tw);
    const ay = axis(h, th);
    const base = tf.range(0, n, 1, 'int32').mul(tf.scalar(T * T * 256, 'int32')).reshape([n, 1, 1]).add(v);
    const tileIdx = (ty: Int32Array, tx: Int32Array) =>
      tf.tensor3d(ty, [1, h, 1], 'int32').mul(tf.scalar(T * 256, 'int32')).add(tf.tensor3d(tx, [1, 1, w], 'int32').mul(tf.scalar(256, 'int32')));
    const look = (ty: Int32Array, tx: Int32Array) => tf.gather(luts, base.add(tileIdx(ty, tx)).reshape([-1])).reshape([n, h, w]);
    const xa = tf.tensor3d(ax.a, [1, 1, w]);
    const ya = tf.tensor3d(ay.a, [1, h, 1]);
    const top = look(ay.t1, ax.t1).mul(tf.scalar(1).sub(xa)).add(look(ay.t1, ax.t2).mul(xa));
    const bottom = look(ay.t2, ax.t1).mul(tf.scalar(1).sub(xa)).add(look(ay.t2, ax.t2).mul(xa));
    return top.mul(tf.scalar(1).sub(ya)).add(bottom.mul(ya)).round().clipByValue(0, 255) as tf.Tensor3D;
  });
}

export const CLAHE: PixelTransform<ClaheParams> = {
  name: 'CLAHE',
  label: 'CLAHE',
  description: 'Contrast-limited adaptive histogram equalisation (OpenCV’s algorithm) on the lightness L of CIE Lab, or on the grey level.',
  family: 'photometric',
  targets: ['image'],
  kind: 'pixel',
  params: {
    clipLimit: { kind: 'range', label: 'Clip limit', default: [1, 4], min: 1, max: 40, step: 0.1 },
    tiles: { kind: 'int', label: 'Tiles per side', default: 8, min: 1, max: 16 },
  },
  sample: (rng, n, config) => times(n, () => ({ clipLimit: draw(rng, range(config, 'clipLimit')), tiles: num(config, 'tiles') })),
  apply: (x, params) =>
    tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      // Tiles must be at least 2 pixels so the mirror padding has pixels to mirror.
      const tiles = Math.max(1, Math.min(params[0].tiles, Math.floor(h / 2), Math.floor(w / 2)));
      const limits = params.map((p) => p.clipLimit);
      if (c === 1) {
        const v = levels(x).reshape([n, h, w]) as tf.Tensor3D;
        return clahe(v, limits, tiles).div(255).reshape([n, h, w, 1]) as tf.Tensor4D;
      }
      const [L, a, b] = rgbToLab(x);
      const v = levels(L.div(100)).reshape([n, h, w]) as tf.Tensor3D;
      const L2 = clahe(v, limits, tiles).mul(100 / 255).reshape([n, h, w, 1]) as tf.Tensor4D;
      return clip01(labToRgb(L2, a, b));
    }),
};

