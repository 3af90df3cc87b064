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

const round = (v: number, to: number) => Math.ceil(v / to) * to;

function blockRows(kp: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(BLOCK_FLOATS / kp / 4) * 4));
}

/** Splits [0, total) into at most `parts` contiguous ranges with starts on multiples of `align`. */
export function splitRange(total: number, parts: number, align = 1): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let t = 0; t < parts && start < total; t++) {
    const end = t === parts - 1 ? total : Math.min(total, round(Math.round(((t + 1) * total) / parts), align));
    if (end > start) ranges.push([start, end]);
    start = end;
  }
  return ranges;
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

  private writeShape(at: number, s: ConvShape): void {
    new Int32Array(this.memory.buffer, at, 12).set([s.h, s.w, s.ci, s.ho, s.wo, s.co, s.fh, s.fw, s.sh, s.sw, s.pt, s.pl]);
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
    const blk = blockRows(kp, 4, 4096);
    const pixels = s.n * s.ho * s.wo;
    const ranges = splitRange(pixels, this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / 4)), 4);
    return {
      kp,
      blk,
      g: c.take(16),
      wp: c.take(round(s.co, 8) * kp),
      threads: ranges.map((range) => ({ range, scratch: c.take(blk * kp), tmp: c.take(TILE_FLOATS) })),
    };
  }

  scratchFloatsForward(s: ConvShape): number {
    return measure((c) => this.forwardLayout(s, c));
  }

  forward(s: ConvShape, x: number, filter: number, out: number, scratch: number): void {
    const { kp, blk, g, wp, threads } = this.forwardLayout(s, new Carver(scratch, this.scratchFloatsForward(s)));
    this.writeShape(g, s);
    this.exports.pack_b(filter, kp, s.co, s.co, 1, wp);
    this.run('conv_forward', threads.map((t) => [g, x, wp, out, t.range[0], t.range[1], blk, t.scratch, t.tmp]));
  }

  // ---- input gradient: dx[n, h, w, ci] from dy[n, ho, wo, co] and w[fh, fw, ci, co] ----

  private inputGradLayout(s: ConvShape, c: Carver) {
    const kp = s.fh * s.fw * s.ci;
    const blk = blockRows(kp, 4, 4096);
    const ranges = splitRange(s.n, this.threadsFor(s.n * s.ho * s.wo * kp * s.co, s.n));
    return {
      kp,
      blk,
      g: c.take(16),
      wtp: c.take(round(kp, 8) * s.co),
      threads: ranges.map((range) => ({ range, scratch: c.take(blk * kp), tmp: c.take(TILE_FLOATS) })),
    };
  }

  scratchFloatsInputGrad(s: ConvShape): number {
    return measure((c) => this.inputGradLayout(s, c));
  }

  inputGrad(s: ConvShape, dy: number, filter: number, dx: number, scratch: number): void {
    const { kp, blk, g, wtp, threads } = this.inputGradLayout(s, new Carver(scratch, this.scratchFloatsInputGrad(s)));
    this.writeShape(g, s);
    this.exports.pack_b(filter, s.co, kp, 1, s.co, wtp); // Wᵀ: element (o, t) at filter[t·co + o]
    this.run('conv_input_grad', threads.map((t) => [g, dy, wtp, dx, t.range[0], t.range[1], blk, t.scratch, t.tmp]));
  }

  // ---- filter gradient: dw[fh, fw, ci, co] from x[n, h, w, ci] and dy[n, ho, wo, co] ----

  /** Thin inputs (patch rows shorter than the output channels) take the dW-direct form. */
  private static thin(s: ConvShape): boolean {
    return s.fh * s.fw * s.ci < s.co;
  }

  private filterGradLayout(s: ConvShape, c: Carver) {
    const kp = s.fh * s.fw * s.ci;
    const blk = blockRows(kp, 8, 1024);
    const pixels = s.n * s.ho * s.wo;
    const ranges = splitRange(pixels, this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / blk)));
    const thin = GemmEngine.thin(s);
    return {
      kp,
      blk,
      thin,
      g: c.take(16),
      threads: ranges.map((range, t) => ({
        range,
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
    const { kp, blk, thin, g, threads } = this.filterGradLayout(s, new Carver(scratch, this.scratchFloatsFilterGrad(s)));
    this.writeShape(g, s);
    if (!threads.length) new Float32Array(this.memory.buffer, dw, kp * s.co).fill(0);
    if (thin) {
      const parts = threads.map((t) => (t.dw < 0 ? dw : t.dw));
      this.run('conv_filter_grad_thin', threads.map((t, k) => [g, x, dy, parts[k], t.range[0], t.range[1], blk, t.scratch, t.other, t.bp, t.tmp]));
      for (const part of parts.slice(1)) this.exports.accumulate(dw, part, kp * s.co);
      return;
    }
    this.run('conv_filter_grad', threads.map((t) => [g, x, dy, t.dw, t.range[0], t.range[1], blk, t.scratch, t.bp, t.other, t.tmp]));
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
    const ranges = splitRange(rows, this.threadsFor(m * n * k, Math.ceil(rows / 4)), 4);
    return {
      flip,
      rows,
      cols,
      a: c.take(rows * k),
      bp: c.take(round(cols, 8) * k),
      out: flip && n > 1 ? c.take(m * n) : 0,
      threads: ranges.map((range) => ({ range, tmp: c.take(TILE_FLOATS) })),
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
    if (!L.threads.length) new Float32Array(this.memory.buffer, out, m * n).fill(0);
    this.run('gemm', L.threads.map(({ range: [r0, r1], tmp }) => [r1 - r0, L.cols, k, left + r0 * k * 4, k, L.bp, target + r0 * L.cols * 4, L.cols, 0, tmp]));
    if (L.flip && n > 1) this.exports.transpose(L.out, n, m, out, 0);
  }
}
