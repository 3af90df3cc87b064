/**
 * The GEMM convolution module (gemm.wat), compiled in the variant this engine can run: relaxed
 * SIMD's fused multiply-add where it validates (Chrome and Edge ≥ 114), else a multiply and an
 * add; importing a shared memory where the heap it works on is shared (tfjs's threaded build).
 */
import { isSharedMemory } from '../heapModule';
import plain from './gemm.wat?plain';
import plainShared from './gemm.wat?plain&shared';
import relaxed from './gemm.wat?relaxed';
import relaxedShared from './gemm.wat?relaxed&shared';

/** The module's exports. Pointers are byte offsets into the shared heap; counts are floats. */
export interface GemmExports {
  gemm(m: number, n: number, k: number, a: number, lda: number, bp: number, c: number, ldc: number, acc: number, tmp: number): void;
  pack_b(b: number, k: number, n: number, rs: number, cs: number, bp: number): void;
  transpose(src: number, rows: number, cols: number, dst: number, acc: number): void;
  gemm_rows(counter: number, chunk: number, m: number, n: number, k: number, a: number, lda: number, bp: number, c: number, ldc: number, tmp: number): void;
  conv_forward(g: number, x: number, wp: number, out: number, pixels: number, blk: number, scratch: number, tmp: number): void;
  conv_input_grad(g: number, dy: number, wtp: number, dx: number, images: number, chunk: number, blk: number, scratch: number, tmp: number): void;
  conv_filter_grad(g: number, x: number, dy: number, dwt: number, pixels: number, blk: number, scratch: number, bp: number, dyt: number, tmp: number): void;
  conv_filter_grad_thin(g: number, x: number, dy: number, dw: number, pixels: number, blk: number, scratch: number, at: number, bp: number, tmp: number): void;
  accumulate(dst: number, src: number, count: number): void;
}

export interface CompiledGemm {
  module: WebAssembly.Module;
  /** Whether it multiplies and adds in one fused instruction. */
  fused: boolean;
}

/** Compiles the best variant for a heap; null where WebAssembly SIMD is missing. */
export function compileGemm(memory: WebAssembly.Memory, options: { allowFused?: boolean } = {}): CompiledGemm | null {
  if (typeof WebAssembly !== 'object') return null;
  const shared = isSharedMemory(memory);
  const candidates = [
    { bytes: shared ? relaxedShared : relaxed, fused: true },
    { bytes: shared ? plainShared : plain, fused: false },
  ].filter((c) => options.allowFused !== false || !c.fused);
  for (const { bytes, fused } of candidates) {
    if (WebAssembly.validate(bytes)) return { module: new WebAssembly.Module(bytes), fused };
  }
  return null;
}

export function instantiateGemm(module: WebAssembly.Module, memory: WebAssembly.Memory): GemmExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
}
