/**
 * 8-bit pixels ↔ float batches, fast. The reference conversion is the export's (pixelsToBatch:
 * int32 → float → ÷ 255; batchToPixels: clip → × 255 → round → int32, all on the backend), which
 * costs seven passes over the batch on the backend plus an int32 copy: at 224×224×3 on WASM that
 * was more time than the augmentation itself. Here the same values are made in one JavaScript pass
 * each way: a 256-entry table computed by the backend's own division, and float32 multiply
 * (exact in doubles, then rounded to float32) with the backend's rounding of halves.
 *
 * Bit-identical by construction, and checked: the first use on a backend compares both
 * directions with the reference on every 8-bit value and on values that round at exactly one
 * half; if anything differs, the reference conversion is used instead.
 */
import * as tf from '@tensorflow/tfjs';
import { batchToPixels, pixelsToBatch } from '../../src/core/export/regenerate';

interface FastPath {
  backend: string;
  /** value / 255 as the backend computes it, for each 8-bit value. */
  lut: Float32Array;
  /** The backend's tf.round sends x.5 to the even neighbour (else away from zero). */
  halfToEven: boolean;
}

let fast: Promise<FastPath | null> | undefined;
let fastBackend = '';

function toFloats(pixels: Uint8Array, lut: Float32Array, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]];
  return out;
}

interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * On WASM the table lookup writes straight into the backend's heap (a kernel of our own, like
 * the engine's warp): no staging array, no copy, no fresh memory to fault in per batch.
 */
const BYTES_KERNEL = 'AugmentStudioBytesToFloat';

function bytesKernel(): void {
  if (tf.getKernel(BYTES_KERNEL, 'wasm')) return;
  tf.registerKernel({
    kernelName: BYTES_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ backend, attrs }) => {
      const a = attrs as unknown as { bytes: Uint8Array; lut: Float32Array; shape: number[] };
      const heap = backend as unknown as HeapBackend;
      const out = heap.makeOutput(a.shape, 'float32');
      toFloats(a.bytes, a.lut, heap.typedArrayFromHeap(out));
      return out;
    },
  });
}

interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
}

/**
 * The tensor's values without a copy where the backend keeps them in JavaScript-visible memory
 * (the WASM heap, the CPU backend's arrays): read-back is then one pass, not a copy and a pass.
 */
async function valuesOf(t: tf.Tensor): Promise<Float32Array> {
  const backend = tf.getBackend();
  if (backend === 'wasm') return (tf.backend() as unknown as HeapBackend).typedArrayFromHeap(t);
  if (backend === 'cpu') {
    const values = (tf.backend() as unknown as CpuBackend).data.get(t.dataId).values;
    if (values instanceof Float32Array) return values;
  }
  return (await t.data()) as Float32Array;
}

function toBytesJs(values: Float32Array, halfToEven: boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const v = Math.fround((x > 1 ? 1 : x > 0 ? x : 0) * 255);
    let r = (v + 0.5) | 0; // v ≥ 0: truncation is floor
    if (halfToEven && r - v === 0.5 && r & 1) r--;
    out[i] = r;
  }
  return out;
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

async function probe(): Promise<FastPath | null> {
  const backend = tf.getBackend();
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const ref = pixelsToBatch(all, 1, { size: 16, channels: 1 });
  const lut = (await ref.data()) as Float32Array;
  ref.dispose();
  const rounded = tf.tidy(() => tf.round(tf.tensor1d([0.5, 1.5, 2.5, 127.5, 128.5])));
  const halves = (await rounded.data()) as Float32Array;
  rounded.dispose();
  const halfToEven = halves[0] === 0 && halves[2] === 2;

  // Values that land on k + 0.5 after × 255 (both parities), every 8-bit level, out-of-range ones.
  const tricky: number[] = [-0.25, 0, 1, 1.5, 0.5, Math.fround(1.5 / 255), Math.fround(2.5 / 255), Math.fround(128.5 / 255), Math.fround(253.5 / 255)];
  for (let k = 0; k < 255; k++) {
    const mid = Math.fround((k + 0.5) / 255);
    tricky.push(mid, Math.fround(mid + 2 ** -26), Math.fround(mid - 2 ** -26), lut[k]);
  }
  while (tricky.length % 4) tricky.push(0);
  const values = Float32Array.from(tricky);
  const t = tf.tensor4d(values, [1, values.length / 4, 2, 2]);
  const expected = await batchToPixels(t);
  t.dispose();
  const fromBytes = toFloats(all, lut);
  if (!same(toBytesJs(values, halfToEven), expected) || !same(fromBytes, lut)) return null;
  return { backend, lut, halfToEven };
}

/** The fast path for the active backend, probed once per backend (concurrent callers share the probe). */
function fastPath(): Promise<FastPath | null> {
  const backend = tf.getBackend();
  if (!fast || fastBackend !== backend) {
    fastBackend = backend;
    fast = probe().catch(() => null);
  }
  return fast;
}

/** 8-bit [n, size, size, channels] → a float32 batch in [0, 1] on the backend. */
export async function bytesToBatch(pixels: Uint8Array, n: number, size: number, channels: number): Promise<tf.Tensor4D> {
  const f = await fastPath();
  if (!f) return pixelsToBatch(pixels, n, { size, channels: channels as 1 | 3 });
  const shape = [n, size, size, channels];
  if (tf.getBackend() !== 'wasm') return tf.tensor4d(toFloats(pixels, f.lut), [n, size, size, channels]);
  bytesKernel();
  return tf.engine().runKernel(BYTES_KERNEL, {}, { bytes: pixels, lut: f.lut, shape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** A float batch → 8-bit pixels, exactly as the export quantises them; one read-back. */
export async function batchToBytes(images: tf.Tensor4D): Promise<Uint8Array> {
  const f = await fastPath();
  if (!f) return batchToPixels(images);
  return toBytesJs(await valuesOf(images), f.halfToEven);
}

/** Whether the one-pass conversion is in use on the active backend (for the speed test's report). */
export async function fastConversion(): Promise<boolean> {
  return (await fastPath()) !== null;
}
