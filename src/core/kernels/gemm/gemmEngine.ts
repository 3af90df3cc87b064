/**
 * Convolutions for training (forward, input gradient, filter gradient) as blocked GEMMs in our
 * own WebAssembly SIMD module (gemm.wat), on tensors in tfjs-backend-wasm's heap, split across
 * the calling thread and its helpers.
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

/** Carves aligned float regions out of one scratch allocation. */
class Carver {
  private at: number;
  constructor(base: number) {
    this.at = base;
  }
  take(floats: number): number {
    const p = this.at;
    this.at += round(floats, 16) * 4;
    return p;
  }
}

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

  scratchFloatsForward(s: ConvShape): number {
    const kp = s.fh * s.fw * s.ci;
    return 16 + round(kp * s.co + 8 * kp, 16) + this.threads * (round(blockRows(kp, 4, 4096) * kp, 16) + TILE_FLOATS);
  }

  forward(s: ConvShape, x: number, filter: number, out: number, scratch: number): void {
    const kp = s.fh * s.fw * s.ci;
    const carve = new Carver(scratch);
    const g = carve.take(16);
    this.writeShape(g, s);
    const wp = carve.take(round(s.co, 8) * kp);
    this.exports.pack_b(filter, kp, s.co, s.co, 1, wp);
    const blk = blockRows(kp, 4, 4096);
    const pixels = s.n * s.ho * s.wo;
    const ranges = splitRange(pixels, this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / 4)), 4);
    const args = ranges.map(([p0, p1]) => [g, x, wp, out, p0, p1, blk, carve.take(blk * kp), carve.take(TILE_FLOATS)]);
    this.run('conv_forward', args);
  }

  // ---- input gradient: dx[n, h, w, ci] from dy[n, ho, wo, co] and w[fh, fw, ci, co] ----

  scratchFloatsInputGrad(s: ConvShape): number {
    return this.scratchFloatsForward(s);
  }

  inputGrad(s: ConvShape, dy: number, filter: number, dx: number, scratch: number): void {
    const kp = s.fh * s.fw * s.ci;
    const carve = new Carver(scratch);
    const g = carve.take(16);
    this.writeShape(g, s);
    const wtp = carve.take(round(kp, 8) * s.co);
    this.exports.pack_b(filter, s.co, kp, 1, s.co, wtp); // Wᵀ: element (o, t) at filter[t·co + o]
    const blk = blockRows(kp, 4, 4096);
    const macs = s.n * s.ho * s.wo * kp * s.co;
    const ranges = splitRange(s.n, this.threadsFor(macs, s.n));
    const args = ranges.map(([i0, i1]) => [g, dy, wtp, dx, i0, i1, blk, carve.take(blk * kp), carve.take(TILE_FLOATS)]);
    this.run('conv_input_grad', args);
  }

  // ---- filter gradient: dw[fh, fw, ci, co] from x[n, h, w, ci] and dy[n, ho, wo, co] ----

  private filterBlock(kp: number): number {
    return blockRows(kp, 8, 1024);
  }

  scratchFloatsFilterGrad(s: ConvShape): number {
    const kp = s.fh * s.fw * s.ci;
    const blk = this.filterBlock(kp);
    const perThread = round(blk * kp, 16) + round(blk * round(kp, 8), 16) + round(s.co * blk, 16) + round(s.co * kp, 16) + TILE_FLOATS;
    return 16 + this.threads * perThread;
  }

  filterGrad(s: ConvShape, x: number, dy: number, dw: number, scratch: number): void {
    const kp = s.fh * s.fw * s.ci;
    const carve = new Carver(scratch);
    const g = carve.take(16);
    this.writeShape(g, s);
    const blk = this.filterBlock(kp);
    const pixels = s.n * s.ho * s.wo;
    const ranges = splitRange(pixels, this.threadsFor(pixels * kp * s.co, Math.ceil(pixels / blk)));
    const partials: number[] = [];
    const args = ranges.map(([p0, p1]) => {
      const dwt = carve.take(s.co * kp);
      partials.push(dwt);
      return [g, x, dy, dwt, p0, p1, blk, carve.take(blk * kp), carve.take(blk * round(kp, 8)), carve.take(s.co * blk), carve.take(TILE_FLOATS)];
    });
    if (!args.length) new Float32Array(this.memory.buffer, dw, kp * s.co).fill(0);
    this.run('conv_filter_grad', args);
    // dw (kp × co) = the sum of the threads' dwᵀ (co × kp), transposed.
    partials.forEach((dwt, t) => this.exports.transpose(dwt, s.co, kp, dw, t > 0 ? 1 : 0));
  }
}
