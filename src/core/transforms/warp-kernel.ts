/**
 * A batched projective warp kernel in JavaScript for the CPU and WASM backends, registered with
 * tfjs under its own name (nothing built in is replaced). (A hand-written WebAssembly SIMD version
 * of the same loop was measured too: no faster than V8's code for this loop on this machine,
 * where the warp is bound by memory traffic, so it was not kept.)
 *
 * Why: tfjs-backend-wasm's Transform kernel recomputes the projection, border mapping and four
 * bounds-checked reads for every channel of every pixel, ~55 ns per output value on this
 * machine; the CPU backend's Transform only processes the first image of a batch. This kernel
 * computes each pixel's source position once (not once per channel),
 * takes an unchecked fast path for the four neighbours when they are inside the image, and
 * handles every border mode exactly (each neighbour index is mapped into the image). It reads
 * and writes the backend's memory directly (the WASM heap, or the CPU backend's arrays), so no
 * pixel is copied on the way in or out.
 */
import * as tf from '@tensorflow/tfjs';
import { BORDER_CODE, mapIndex } from './border-index';
import type { WarpSettings } from './types';

export const WARP_KERNEL = 'AugmentStudioWarp';

/**
 * dst[b] = src[b] sampled at maps[b] (tf.image.transform's 8-number convention: output index →
 * input index), for a batch [n, h, w, c] stored row-major.
 */
export function warpInto(
  src: Float32Array,
  maps: Float32Array,
  dst: Float32Array,
  n: number,
  h: number,
  w: number,
  c: number,
  nearest: boolean,
  border: number,
  fill: number,
): void {
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    const a0 = maps[b * 8];
    const a1 = maps[b * 8 + 1];
    const a2 = maps[b * 8 + 2];
    const b0 = maps[b * 8 + 3];
    const b1 = maps[b * 8 + 4];
    const b2 = maps[b * 8 + 5];
    const c0 = maps[b * 8 + 6];
    const c1 = maps[b * 8 + 7];
    const projective = c0 !== 0 || c1 !== 0;
    const base = b * h * rowStride;
    let o = base;
    for (let y = 0; y < h; y++) {
      const rx = a1 * y + a2;
      const ry = b1 * y + b2;
      for (let x = 0; x < w; x++, o += c) {
        let sx = a0 * x + rx;
        let sy = b0 * x + ry;
        if (projective) {
          const k = c0 * x + c1 * y + 1;
          if (k === 0) {
            for (let ch = 0; ch < c; ch++) dst[o + ch] = fill;
            continue;
          }
          sx /= k;
          sy /= k;
        }
        if (nearest) {
          const xi = mapIndex(Math.floor(sx + 0.5), w, border);
          const yi = mapIndex(Math.floor(sy + 0.5), h, border);
          if (xi < 0 || yi < 0) for (let ch = 0; ch < c; ch++) dst[o + ch] = fill;
          else {
            const p = base + yi * rowStride + xi * c;
            for (let ch = 0; ch < c; ch++) dst[o + ch] = src[p + ch];
          }
          continue;
        }
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
          // All four neighbours inside: no border logic. One and three channels are unrolled.
          const p = base + y0 * rowStride + x0 * c;
          const q = p + rowStride;
          if (c === 1) {
            const top = src[p] + (src[p + 1] - src[p]) * fx;
            dst[o] = top + (src[q] + (src[q + 1] - src[q]) * fx - top) * fy;
          } else if (c === 3) {
            const t0 = src[p] + (src[p + 3] - src[p]) * fx;
            const t1 = src[p + 1] + (src[p + 4] - src[p + 1]) * fx;
            const t2 = src[p + 2] + (src[p + 5] - src[p + 2]) * fx;
            dst[o] = t0 + (src[q] + (src[q + 3] - src[q]) * fx - t0) * fy;
            dst[o + 1] = t1 + (src[q + 1] + (src[q + 4] - src[q + 1]) * fx - t1) * fy;
            dst[o + 2] = t2 + (src[q + 2] + (src[q + 5] - src[q + 2]) * fx - t2) * fy;
          } else {
            for (let ch = 0; ch < c; ch++) {
              const v00 = src[p + ch];
              const v01 = src[p + c + ch];
              const v10 = src[q + ch];
              const v11 = src[q + c + ch];
              const top = v00 + (v01 - v00) * fx;
              const bottom = v10 + (v11 - v10) * fx;
              dst[o + ch] = top + (bottom - top) * fy;
            }
          }
          continue;
        }
        const xa = mapIndex(x0, w, border);
        const xb = mapIndex(x0 + 1, w, border);
        const ya = mapIndex(y0, h, border);
        const yb = mapIndex(y0 + 1, h, border);
        const ra = base + ya * rowStride;
        const rb = base + yb * rowStride;
        for (let ch = 0; ch < c; ch++) {
          const v00 = ya < 0 || xa < 0 ? fill : src[ra + xa * c + ch];
          const v01 = ya < 0 || xb < 0 ? fill : src[ra + xb * c + ch];
          const v10 = yb < 0 || xa < 0 ? fill : src[rb + xa * c + ch];
          const v11 = yb < 0 || xb < 0 ? fill : src[rb + xb * c + ch];
          const top = v00 + (v01 - v00) * fx;
          const bottom = v10 + (v11 - v10) * fx;
          dst[o + ch] = top + (bottom - top) * fy;
        }
      }
    }
  }
}

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface CpuLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  data: { get(dataId: object): { values: unknown } };
}

function cpuArray(backend: CpuLike, info: tf.TensorInfo): Float32Array {
  const values = backend.data.get(info.dataId).values;
  if (!(values instanceof Float32Array)) throw new Error('Warp expects float32 tensors.');
  return values;
}

function kernelFor(backendName: 'cpu' | 'wasm'): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const image = inputs.image as tf.TensorInfo;
    const maps = inputs.maps as tf.TensorInfo;
    const [n, h, w, c] = image.shape;
    const a = attrs as unknown as { nearest: boolean; border: number; fill: number };
    if (image.dtype !== 'float32') throw new Error('Warp expects a float32 batch.');
    if (backendName === 'cpu') {
      const cpu = backend as unknown as CpuLike;
      const dst = new Float32Array(n * h * w * c);
      warpInto(cpuArray(cpu, image), cpuArray(cpu, maps), dst, n, h, w, c, a.nearest, a.border, a.fill);
      return cpu.makeTensorInfo([n, h, w, c], 'float32', dst);
    }
    const wasm = backend as unknown as WasmLike;
    // Allocate first: growing the heap would detach views taken before.
    const out = wasm.makeOutput([n, h, w, c], 'float32');
    warpInto(wasm.typedArrayFromHeap(image), wasm.typedArrayFromHeap(maps), wasm.typedArrayFromHeap(out), n, h, w, c, a.nearest, a.border, a.fill);
    return out;
  };
}

/** Whether this kernel serves the active backend (registering it on first use). */
export function jsWarpAvailable(backendName = tf.getBackend()): boolean {
  if (backendName !== 'cpu' && backendName !== 'wasm') return false;
  if (!tf.getKernel(WARP_KERNEL, backendName)) tf.registerKernel({ kernelName: WARP_KERNEL, backendName, kernelFunc: kernelFor(backendName) });
  return true;
}

/** Runs the kernel: `maps` is [n, 8] float32 in tf.image.transform's convention. */
export function jsWarp(x: tf.Tensor4D, maps: tf.Tensor2D, s: WarpSettings): tf.Tensor4D {
  const attrs = { nearest: s.interpolation === 'nearest', border: BORDER_CODE[s.border], fill: s.fill };
  return tf.engine().runKernel(WARP_KERNEL, { image: x, maps }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
