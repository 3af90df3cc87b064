/**
 * tfjs kernels for tfjs-backend-wasm that run convolutions on the GEMM engine (gemmEngine.ts):
 * Conv2D, Conv2DBackpropInput (also the forward pass of every transposed convolution) and
 * Conv2DBackpropFilter. Shapes the engine does not cover (dilation, NCHW, non-float data) go to
 * the kernel given as fallback.
 */
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../kernelScope';
import { onEngine } from './onEngine';
import type { ConvShape, GemmEngine } from './gemmEngine';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: string;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Shape4 = [number, number, number, number];

/** The engine's geometry for a convolution, or null when it does not cover it. */
function convShape(xShape: number[], filterShape: number[], attrs: ConvAttrs, dtypes: string[]): ConvShape | null {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC' && attrs.dataFormat !== 'channelsLast') return null;
  if (dtypes.some((d) => d !== 'float32') || xShape.length !== 4 || filterShape.length !== 4) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    ci: info.inChannels,
    ho: info.outHeight,
    wo: info.outWidth,
    co: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    pt: info.padInfo.top,
    pl: info.padInfo.left,
  };
}

function assertShape(what: string, actual: readonly number[], expected: number[]): void {
  if (actual.length !== 4 || actual.some((d, k) => d !== expected[k])) {
    throw new Error(`${what}: shape [${actual}] does not match the convolution's [${expected}].`);
  }
}

export function makeGemmConv2D(engine: GemmEngine, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const filter = args.inputs.filter as Info;
    const s = convShape(x.shape, filter.shape, args.attrs as unknown as ConvAttrs, [x.dtype, filter.dtype]);
    if (!s) return fallback(args);
    return onEngine(args.backend, [s.n, s.ho, s.wo, s.co], engine.scratchFloatsForward(s), [x, filter], ([xp, fp], out, scratch) =>
      engine.forward(s, xp, fp, out, scratch),
    );
  };
}

export function makeGemmConv2DBackpropInput(engine: GemmEngine, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as Info;
    const filter = args.inputs.filter as Info;
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
    const s = convShape(attrs.inputShape, filter.shape, attrs, [dy.dtype, filter.dtype]);
    if (!s) return fallback(args);
    assertShape('Conv2DBackpropInput dy', dy.shape, [s.n, s.ho, s.wo, s.co]);
    return onEngine(args.backend, [s.n, s.h, s.w, s.ci], engine.scratchFloatsInputGrad(s), [dy, filter], ([dyp, fp], dx, scratch) =>
      engine.inputGrad(s, dyp, fp, dx, scratch),
    );
  };
}

export function makeGemmConv2DBackpropFilter(engine: GemmEngine, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const dy = args.inputs.dy as Info;
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
    const s = convShape(x.shape, attrs.filterShape, attrs, [x.dtype, dy.dtype]);
    if (!s) return fallback(args);
    assertShape('Conv2DBackpropFilter dy', dy.shape, [s.n, s.ho, s.wo, s.co]);
    return onEngine(args.backend, [s.fh, s.fw, s.ci, s.co], engine.scratchFloatsFilterGrad(s), [x, dy], ([xp, dyp], dw, scratch) =>
      engine.filterGrad(s, xp, dyp, dw, scratch),
    );
  };
}
