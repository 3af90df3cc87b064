/**
 * Conv2DBackpropInput (the input gradient of a convolution, and the forward pass of a transposed
 * convolution) as ONE stride-1 convolution with s*s sub-filters side by side, then a pixel
 * shuffle.
 *
 * tfjs-backend-wasm 4.22 ships this kernel as a naive loop (~1-2 GFLOP/s here, a tenth of its
 * XNNPACK Conv2D), and GAN generators are made of it. With stride s, the output position
 * u = p + pt (p in the unpadded input) only receives filter taps i = r + s*k with
 * r = u mod s, so every "filter phase" r is an ordinary stride-1 correlation of dy with a
 * ceil(fh/s)-tap sub-filter; no multiplications by inserted zeros. Computing all s*s phases in
 * one convolution (more output channels) keeps XNNPACK efficient; the last phase row may be
 * computed and cropped; where that wastes over 10% (small maps), each output phase gets its own
 * exact convolution instead; and for image layers (1-3 channels) a GEMM and a scatter-add do. Filter rearrangement, padding and the pixel
 * shuffle are JS copies on the WASM heap (boxCopy.ts): the backend's Reverse, StridedSlice and
 * DepthToSpace measured slower than the convolution itself.
 *
 * Derivation, rows (columns alike), K = ceil(fh/s), U = floor(u/s):
 *   dx[u - pt] = sum_k dy[U - k] * W[r + s*k]
 *             = sum_m dyPad[U + m] * V_r[m],  dyPad[t] = dy[t - (K-1)],  V_r[m] = W[r + s*(K-1-m)]
 */
import * as tf from '@tensorflow/tfjs';
import { copyBox, overlap } from './boxCopy';
import { inKernelScope, type Info, type KernelScope } from './kernelScope';

interface InputGradAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Flipped sub-filters side by side: [kh, kw, co, phases.length*ci], channel p*ci + c holding
 * V_{rh,rw}[mh, mw] = W[rh + sh*(kh-1-mh), rw + sw*(kw-1-mw), c, :] (zero past the edge) for
 * the p-th (rh, rw).
 */
function phaseFilters(
  wv: Float32Array,
  fh: number,
  fw: number,
  ci: number,
  co: number,
  sh: number,
  sw: number,
  phases: ReadonlyArray<readonly [number, number]>,
  out: Float32Array,
): void {
  const kh = Math.ceil(fh / sh);
  const kw = Math.ceil(fw / sw);
  const outC = phases.length * ci;
  out.fill(0);
  for (let mh = 0; mh < kh; mh++) {
    for (let mw = 0; mw < kw; mw++) {
      phases.forEach(([rh, rw], p) => {
        const i = rh + sh * (kh - 1 - mh);
        const j = rw + sw * (kw - 1 - mw);
        if (i >= fh || j >= fw) return;
        for (let c = 0; c < ci; c++) {
          const src = ((i * fw + j) * ci + c) * co;
          const dst = (mh * kw + mw) * co * outC + p * ci + c;
          for (let o = 0; o < co; o++) out[dst + o * outC] = wv[src + o];
        }
      });
    }
  }
}

/** Copies dy rows/cols offsetRow.. (offsetCol..) into a zero-padded [n, rows, cols, co] window. */
function dyWindow(s: KernelScope, dy: Info, offsetRow: number, rows: number, offsetCol: number, cols: number): Info {
  const [n, ho, wo, co] = dy.shape;
  const out = s.alloc([n, rows, cols, co]);
  const r = overlap(offsetRow, rows, ho);
  const c = overlap(offsetCol, cols, wo);
  const ov = s.heap(out);
  if (r.count < rows || c.count < cols) ov.fill(0);
  copyBox(s.heap(dy), dy.shape, [0, r.src, c.src, 0], [n, r.count, c.count, co], ov, out.shape, [0, 1, 2, 3], [0, r.dst, c.dst, 0]);
  return out;
}

function validConv(s: KernelScope, x: Info, filter: Info): Info {
  return s.run('Conv2D', { x, filter }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' });
}

/**
 * For very few input channels (an image layer: ci = 1 or 3) a convolution has too few output
 * channels for XNNPACK to be efficient (~1 GFLOP/s). Instead: one GEMM dy[M, co] x W^T[co, taps]
 * gives every tap's contribution, and a JS scatter-add (col2im) places them.
 */
function gemmCol2im(s: KernelScope, dy: Info, filter: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const taps = fh * fw * ci;
  const wt = s.alloc([1, co, taps]);
  {
    const src = s.heap(filter); // [fh, fw, ci, co]
    const dst = s.heap(wt);
    for (let t = 0; t < taps; t++) for (let o = 0; o < co; o++) dst[o * taps + t] = src[t * co + o];
  }
  const cols = s.run('BatchMatMul', { a: s.reshape(dy, [1, n * ho * wo, co]), b: wt }, { transposeA: false, transposeB: false });
  const out = s.alloc([n, h, w, ci]);
  const cv = s.heap(cols);
  const ov = s.heap(out);
  ov.fill(0);
  let row = 0;
  for (let b = 0; b < n; b++) {
    for (let a = 0; a < ho; a++) {
      for (let c0 = 0; c0 < wo; c0++, row += taps) {
        for (let i = 0; i < fh; i++) {
          const p = a * sh + i - pt;
          if (p < 0 || p >= h) continue;
          for (let j = 0; j < fw; j++) {
            const q = c0 * sw + j - pl;
            if (q < 0 || q >= w) continue;
            const o = ((b * h + p) * w + q) * ci;
            const src = row + (i * fw + j) * ci;
            for (let c = 0; c < ci; c++) ov[o + c] += cv[src + c];
          }
        }
      }
    }
  }
  return out;
}

/** Below this many output channels per phase grid, gemmCol2im beats convolutions. */
const COL2IM_MAX_CHANNELS = 16;

function inputGrad(s: KernelScope, dy: Info, filter: Info, info: tf.backend_util.Conv2DInfo): Info {
  if (info.inChannels * info.strideHeight * info.strideWidth < COL2IM_MAX_CHANNELS) return gemmCol2im(s, dy, filter, info);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const kh = Math.ceil(fh / sh);
  const kw = Math.ceil(fw / sw);
  // Phase-grid rows U0 .. U0+nu-1 cover output rows u = pt .. pt+h-1 (u = sh*U + rh).
  const u0 = Math.floor(pt / sh);
  const nu = Math.floor((pt + h - 1) / sh) - u0 + 1;
  const v0 = Math.floor(pl / sw);
  const nv = Math.floor((pl + w - 1) / sw) - v0 + 1;
  const out = s.alloc([n, h, w, ci]);

  if ((nu * nv * sh * sw) / (h * w) <= 1.1) {
    // One convolution over the shared phase grid, all s*s sub-filters side by side.
    const phases: Array<[number, number]> = [];
    for (let rh = 0; rh < sh; rh++) for (let rw = 0; rw < sw; rw++) phases.push([rh, rw]);
    const filters = s.alloc([kh, kw, co, phases.length * ci]);
    // dyPad rows U0 .. U0+nu+kh-2 hold dy rows U0-(kh-1) .. U0+nu-1 (zeros outside dy).
    const window = dyWindow(s, dy, u0 - (kh - 1), nu + kh - 1, v0 - (kw - 1), nv + kw - 1);
    phaseFilters(s.heap(filter), fh, fw, ci, co, sh, sw, phases, s.heap(filters));
    const conv = validConv(s, window, filters); // [n, nu, nv, sh*sw*ci]
    // Pixel shuffle and crop in one pass: output row p is u = p + pt = sh*U + rh.
    const cv = s.heap(conv);
    const ov = s.heap(out);
    const phaseC = sh * sw * ci;
    for (let b = 0; b < n; b++) {
      for (let p = 0; p < h; p++) {
        const u = p + pt;
        const rowBase = (b * nu + Math.floor(u / sh) - u0) * nv;
        const rh = u % sh;
        let o = (b * h + p) * w * ci;
        for (let q = 0; q < w; q++, o += ci) {
          const v = q + pl;
          const src = (rowBase + Math.floor(v / sw) - v0) * phaseC + (rh * sw + (v % sw)) * ci;
          if (ci === 1) ov[o] = cv[src];
          else ov.set(cv.subarray(src, src + ci), o);
        }
      }
    }
    return out;
  }

  // Small maps (e.g. 7x7 -> 14x14): the shared grid would compute a third more than needed, so
  // each output phase (rows p = sh*P + rhoH) gets its own exact convolution.
  const ph = Math.ceil(h / sh);
  const pw = Math.ceil(w / sw);
  const results: Array<{ rhoH: number; rhoW: number; conv: Info }> = [];
  for (let rhoH = 0; rhoH < sh; rhoH++) {
    for (let rhoW = 0; rhoW < sw; rhoW++) {
      const cH = Math.floor((rhoH + pt) / sh);
      const cW = Math.floor((rhoW + pl) / sw);
      const filters = s.alloc([kh, kw, co, ci]);
      const window = dyWindow(s, dy, cH - (kh - 1), ph + kh - 1, cW - (kw - 1), pw + kw - 1);
      phaseFilters(s.heap(filter), fh, fw, ci, co, sh, sw, [[(rhoH + pt) % sh, (rhoW + pl) % sw]], s.heap(filters));
      results.push({ rhoH, rhoW, conv: validConv(s, window, filters) }); // [n, ph, pw, ci]
    }
  }
  const ov = s.heap(out);
  for (const { rhoH, rhoW, conv } of results) {
    const cv = s.heap(conv);
    for (let b = 0; b < n; b++) {
      for (let P = 0, p = rhoH; p < h; P++, p += sh) {
        let src = ((b * ph + P) * pw) * ci;
        let o = ((b * h + p) * w + rhoW) * ci;
        for (let q = rhoW; q < w; q += sw, src += ci, o += sw * ci) {
          if (ci === 1) ov[o] = cv[src];
          else ov.set(cv.subarray(src, src + ci), o);
        }
      }
    }
  }
  return out;
}

export function makeConv2DBackpropInput(backendName: string): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as Info;
    const filter = inputs.filter as Info;
    const a = attrs as unknown as InputGradAttrs;
    if (a.dataFormat && a.dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropInput supports only NHWC data, got ${a.dataFormat}.`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth || dy.shape[3] !== info.outChannels) {
      throw new Error(`Conv2DBackpropInput: dy shape [${dy.shape}] does not match the convolution output [${info.outShape}].`);
    }
    return inKernelScope(backend, backendName, (s) => inputGrad(s, dy, filter, info));
  };
}
