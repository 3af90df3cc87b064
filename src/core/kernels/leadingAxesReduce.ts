/**
 * Sum and Mean over leading axes (a batch-norm statistic, a bias gradient: [N,H,W,C] -> [C]) as
 * one pass of column sums over the [M, C] view, in float64.
 *
 * tfjs-backend-wasm reduces only innermost axes, so it first transposes the whole tensor to put
 * the reduced axes last (3-9 ms for a [64,14,14,64] activation here, several per training step);
 * the column sums take ~1 ms in JavaScript, less in WebAssembly SIMD on the heap (batchNorm.wat's
 * column_sums, which batch norm's statistics share) where the heap was found. Other reductions go to the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { instantiateOnHeap } from './heapModule';
import { inKernelScope, type Info } from './kernelScope';
import plainBytes from './batchNorm.wat';
import sharedBytes from './batchNorm.wat?shared';

export interface ColumnSums {
  column_sums(src: number, rows: number, cols: number, acc: number, out: number, scale: number): void;
}

/** The WebAssembly column sums on tfjs-backend-wasm's heap, or null. */
export function columnSumsOnHeap(heap: WebAssembly.Memory): ColumnSums | null {
  return instantiateOnHeap<ColumnSums>(plainBytes, sharedBytes, heap);
}

/** Below this many reduced rows the backend's own kernel is as fast. */
const MIN_ROWS = 64;

export function makeLeadingAxesReduce(backendName: string, kind: 'sum' | 'mean', original: tf.KernelFunc, wasm: ColumnSums | null = null): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const attrs = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set(tf.util.parseAxisParam(attrs.axis, x.shape))].sort((a, b) => a - b);
    const k = axes.length;
    const leading = k > 0 && k < rank && axes.every((a, i) => a === i);
    const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    if (!leading || x.dtype !== 'float32' || rows < MIN_ROWS) return original(args);
    const cols = x.shape.slice(k).reduce((a, b) => a * b, 1);
    const outShape = attrs.keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
    const scale = kind === 'mean' ? 1 / rows : 1;
    if (wasm && backendName === 'wasm') {
      return inKernelScope(args.backend, backendName, (s) => {
        const out = s.alloc(outShape);
        const acc = s.alloc([2 * cols]); // cols float64
        wasm.column_sums(s.pointer(x), rows, cols, s.pointer(acc), s.pointer(out), scale);
        return out;
      });
    }
    return inKernelScope(args.backend, backendName, (s) => {
      const out = s.alloc(outShape);
      const xv = s.heap(x);
      const acc = new Float64Array(cols);
      // Four rows per pass over the accumulators: 3x fewer accumulator loads and stores.
      let r = 0;
      for (; r + 4 <= rows; r += 4) {
        const b0 = r * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        for (let c = 0; c < cols; c++) acc[c] += xv[b0 + c] + xv[b1 + c] + (xv[b2 + c] + xv[b3 + c]);
      }
      for (; r < rows; r++) {
        const b0 = r * cols;
        for (let c = 0; c < cols; c++) acc[c] += xv[b0 + c];
      }
      const ov = s.heap(out);
      for (let c = 0; c < cols; c++) ov[c] = acc[c] * scale;
      return out;
    });
  };
}
