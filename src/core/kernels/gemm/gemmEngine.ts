/**
 * Convolutions for training (forward, input gradient, filter gradient) as blocked GEMMs, and plain
 * matrix products, in our own WebAssembly SIMD module (gemm.wat), on tensors in tfjs-backend-wasm's
 * heap, split across the calling thread and its helpers.
 *
 * Why not XNNPACK, which tfjs already ships: its WASM build multiplies and adds in two
 * instructions and reached 9–13 GFLOP/s per core here on a DCGAN's largest layer, where this
 * module's fused multiply-add runs the same product at 20–33 (both measured on one thread, one
 * process, this 2-core VM). tfjs-wasm also has no filter-gradient kernel at all, and a naive
 * input gradient.
 *
 * Every method takes byte offsets into the heap and a scratch region of
 * scratchFloats(...) floats, so callers own all allocation (KernelScope in convKernels.ts).
 */
import type { GemmExports } from './gemmModule';
import type { ThreadedCall } from './gemmThreads';

/** What runs shares of a call on other threads (gemmThreads.ts; tests pass a sequential one). */
export interface HelperThreads {
  readonly helpers: number;
  run(local: GemmExports, call: ThreadedCall, args: number[][]): void;
}

/** A convolution's geometry (NHWC, no dilation), as computeConv2DInfo gives it. */
export interface ConvShape {
  n: number;
  h: number;
  w: number;
  ci: number;
  ho: number;
  wo: number;
  co: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
}

/** Patch rows per block: the block's patch matrix stays within ~256 KB (L2-resident). */
const BLOCK_FLOATS = 64 * 1024;
/** The GEMM's scratch tile for a last, partial 8-column panel. */
const TILE_FLOATS = 32;
/** Below this many multiply-adds per extra thread, waking a helper costs more than it saves. */
const MIN_MACS_PER_THREAD = 1 << 19;
/**
 * Threads take a call's work in chunks from a shared counter, about this many per thread: a
 * thread slowed by other work on its core (as on a shared VM, where one core often ran at 60% of
 * the other) then takes fewer chunks instead of holding the call up.
 */
const CHUNKS_PER_THREAD = 8;
/** The work counter's float index in a convolution's geometry region (gemm.wat's $grab). */
const COUNTER = 12;

const round = (v: number, to: number) => Math.ceil(v / to) * to;

function blockRows(kp: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(BLOCK_FLOATS / kp / 4) * 4));
}

/** A chunk of `total` units for `threads` threads: at most `max`, a multiple of `align`. */
function chunkSize(total: number, threads: number, max: number, align: number): number {
  if (threads <= 1) return max;
  return Math.max(align, Math.min(max, round(Math.ceil(total / (threads * CHUNKS_PER_THREAD)), align)));
}

/**
 * Carves aligned float regions out of one scratch allocation. Each operation lays its regions out
 * in one function, run once with a measuring carver (to size the allocation) and once with the
 * real base: the two cannot disagree, and taking past the end throws instead of overwriting the
 * heap's next block.
 */
class Carver {
  private used = 0;
  constructor(
    private readonly base: number,
    private readonly limit = Infinity,
  ) {}
  take(floats: number): number {
    const p = this.base + this.used * 4;
    this.used += round(floats, 16);
    if (this.used > this.limit) throw new Error(`GEMM engine: scratch layout exceeds its ${this.limit} floats.`);
    return p;
  }
  get floats(): number {
    return this.used;
  }
}

const measure = (layout: (c: Carver) => unknown): number => {
  const c = new Carver(0);
  layout(c);
  return c.floats;
};

export class GemmEngine {
  constructor(
    private readonly exports: GemmExports,
    private readonly memory: WebAssembly.Memory,
    private readonly helpers: HelperThreads | null,
    /** Whether the module multiplies and adds in one fused instruction (relaxed SIMD). */
    readonly fused: boolean,
  ) {}

  /** Threads a call may use: this one plus its helpers. */
  get threads(): number {
    return 1 + (this.helpers?.helpers ?? 0);
  }

  private threadsFor(macs: number, units: number): number {
    return Math.max(1, Math.min(this.threads, units, Math.floor(macs / MIN_MACS_PER_THREAD) || 1));
  }

  /** The geometry gemm.wat reads, and its work counter at zero. */
  private writeShape(at: number, s: ConvShape): void {
    new Int32Array(this.memory.buffer, at, COUNTER + 1).set([s.h, s.w, s.ci, s.ho, s.wo, s.co, s.fh, s.fw, s.sh, s.sw, s.pt, s.pl, 0]);
  }

  private run(call: ThreadedCall, args: number[][]): void {
    if (args.length <= 1 || !this.helpers) {
      for (const a of args) (this.exports[call] as (...v: number[]) => void)(...a);
    } else {
      this.helpers.run(this.exports, call, args);
    }
  }

  // ---- forward: out[n, ho, wo, co] = conv(x[n, h, w, ci], w[fh, fw, ci, co]) ----

  private forwardLayout(s: ConvShape, c: Carver) {
    const kp = s.fh * s.fw * s.ci;
    const pixels = s.n * s.ho * s.wo;
    const threads = this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / 4));
    const blk = chunkSize(pixels, threads, blockRows(kp, 4, 4096), 4);
    return {
      kp,
      pixels,
      blk,
      g: c.take(16),
      wp: c.take(round(s.co, 8) * kp),
      threads: Array.from({ length: threads }, () => ({ scratch: c.take(blk * kp), tmp: c.take(TILE_FLOATS) })),
    };
  }

  scratchFloatsForward(s: ConvShape): number {
    return measure((c) => this.forwardLayout(s, c));
  }

  forward(s: ConvShape, x: number, filter: number, out: number, scratch: number): void {
    const { kp, pixels, blk, g, wp, threads } = this.forwardLayout(s, new Carver(scratch, this.scratchFloatsForward(s)));
    this.writeShape(g, s);
    this.exports.pack_b(filter, kp, s.co, s.co, 1, wp);
    this.run('conv_forward', threads.map((t) => [g, x, wp, out, pixels, blk, t.scratch, t.tmp]));
  }

  // ---- input gradient: dx[n, h, w, ci] from dy[n, ho, wo, co] and w[fh, fw, ci, co] ----

  private inputGradLayout(s: ConvShape, c: Carver) {
    const kp = s.fh * s.fw * s.ci;
    const blk = blockRows(kp, 4, 4096);
    const threads = this.threadsFor(s.n * s.ho * s.wo * kp * s.co, s.n);
    return {
      kp,
      blk,
      images: chunkSize(s.n, threads, s.n, 1),
      g: c.take(16),
      wtp: c.take(round(kp, 8) * s.co),
      threads: Array.from({ length: threads }, () => ({ scratch: c.take(blk * kp), tmp: c.take(TILE_FLOATS) })),
    };
  }

  scratchFloatsInputGrad(s: ConvShape): number {
    return measure((c) => this.inputGradLayout(s, c));
  }

  inputGrad(s: ConvShape, dy: number, filter: number, dx: number, scratch: number): void {
    const { kp, blk, images, g, wtp, threads } = this.inputGradLayout(s, new Carver(scratch, this.scratchFloatsInputGrad(s)));
    this.writeShape(g, s);
    this.exports.pack_b(filter, s.co, kp, 1, s.co, wtp); // Wᵀ: element (o, t) at filter[t·co + o]
    this.run('conv_input_grad', threads.map((t) => [g, dy, wtp, dx, s.n, images, blk, t.scratch, t.tmp]));
  }

  // ---- filter gradient: dw[fh, fw, ci, co] from x[n, h, w, ci] and dy[n, ho, wo, co] ----

  /** Thin inputs (patch rows shorter than the output channels) take the dW-direct form. */
  private static thin(s: ConvShape): boolean {
    return s.fh * s.fw * s.ci < s.co;
  }

  private filterGradLayout(s: ConvShape, c: Carver) {
    const kp = s.fh * s.fw * s.ci;
    const pixels = s.n * s.ho * s.wo;
    const threads = this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / 8));
    const blk = chunkSize(pixels, threads, blockRows(kp, 8, 1024), 8);
    const thin = GemmEngine.thin(s);
    return {
      kp,
      pixels,
      blk,
      thin,
      g: c.take(16),
      threads: Array.from({ length: threads }, (_, t) => ({
        // Thin: thread 0 sums straight into dw, the others into partials added at the end.
        dw: thin && t === 0 ? -1 : c.take(s.co * kp),
        scratch: c.take(blk * kp),
        bp: c.take(blk * round(thin ? s.co : kp, 8)),
        // the other operand: dyᵀ (co × blk), or for thin inputs the patch rows transposed (kp × blk)
        other: c.take((thin ? kp : s.co) * blk),
        tmp: c.take(TILE_FLOATS),
      })),
    };
  }

  scratchFloatsFilterGrad(s: ConvShape): number {
    return measure((c) => this.filterGradLayout(s, c));
  }

  filterGrad(s: ConvShape, x: number, dy: number, dw: number, scratch: number): void {
    const { kp, pixels, blk, thin, g, threads } = this.filterGradLayout(s, new Carver(scratch, this.scratchFloatsFilterGrad(s)));
    this.writeShape(g, s);
    if (thin) {
      const parts = threads.map((t) => (t.dw < 0 ? dw : t.dw));
      this.run('conv_filter_grad_thin', threads.map((t, k) => [g, x, dy, parts[k], pixels, blk, t.scratch, t.other, t.bp, t.tmp]));
      for (const part of parts.slice(1)) this.exports.accumulate(dw, part, kp * s.co);
      return;
    }
    this.run('conv_filter_grad', threads.map((t) => [g, x, dy, t.dw, pixels, blk, t.scratch, t.bp, t.other, t.tmp]));
    // dw (kp × co) = the sum of the threads' dwᵀ (co × kp), transposed.
    threads.forEach((t, k) => this.exports.transpose(t.dw, s.co, kp, dw, k > 0 ? 1 : 0));
  }

  // ---- matrix product: out[m, n] = op(a) · op(b), op transposing where asked ----

  /**
   * A product with fewer than 8 columns and a transposed A (a Dense layer's weight gradient for one
   * output, xᵀ·dy) is computed as its transpose, outᵀ = op(B)ᵀ·op(A)ᵀ: op(A)ᵀ is then A as stored
   * (packed at full speed) and the long side runs along the 8-wide panels instead of partial ones.
   */
  private static transposed(n: number, transposeA: boolean): boolean {
    return n < 8 && transposeA;
  }

  private matMulLayout(m: number, n: number, k: number, transposeA: boolean, c: Carver) {
    const flip = GemmEngine.transposed(n, transposeA);
    const [rows, cols] = flip ? [n, m] : [m, n];
    const threads = this.threadsFor(m * n * k, Math.ceil(rows / 4));
    return {
      flip,
      rows,
      cols,
      chunk: chunkSize(rows, threads, round(rows, 4), 4),
      counter: c.take(1),
      a: c.take(rows * k),
      bp: c.take(round(cols, 8) * k),
      out: flip && n > 1 ? c.take(m * n) : 0,
      threads: Array.from({ length: threads }, () => ({ tmp: c.take(TILE_FLOATS) })),
    };
  }

  scratchFloatsMatMul(m: number, n: number, k: number, transposeA: boolean): number {
    return measure((c) => this.matMulLayout(m, n, k, transposeA, c));
  }

  /** a is [m, k] ([k, m] if transposeA), b is [k, n] ([n, k] if transposeB). */
  matMul(m: number, n: number, k: number, a: number, transposeA: boolean, b: number, transposeB: boolean, out: number, scratch: number): void {
    const L = this.matMulLayout(m, n, k, transposeA, new Carver(scratch, this.scratchFloatsMatMul(m, n, k, transposeA)));
    let left: number; // the left operand, row-major [L.rows × k]
    if (L.flip) {
      // outᵀ [n × m] = op(B)ᵀ [n × k] · op(A)ᵀ [k × m], and op(A)ᵀ is a as stored ([k, m]).
      if (transposeB) left = b;
      else this.exports.transpose(b, k, n, (left = L.a), 0);
      this.exports.pack_b(a, k, m, m, 1, L.bp);
    } else {
      if (transposeA) this.exports.transpose(a, k, m, (left = L.a), 0);
      else left = a;
      this.exports.pack_b(b, k, n, transposeB ? 1 : n, transposeB ? k : 1, L.bp);
    }
    // One output column transposed is the same memory; more are written to scratch and transposed.
    const target = L.flip && n > 1 ? L.out : out;
    new Int32Array(this.memory.buffer, L.counter, 1)[0] = 0;
    this.run('gemm_rows', L.threads.map(({ tmp }) => [L.counter, L.chunk, L.rows, L.cols, k, left, k, L.bp, target, L.cols, tmp]));
    if (L.flip && n > 1) this.exports.transpose(L.out, n, m, out, 0);
  }
}
