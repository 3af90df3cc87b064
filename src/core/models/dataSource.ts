/**
 * Where training batches come from. The trainers only see this interface, so the worker can feed
 * originals from memory, stream chunks from IndexedDB, or apply the augmentation pipeline to each
 * batch on the GPU (`withTransform`).
 */
import * as tf from '@tensorflow/tfjs';
import { CounterRng } from '../rng';
import { TrainingError } from './errors';

export interface Batch {
  /** Images in [0, 1], NHWC, float32. */
  x: tf.Tensor4D;
  /** Class ids (int32), for conditional models. */
  labels?: tf.Tensor1D;
}

export interface DataSource {
  /** Images per epoch. */
  readonly size: number;
  /** [height, width, channels]. */
  readonly imageShape: readonly [number, number, number];
  /** 0 for unlabeled data. */
  readonly numClasses: number;
  /** The next `batchSize` images; the caller owns (and disposes) the returned tensors. */
  nextBatch(batchSize: number): Batch | Promise<Batch>;
  /** Frees what the source holds (optional). */
  dispose?(): void;
}

export interface InMemoryOptions {
  /** Class ids per image, 0 .. numClasses-1. */
  labels?: ArrayLike<number>;
  /** Number of classes the model is trained on (required with labels). */
  numClasses?: number;
  /** Names for error messages, indexed by class id. */
  classNames?: readonly string[];
  /** Seeds the per-epoch shuffles. */
  seed?: number;
  /**
   * Images already seen (a resumed trainer's imagesSeen): the source continues the same shuffled
   * sequence from there, so a resumed run sees the batches an uninterrupted one would have.
   */
  startAt?: number;
}

/** Validates the per-class counts a conditional model needs; throws a TrainingError. */
export function checkTrainingSet(count: number, labels?: ArrayLike<number>, numClasses = 0, classNames?: readonly string[]): void {
  if (count < 2) {
    throw new TrainingError(
      'too-few-images',
      `Training needs at least 2 images; the selection has ${count}. Add images or choose more classes.`,
    );
  }
  if (!labels || numClasses === 0) return;
  if (labels.length !== count) {
    throw new TrainingError('shape-mismatch', `Got ${labels.length} labels for ${count} images.`);
  }
  const perClass = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new TrainingError('bad-config', `Image ${i} has class id ${y}, outside 0..${numClasses - 1}.`);
    }
    perClass[y]++;
  }
  const empty = perClass.flatMap((c, k) => (c === 0 ? [classNames?.[k] ?? `#${k}`] : []));
  if (empty.length > 0) {
    throw new TrainingError(
      'empty-class',
      `Class ${empty.map((n) => `'${n}'`).join(', ')} has no images. ` +
        `Remove ${empty.length > 1 ? 'them' : 'it'} from the training classes or add images.`,
    );
  }
}

/**
 * A source over images held in memory (bytes 0-255 or floats 0-1, NHWC), shuffled each epoch
 * (seeded). Batches are assembled with typed-array copies and uploaded as one tensor: a few
 * hundred kilobytes per step, and faster than a gather kernel on the WASM and CPU backends.
 */
export class InMemorySource implements DataSource {
  readonly size: number;
  readonly imageShape: readonly [number, number, number];
  readonly numClasses: number;
  private readonly pixels: Uint8Array | Uint8ClampedArray | Float32Array;
  private readonly labels?: Int32Array;
  private readonly seed: number;
  private order: number[] = [];
  private epoch = -1;
  private cursor = 0;

  /**
   * `images` is a [count, height, width, channels] tensor of values in [0, 1] (read once, and
   * left to the caller), or raw pixels with their shape.
   */
  constructor(
    images: tf.Tensor4D | { pixels: Uint8Array | Uint8ClampedArray | Float32Array; shape: readonly [number, number, number, number] },
    options: InMemoryOptions = {},
  ) {
    const shape = images instanceof tf.Tensor ? images.shape : images.shape;
    const [count, h, w, c] = shape;
    if (images instanceof tf.Tensor) {
      this.pixels = images.dataSync() as Float32Array; // once, at construction
    } else {
      if (images.pixels.length !== count * h * w * c) {
        throw new TrainingError('shape-mismatch', `Got ${images.pixels.length} pixel values for ${count} images of ${h}×${w}×${c}.`);
      }
      this.pixels = images.pixels;
    }
    this.size = count;
    this.imageShape = [h, w, c];
    this.numClasses = options.labels ? (options.numClasses ?? 0) : 0;
    checkTrainingSet(count, options.labels, this.numClasses, options.classNames);
    if (options.labels) this.labels = Int32Array.from(options.labels);
    this.seed = options.seed ?? 0;
    const startAt = Math.max(0, Math.floor(options.startAt ?? 0));
    if (startAt > 0) {
      this.shuffleEpoch(Math.floor(startAt / count));
      this.cursor = startAt % count;
    }
  }

  private shuffleEpoch(epoch: number): void {
    this.epoch = epoch;
    this.order = new CounterRng(this.seed, 'epoch', epoch).shuffle(Array.from({ length: this.size }, (_, i) => i));
    this.cursor = 0;
  }

  private nextIndices(n: number): number[] {
    const out: number[] = [];
    while (out.length < n) {
      if (this.cursor >= this.order.length) this.shuffleEpoch(this.epoch + 1);
      const take = Math.min(n - out.length, this.order.length - this.cursor);
      for (let i = 0; i < take; i++) out.push(this.order[this.cursor + i]);
      this.cursor += take;
    }
    return out;
  }

  nextBatch(batchSize: number): Batch {
    const indices = this.nextIndices(batchSize);
    const [h, w, c] = this.imageShape;
    const per = h * w * c;
    const data = new Float32Array(batchSize * per);
    const bytes = !(this.pixels instanceof Float32Array);
    indices.forEach((src, i) => {
      const from = this.pixels.subarray(src * per, (src + 1) * per);
      if (!bytes) data.set(from, i * per);
      else for (let k = 0; k < per; k++) data[i * per + k] = from[k] / 255;
    });
    const x = tf.tensor4d(data, [batchSize, h, w, c]);
    const labels = this.labels ? tf.tensor1d(indices.map((i) => this.labels![i]), 'int32') : undefined;
    return { x, labels };
  }
}

/**
 * Applies `transform` (e.g. the augmentation pipeline on the GPU) to every batch of `source`.
 * `transform` receives the batch and its running index; its input is disposed after it returns.
 */
export function withTransform(
  source: DataSource,
  transform: (x: tf.Tensor4D, batchIndex: number) => tf.Tensor4D | Promise<tf.Tensor4D>,
): DataSource {
  let index = 0;
  return {
    size: source.size,
    imageShape: source.imageShape,
    numClasses: source.numClasses,
    async nextBatch(batchSize: number): Promise<Batch> {
      const batch = await source.nextBatch(batchSize);
      const x = await transform(batch.x, index++);
      if (x !== batch.x) batch.x.dispose();
      return { x, labels: batch.labels };
    },
    dispose: () => source.dispose?.(),
  };
}
