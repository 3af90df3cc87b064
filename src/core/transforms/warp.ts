/**
 * Batched resampling: one call warps every image of a batch with its own projective map.
 *
 * Three implementations, picked per backend:
 *  - CPU and WASM: our JavaScript kernel (warp-kernel.ts), exact for every border mode and 2–4x
 *    faster than tfjs-backend-wasm's Transform kernel. (tfjs 4.22's CPU Transform only warps
 *    the first image of a batch; its WASM Transform mirrors negative coordinates to the far edge
 *    in 'reflect' mode: warp.wasm.test.ts shows both.)
 *  - WebGL and WebGPU: tfjs's Transform shader (tf.image.transform), for constant, edge
 *    ('nearest' in tfjs) and mirror ('reflect', dcba|abcd) borders; its border handling is exact
 *    for bilinear sampling because mirroring or clamping the sample position equals mirroring or
 *    clamping the four neighbours for these modes.
 *  - Otherwise ('reflect101' and 'wrap' on GPU backends, or on request): `remap`, a gather-based
 *    path built from plain tensor ops, exact for every mode.
 * `remap` is also how dense displacement fields (elastic, grid distortion) are applied.
 */
import * as tf from '@tensorflow/tfjs';
import type { BorderMode, WarpSettings } from './types';
import { jsWarp, jsWarpAvailable } from './warp-kernel';

const NATIVE_BORDER: Partial<Record<BorderMode, 'constant' | 'nearest' | 'reflect'>> = {
  constant: 'constant',
  edge: 'nearest',
  reflect: 'reflect',
};

/** Border modes for which a GPU backend's tf.image.transform is correct (see the header). */
const NATIVE_OK: Record<string, readonly BorderMode[]> = {
  webgl: ['constant', 'edge', 'reflect'],
  webgpu: ['constant', 'edge', 'reflect'],
};

/** Whether tf.image.transform gives correct results for this border on the backend. */
export function nativeWarpWorks(border: BorderMode, backend = tf.getBackend()): boolean {
  return (NATIVE_OK[backend] ?? []).includes(border);
}

export type WarpPath = 'js' | 'native' | 'gather';

/** Which implementation warpBatch uses for this border on the active backend. */
export function warpPath(border: BorderMode, backend = tf.getBackend()): WarpPath {
  if (jsWarpAvailable(backend)) return 'js';
  return nativeWarpWorks(border, backend) ? 'native' : 'gather';
}

/**
 * Warps image i of `x` with `sampling[i]`: 8 numbers [a0 a1 a2 b0 b1 b2 c0 c1] mapping an output
 * pixel index (x, y) to the input position ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k),
 * k = c0 x + c1 y + 1 (tf.image.transform's convention; see matrix.toSamplingTransform).
 */
export function warpBatch(
  x: tf.Tensor4D,
  sampling: readonly (readonly number[])[],
  settings: WarpSettings,
  options: { force?: WarpPath } = {},
): tf.Tensor4D {
  const [n, h, w] = x.shape;
  if (sampling.length !== n) throw new Error(`warpBatch: ${sampling.length} maps for ${n} images.`);
  return tf.tidy(() => {
    const flat = new Float32Array(n * 8);
    sampling.forEach((t, i) => flat.set(t, i * 8));
    const maps = tf.tensor2d(flat, [n, 8]);
    const path = options.force ?? warpPath(settings.border);
    if (path === 'js' && jsWarpAvailable()) return jsWarp(x, maps, settings);
    if (path === 'native') return tf.image.transform(x, maps, settings.interpolation, NATIVE_BORDER[settings.border], settings.fill);
    const [sx, sy] = samplingCoordinates(maps, h, w);
    return remap(x, sx, sy, settings);
  });
}

/** Input sample positions [n, h, w] for every output pixel, from per-image 8-number maps. */
export function samplingCoordinates(maps: tf.Tensor2D, h: number, w: number): [tf.Tensor3D, tf.Tensor3D] {
  return tf.tidy(() => {
    const n = maps.shape[0];
    const [a0, a1, a2, b0, b1, b2, c0, c1] = tf.split(maps, 8, 1).map((t) => t.reshape([n, 1, 1]));
    const xs = tf.range(0, w, 1, 'float32').reshape([1, 1, w]);
    const ys = tf.range(0, h, 1, 'float32').reshape([1, h, 1]);
    const k = c0.mul(xs).add(c1.mul(ys)).add(1);
    const sx = a0.mul(xs).add(a1.mul(ys)).add(a2).div(k) as tf.Tensor3D;
    const sy = b0.mul(xs).add(b1.mul(ys)).add(b2).div(k) as tf.Tensor3D;
    return [sx, sy];
  });
}

/**
 * Samples image i of `x` at the input positions (sx[i], sy[i]) (pixel indices, [n, ho, wo]) with
 * exact border handling for every mode: the integer neighbours are mapped into the image first,
 * then gathered in one batched gather per neighbour.
 */
export function remap(x: tf.Tensor4D, sx: tf.Tensor3D, sy: tf.Tensor3D, s: WarpSettings): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, ho, wo] = sx.shape;
    const flat = x.reshape([n * h * w, c]);
    const base = tf.range(0, n, 1, 'int32').mul(tf.scalar(h * w, 'int32')).reshape([n, 1, 1]);

    const read = (ix: tf.Tensor3D, iy: tf.Tensor3D): tf.Tensor4D => {
      const mx = mapIndex(ix, w, s.border);
      const my = mapIndex(iy, h, s.border);
      const idx = base.add(my.index.mul(tf.scalar(w, 'int32'))).add(mx.index);
      const v = tf.gather(flat, idx.reshape([-1])).reshape([n, ho, wo, c]) as tf.Tensor4D;
      if (!mx.valid || !my.valid) return v;
      const valid = mx.valid.mul(my.valid).expandDims(3);
      return v.mul(valid).add(tf.scalar(1).sub(valid).mul(s.fill)) as tf.Tensor4D;
    };

    if (s.interpolation === 'nearest') return read(sx.add(0.5).floor() as tf.Tensor3D, sy.add(0.5).floor() as tf.Tensor3D);

    const x0 = sx.floor() as tf.Tensor3D;
    const y0 = sy.floor() as tf.Tensor3D;
    const x1 = x0.add(1) as tf.Tensor3D;
    const y1 = y0.add(1) as tf.Tensor3D;
    const fx = sx.sub(x0).expandDims(3);
    const fy = sy.sub(y0).expandDims(3);
    const v00 = read(x0, y0);
    const v01 = read(x1, y0);
    const v10 = read(x0, y1);
    const v11 = read(x1, y1);
    const top = v00.add(v01.sub(v00).mul(fx));
    const bottom = v10.add(v11.sub(v10).mul(fx));
    return top.add(bottom.sub(top).mul(fy)) as tf.Tensor4D;
  });
}

/**
 * Maps integer positions (stored as floats) into [0, len) for a border mode. For 'constant' the
 * index is clamped and `valid` (1 inside, 0 outside) says where the fill value applies.
 */
export function mapIndex(i: tf.Tensor3D, len: number, border: BorderMode): { index: tf.Tensor3D; valid?: tf.Tensor3D } {
  const last = len - 1;
  const toInt = (t: tf.Tensor) => t.cast('int32') as tf.Tensor3D;
  if (len === 1) {
    const index = tf.zerosLike(i).cast('int32') as tf.Tensor3D;
    if (border !== 'constant') return { index };
    return { index, valid: i.equal(0).cast('float32') as tf.Tensor3D };
  }
  switch (border) {
    case 'edge':
      return { index: toInt(i.clipByValue(0, last)) };
    case 'reflect': {
      const m = tf.mod(i, 2 * len);
      return { index: toInt(tf.minimum(m, tf.scalar(2 * len - 1).sub(m))) };
    }
    case 'reflect101': {
      const m = tf.mod(i, 2 * len - 2);
      return { index: toInt(tf.minimum(m, tf.scalar(2 * len - 2).sub(m))) };
    }
    case 'wrap':
      return { index: toInt(tf.mod(i, len)) };
    case 'constant': {
      const valid = i.greaterEqual(0).logicalAnd(i.lessEqual(last)).cast('float32') as tf.Tensor3D;
      return { index: toInt(i.clipByValue(0, last)), valid };
    }
  }
}
