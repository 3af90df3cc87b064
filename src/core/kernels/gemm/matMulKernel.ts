/**
 * BatchMatMul for tfjs-backend-wasm on the GEMM engine: every Dense layer's forward pass and its
 * two gradients (A·B, Aᵀ·B, A·Bᵀ). Batched or broadcast products, non-float data and products
 * too small to gain go to the fallback kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Info } from '../kernelScope';
import { onEngine } from './onEngine';
import type { GemmEngine } from './gemmEngine';

/** Below this many multiply-adds the fallback is as fast (its call costs less). */
const MIN_MACS = 32 * 32 * 32;

export function makeGemmBatchMatMul(engine: GemmEngine, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const a = args.inputs.a as Info;
    const b = args.inputs.b as Info;
    const { transposeA = false, transposeB = false } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    const ra = a.shape.length;
    const rb = b.shape.length;
    const batch = (s: readonly number[]) => s.slice(0, -2).reduce((p, d) => p * d, 1);
    if (ra < 2 || rb < 2 || batch(a.shape) !== 1 || batch(b.shape) !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    if (k !== kb) throw new Error(`BatchMatMul: inner dimensions ${k} and ${kb} differ (shapes [${a.shape}], [${b.shape}]).`);
    if (m * n * k < MIN_MACS) return fallback(args);
    const outShape = [...(ra >= rb ? a.shape : b.shape).slice(0, -2), m, n];
    return onEngine(args.backend, outShape, engine.scratchFloatsMatMul(m, n, k, transposeA), [a, b], ([ap, bp], out, scratch) =>
      engine.matMul(m, n, k, ap, transposeA, bp, transposeB, out, scratch),
    );
  };
}
