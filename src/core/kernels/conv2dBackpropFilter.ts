/**
 * Conv2DBackpropFilter for backends that lack it (tfjs-backend-wasm 4.22), built from kernels
 * they have: the filter gradient of a convolution is one matrix product
 *
 *   dW[(i,j,ci), co] = sum over (n,a,b) of x[n, a*s+i-pt, b*s+j-pl, ci] * dy[n,a,b,co]
 *
 * Two formulations, both measured (kernels.perf.test.ts):
 *  - 'im2col': gather the patch matrix directly in transposed layout [(i,j,ci), (n,a,b)], then one
 *    GEMM with dy [(n,a,b), co]. Both operands are then in the only layout XNNPACK's GEMM takes
 *    at full speed (no transposed operand, batch 1).
 *  - 'dilated': the same sum is a stride-1 convolution of x viewed as [ci,h,w,n] with dy viewed
 *    as a [ho,wo,n,co] filter dilated by the forward stride.
 */
import * as tf from '@tensorflow/tfjs';
import { copyBox, overlap } from './boxCopy';
import { inKernelScope, type Info, type KernelScope } from './kernelScope';

export type FilterGradFormulation = 'auto' | 'im2col' | 'dilated';

/**
 * 'auto' picks by the patch length fh*fw*ci: measured at batch 64 on one WASM thread, im2col
 * wins by 3-5x for thin inputs (a first layer: 16 taps x 1 channel), and the dilated convolution
 * from 4x4x32 up (by 10-50%, noisily, at 4x4x32; ~20% at 4x4x64): its gather is XNNPACK's own.
 */
const IM2COL_MAX_PATCH = 256;

interface FilterGradAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function convGeometry(x: Info, dy: Info, attrs: FilterGradAttrs) {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter supports only NHWC data, got ${attrs.dataFormat}.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dy.shape.length !== 4 || dy.shape.some((d, k) => d !== expected[k])) {
    throw new Error(`Conv2DBackpropFilter: dy shape [${dy.shape}] does not match the convolution output [${expected}].`);
  }
  return info;
}

/**
 * Patch matrix gathered in transposed layout, [fh*fw*ci, n*ho*wo], times dy as [n*ho*wo, co]:
 * both GEMM operands untransposed, as XNNPACK's fast path needs. The gather is a JS loop on the
 * WASM heap (see boxCopy.ts).
 */
function im2colFilterGrad(s: KernelScope, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const m = n * ho * wo;
  const patches = s.alloc([1, fh * fw * ci, m]);
  {
    const pv = s.heap(patches);
    const xv = s.heap(x);
    for (let i = 0; i < fh; i++) {
      for (let j = 0; j < fw; j++) {
        // Output columns b whose input column b*sw + j - pl lies inside x.
        const bLo = Math.max(0, Math.ceil((pl - j) / sw));
        const bHi = Math.min(wo, Math.floor((w - 1 + pl - j) / sw) + 1);
        for (let c = 0; c < ci; c++) {
          let row = ((i * fw + j) * ci + c) * m;
          for (let b0 = 0; b0 < n; b0++) {
            for (let a = 0; a < ho; a++, row += wo) {
              const r = a * sh + i - pt;
              if (r < 0 || r >= h || bHi <= bLo) {
                pv.fill(0, row, row + wo);
                continue;
              }
              if (bLo > 0) pv.fill(0, row, row + bLo);
              if (bHi < wo) pv.fill(0, row + bHi, row + wo);
              let src = ((b0 * h + r) * w + bLo * sw + j - pl) * ci + c;
              const step = sw * ci;
              for (let b = bLo; b < bHi; b++, src += step) pv[row + b] = xv[src];
            }
          }
        }
      }
    }
  }
  const b = s.reshape(dy, [1, m, co]);
  const prod = s.run('BatchMatMul', { a: patches, b }, { transposeA: false, transposeB: false });
  return s.reshape(prod, [fh, fw, ci, co]);
}

/**
 * Stride-1 convolution of x as [ci,h,w,n] with dy as a [ho,wo,n,co] filter dilated by the
 * stride. The layout changes are JS copies on the WASM heap (see boxCopy.ts), so this path is
 * WASM-only; the convolution itself is XNNPACK's.
 */
function dilatedFilterGrad(s: KernelScope, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top: pt, left: pl } = info.padInfo;
  // The conv reads padded rows -pt .. (ho-1)*sh + fh-1-pt: its 'valid' output is then exactly fh x fw.
  const needH = (ho - 1) * sh + fh;
  const needW = (wo - 1) * sw + fw;
  const xT = s.alloc([ci, needH, needW, n]);
  const dyT = s.alloc([ho, wo, n, co]);
  const rows = overlap(-pt, needH, h);
  const cols = overlap(-pl, needW, w);
  {
    const xv = s.heap(xT);
    if (rows.count < needH || cols.count < needW) xv.fill(0);
    const box = [n, rows.count, cols.count, ci];
    copyBox(s.heap(x), x.shape, [0, rows.src, cols.src, 0], box, xv, xT.shape, [3, 1, 2, 0], [0, rows.dst, cols.dst, 0]);
    copyBox(s.heap(dy), dy.shape, [0, 0, 0, 0], dy.shape, s.heap(dyT), dyT.shape, [1, 2, 0, 3], [0, 0, 0, 0]);
  }
  const conv = s.run(
    'Conv2D',
    { x: xT, filter: dyT },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: 'floor' },
  ); // [ci, fh, fw, co]
  const out = s.alloc([fh, fw, ci, co]);
  copyBox(s.heap(conv), conv.shape, [0, 0, 0, 0], conv.shape, s.heap(out), out.shape, [1, 2, 0, 3], [0, 0, 0, 0]);
  return out;
}

/** Builds the kernel function; `backendName` selects whose kernels it is made of. */
export function makeConv2DBackpropFilter(
  backendName: string,
  formulation: FilterGradFormulation = 'auto',
  overrides: Record<string, tf.KernelFunc> = {},
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as Info;
    const dy = inputs.dy as Info;
    const a = attrs as unknown as FilterGradAttrs;
    const info = convGeometry(x, dy, a);
    return inKernelScope(
      backend,
      backendName,
      (s) => {
        const patch = info.filterHeight * info.filterWidth * info.inChannels;
        const useIm2col = formulation === 'im2col' || (formulation === 'auto' && patch <= IM2COL_MAX_PATCH);
        return useIm2col ? im2colFilterGrad(s, x, dy, info) : dilatedFilterGrad(s, x, dy, info);
      },
      overrides,
    );
  };
}
