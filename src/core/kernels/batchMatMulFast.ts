/**
 * BatchMatMul that keeps every large product on XNNPACK's GEMM.
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK only when neither operand is transposed and
 * the batch is 1; anything else (the weight and input gradients of every Dense layer, which are
 * A^T*B and A*B^T) takes a scalar triple loop that runs ~15x slower. Transposing an operand
 * explicitly costs one pass over memory, so we do that and call the original kernel on the fast
 * path, one batch entry at a time.
 */
import * as tf from '@tensorflow/tfjs';
import { inKernelScope, type Info } from './kernelScope';

/** Below this many multiply-adds per batch entry the original kernel is fast enough. */
const MIN_MACS = 32 * 32 * 32;

export function makeBatchMatMulFast(backendName: string, original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = inputs.a as Info;
    const b = inputs.b as Info;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const batchA = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const batchB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const fastAlready = !transposeA && !transposeB && batchA === 1 && batchB === 1;
    // Broadcasting of a higher-rank batch shape is left to the original kernel.
    const simpleBatch = batchA === batchB || batchA === 1 || batchB === 1;
    if (fastAlready || m * k * n < MIN_MACS || !simpleBatch || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return original(args);
    }
    const batch = Math.max(batchA, batchB);
    const outShape = [
      ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
      m,
      n,
    ];
    return inKernelScope(
      backend,
      backendName,
      (s) => {
        // Operands as [batch, m, k] and [batch, k, n], transposed explicitly where asked.
        let a3 = s.reshape(a, [batchA, a.shape[ra - 2], a.shape[ra - 1]]);
        let b3 = s.reshape(b, [batchB, b.shape[rb - 2], b.shape[rb - 1]]);
        if (transposeA) a3 = s.transpose(a3, [0, 2, 1]);
        if (transposeB) b3 = s.transpose(b3, [0, 2, 1]);
        const nt = { transposeA: false, transposeB: false };
        if (batch === 1) return s.reshape(s.run('BatchMatMul', { a: a3, b: b3 }, nt), outShape);
        const outs: Info[] = [];
        for (let i = 0; i < batch; i++) {
          const ai = batchA === 1 ? a3 : s.run('Slice', { x: a3 }, { begin: [i, 0, 0], size: [1, m, k] });
          const bi = batchB === 1 ? b3 : s.run('Slice', { x: b3 }, { begin: [i, 0, 0], size: [1, k, n] });
          outs.push(s.run('BatchMatMul', { a: ai, b: bi }, nt));
        }
        return s.reshape(s.run('Concat', outs, { axis: 0 }), outShape);
      },
      { BatchMatMul: original },
    );
  };
}
