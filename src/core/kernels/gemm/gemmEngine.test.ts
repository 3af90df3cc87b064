import { describe, expect, it } from 'vitest';
import { spawnNodeGemmHelper } from '../testing/gemmHelperNode';
import { GemmEngine, type ConvShape, type HelperThreads } from './gemmEngine';
import { compileGemm, instantiateGemm } from './gemmModule';
import { startGemmEngine } from './startGemmEngine';

/**
 * The engine on a heap of its own, every region fenced by guard values: outputs match a direct
 * loop over the convolution's definition, and nothing outside the regions it was given changes
 * (a scratch layout that outgrew its allocation would overwrite the heap's next block).
 */
const GUARD = 64;
const FENCE = -12345.5;

class Heap {
  readonly memory: WebAssembly.Memory;
  constructor(shared = false) {
    this.memory = new WebAssembly.Memory({ initial: 256, maximum: shared ? 256 : undefined, shared });
  }
  private next = 1024;
  private readonly regions: Array<{ at: number; floats: number }> = [];
  get f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }
  alloc(floats: number, fill?: (i: number) => number): number {
    const at = this.next + GUARD * 4;
    this.next = at + (floats + GUARD) * 4;
    const f = this.f32;
    f.fill(FENCE, at / 4 - GUARD, at / 4);
    f.fill(FENCE, at / 4 + floats, at / 4 + floats + GUARD);
    for (let i = 0; i < floats; i++) f[at / 4 + i] = fill ? fill(i) : FENCE;
    this.regions.push({ at, floats });
    return at;
  }
  read(at: number, floats: number): Float32Array {
    return this.f32.slice(at / 4, at / 4 + floats);
  }
  fencesIntact(): boolean {
    const f = this.f32;
    return this.regions.every(({ at, floats }) => {
      for (let k = 1; k <= GUARD; k++) if (f[at / 4 - k] !== FENCE || f[at / 4 + floats + k - 1] !== FENCE) return false;
      return true;
    });
  }
}

/** Test data: its values, and the relative error allowed against the definition. */
interface Fixture {
  value(i: number, salt: number): number;
  tolerance: number;
}

/** Smooth values in [-1, 1]: results within float32 rounding. */
const smooth: Fixture = { value: (i, salt) => Math.sin((i + 1) * 12.9898 + salt * 78.233), tolerance: 1e-5 };

/**
 * Quarters from -1 to 1: every product and partial sum of these shapes is exact in float32, so
 * any split of a sum across threads must give the definition's value to the bit.
 */
const exact: Fixture = { value: (i, salt) => ((((i + 1) * 7919 + salt * 104729) % 9) - 4) / 4, tolerance: 0 };

/** Direct loops over the definitions (NHWC, filter [fh, fw, ci, co]), summed in double precision. */
function reference(s: ConvShape, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const y = new Float64Array(s.n * s.ho * s.wo * s.co);
  const dx = new Float64Array(s.n * s.h * s.w * s.ci);
  const dw = new Float64Array(s.fh * s.fw * s.ci * s.co);
  for (let b = 0; b < s.n; b++)
    for (let oy = 0; oy < s.ho; oy++)
      for (let ox = 0; ox < s.wo; ox++)
        for (let i = 0; i < s.fh; i++)
          for (let j = 0; j < s.fw; j++) {
            const iy = oy * s.sh + i - s.pt;
            const ix = ox * s.sw + j - s.pl;
            if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) continue;
            for (let c = 0; c < s.ci; c++)
              for (let o = 0; o < s.co; o++) {
                const xi = ((b * s.h + iy) * s.w + ix) * s.ci + c;
                const wi = ((i * s.fw + j) * s.ci + c) * s.co + o;
                const yi = ((b * s.ho + oy) * s.wo + ox) * s.co + o;
                y[yi] += x[xi] * w[wi];
                dx[xi] += dy[yi] * w[wi];
                dw[wi] += dy[yi] * x[xi];
              }
          }
  return { y, dx, dw };
}

function maxRelErr(a: Float32Array, b: Float32Array | Float64Array): number {
  let scale = 1e-6;
  let err = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / scale;
}

const shapes: ConvShape[] = [
  // a DCGAN's second discriminator layer, small batch: 1600-float patch rows, several blocks
  { n: 2, h: 14, w: 14, ci: 64, ho: 7, wo: 7, co: 24, fh: 5, fw: 5, sh: 2, sw: 2, pt: 1, pl: 1 },
  // an image layer: one channel in, output channels not a multiple of 8
  { n: 3, h: 28, w: 28, ci: 1, ho: 14, wo: 14, co: 5, fh: 5, fw: 5, sh: 2, sw: 2, pt: 1, pl: 2 },
  // a thin input (25-float patch rows, 32 output channels): the filter gradient's dW-direct form,
  // over several pixel blocks, large enough to split across shares
  { n: 9, h: 28, w: 28, ci: 1, ho: 14, wo: 14, co: 32, fh: 5, fw: 5, sh: 2, sw: 2, pt: 1, pl: 1 },
  // stride 1, a single output channel, rows not a multiple of the 4-row tile
  { n: 1, h: 9, w: 7, ci: 3, ho: 9, wo: 7, co: 1, fh: 3, fw: 3, sh: 1, sw: 1, pt: 1, pl: 1 },
];

/**
 * Runs the three convolutions of `s` on the engine and compares them with the definition: within
 * the fixture's tolerance.
 */
function checkConvolutions(engine: GemmEngine, heap: Heap, s: ConvShape, { value: data, tolerance }: Fixture = smooth): void {
  const nx = s.n * s.h * s.w * s.ci;
  const nw = s.fh * s.fw * s.ci * s.co;
  const ny = s.n * s.ho * s.wo * s.co;
  const x = heap.alloc(nx, (i) => data(i, 1));
  const w = heap.alloc(nw, (i) => data(i, 2));
  const dy = heap.alloc(ny, (i) => data(i, 3));
  const y = heap.alloc(ny);
  const dx = heap.alloc(nx);
  const dw = heap.alloc(nw);
  engine.forward(s, x, w, y, heap.alloc(engine.scratchFloatsForward(s)));
  engine.inputGrad(s, dy, w, dx, heap.alloc(engine.scratchFloatsInputGrad(s)));
  engine.filterGrad(s, x, dy, dw, heap.alloc(engine.scratchFloatsFilterGrad(s)));
  const want = reference(s, heap.read(x, nx), heap.read(w, nw), heap.read(dy, ny));
  const label = JSON.stringify(s);
  expect(maxRelErr(heap.read(y, ny), want.y), `y ${label}`).toBeLessThanOrEqual(tolerance);
  expect(maxRelErr(heap.read(dx, nx), want.dx), `dx ${label}`).toBeLessThanOrEqual(tolerance);
  expect(maxRelErr(heap.read(dw, nw), want.dw), `dw ${label}`).toBeLessThanOrEqual(tolerance);
  expect(heap.fencesIntact(), `fences ${label}`).toBe(true);
}

/** out = op(a)·op(b) on the engine, compared with the definition (as checkConvolutions). */
function checkMatMul(engine: GemmEngine, heap: Heap, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, { value: data, tolerance }: Fixture = smooth): void {
  const a = heap.alloc(m * k, (i) => data(i, 4));
  const b = heap.alloc(k * n, (i) => data(i, 5));
  const out = heap.alloc(m * n);
  engine.matMul(m, n, k, a, transposeA, b, transposeB, out, heap.alloc(engine.scratchFloatsMatMul(m, n, k, transposeA)));
  const av = heap.read(a, m * k);
  const bv = heap.read(b, k * n);
  const want = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      for (let t = 0; t < k; t++) want[i * n + j] += av[transposeA ? t * m + i : i * k + t] * bv[transposeB ? j * k + t : t * n + j];
  const label = JSON.stringify({ m, n, k, transposeA, transposeB });
  expect(maxRelErr(heap.read(out, m * n), want), label).toBeLessThanOrEqual(tolerance);
  expect(heap.fencesIntact(), `fences ${label}`).toBe(true);
}

const sequential = (helpers: number): HelperThreads => ({
  helpers,
  run: (local, call, args) => args.forEach((a) => (local[call] as (...v: number[]) => void)(...a)),
});

describe('GEMM engine', () => {
  for (const fused of [true, false]) {
    for (const shares of [1, 2]) {
      it(`matches the definition and writes only its regions (${fused ? 'fused' : 'multiply + add'}, ${shares} share${shares > 1 ? 's' : ''})`, () => {
        for (const s of shapes) {
          const heap = new Heap();
          const compiled = compileGemm(heap.memory, { allowFused: fused })!;
          expect(compiled.fused).toBe(fused);
          checkConvolutions(new GemmEngine(instantiateGemm(compiled.module, heap.memory), heap.memory, shares > 1 ? sequential(shares - 1) : null, fused), heap, s);
        }
      });
    }
  }

  it('splits calls across real threads on a shared heap: the same results, only its own regions written', async () => {
    const heap = new Heap(true);
    const started = await startGemmEngine(heap.memory, { helpers: 2, spawnHelper: spawnNodeGemmHelper });
    expect(started!.engine.threads).toBe(3);
    try {
      // Large enough that every call is split (chunks are taken by whichever thread is free).
      for (const s of [
        { n: 8, h: 14, w: 14, ci: 32, ho: 7, wo: 7, co: 64, fh: 4, fw: 4, sh: 2, sw: 2, pt: 1, pl: 1 },
        { n: 16, h: 28, w: 28, ci: 1, ho: 14, wo: 14, co: 64, fh: 4, fw: 4, sh: 2, sw: 2, pt: 1, pl: 1 },
      ]) {
        checkConvolutions(started!.engine, heap, s, exact);
      }
      checkMatMul(started!.engine, heap, 512, 40, 300, true, false, exact);
    } finally {
      started!.stop();
    }
  });

  it('matrix products with either operand transposed match the definition and write only their regions', () => {
    // Fewer than 8 columns with a transposed A: computed as the transposed product (one column, and three).
    for (const [m, n, k] of [[13, 19, 7], [64, 40, 100], [9, 1, 33], [200, 1, 64], [40, 3, 17]]) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const heap = new Heap();
          const compiled = compileGemm(heap.memory)!;
          const engine = new GemmEngine(instantiateGemm(compiled.module, heap.memory), heap.memory, sequential(1), compiled.fused);
          checkMatMul(engine, heap, m, n, k, transposeA, transposeB);
        }
      }
    }
  });

});
