/**
 * Labelled images held in memory as typed arrays (NHWC), the form the experiment subsets,
 * splits and feeds to the trainer. Bytes (0–255) or floats (0–1) are both accepted, so the
 * worker can pass pixels straight from storage.
 */
import * as tf from '@tensorflow/tfjs';

export type PixelArray = Uint8Array | Uint8ClampedArray | Float32Array;

export interface LabelledImages {
  /** NHWC pixels: bytes 0–255, or floats 0–1 (Float32Array). */
  pixels: PixelArray;
  /** [count, height, width, channels]. */
  shape: readonly [number, number, number, number];
  /** Class id per image, 0 .. numClasses - 1. */
  labels: ArrayLike<number>;
  /** Optional id per image (e.g. ImageRecord.id), carried into the results. */
  ids?: readonly string[];
}

/** Throws a clear error when the arrays disagree or a label is out of range. */
export function checkLabelledImages(name: string, set: LabelledImages, numClasses: number): void {
  const [n, h, w, c] = set.shape;
  if (set.pixels.length !== n * h * w * c) {
    throw new RangeError(`${name}: got ${set.pixels.length} pixel values for ${n} images of ${h}×${w}×${c}.`);
  }
  if (set.labels.length !== n) throw new RangeError(`${name}: got ${set.labels.length} labels for ${n} images.`);
  if (set.ids && set.ids.length !== n) throw new RangeError(`${name}: got ${set.ids.length} ids for ${n} images.`);
  for (let i = 0; i < n; i++) {
    const y = set.labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new RangeError(`${name}: image ${i} has class id ${y}, outside 0..${numClasses - 1}.`);
    }
  }
}

/** The images at `indices`, in that order (a copy). */
export function selectImages(set: LabelledImages, indices: readonly number[]): LabelledImages {
  const [, h, w, c] = set.shape;
  const per = h * w * c;
  const pixels = new (set.pixels.constructor as new (n: number) => PixelArray)(indices.length * per);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, i) => {
    pixels.set(set.pixels.subarray(src * per, (src + 1) * per), i * per);
    labels[i] = set.labels[src];
  });
  return {
    pixels,
    shape: [indices.length, h, w, c],
    labels,
    ...(set.ids ? { ids: indices.map((i) => set.ids![i]) } : {}),
  };
}

/** Images per class. */
export function classCounts(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** Uploads a set as float32 images in [0, 1] and int32 labels; the caller disposes both. */
export function toTensors(set: LabelledImages): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const [n, h, w, c] = set.shape;
  return tf.tidy(() => {
    const x =
      set.pixels instanceof Float32Array
        ? tf.tensor4d(set.pixels, [n, h, w, c])
        : tf.div(tf.tensor4d(Float32Array.from(set.pixels), [n, h, w, c]), 255);
    return { x: x as tf.Tensor4D, labels: tf.tensor1d(Int32Array.from(set.labels), 'int32') };
  });
}

/** Reads images (values in [0, 1]) and labels back from tensors, once (e.g. from a decoder). */
export async function fromTensors(x: tf.Tensor4D, labels: tf.Tensor1D | ArrayLike<number>, ids?: readonly string[]): Promise<LabelledImages> {
  const pixels = Float32Array.from(await x.data());
  const y = labels instanceof tf.Tensor ? Int32Array.from(await labels.data()) : Int32Array.from(labels);
  return { pixels, shape: x.shape, labels: y, ...(ids ? { ids } : {}) };
}
