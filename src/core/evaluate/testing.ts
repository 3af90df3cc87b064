/** Tiny fixtures for the experiment tests: 8×8 grey images, a tiny dense classifier, flip augmentations. */
import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../models/init';
import { CounterRng } from '../rng';
import type { LabelledImages } from './labelledImages';
import type { AugmentFn, ModelBuilder } from './types';

export const SIDE = 8;

type Painter = (rng: CounterRng) => Array<[row: number, col: number]>;

/** Images of painted pixels (value 1) on faint seeded noise (0–0.1), `perClass` of each painter. */
export function paint(painters: readonly Painter[], perClass: number, seed: number): LabelledImages {
  const n = painters.length * perClass;
  const pixels = new Float32Array(n * SIDE * SIDE);
  const labels = new Int32Array(n);
  const rng = new CounterRng('evaluate-fixture', seed);
  for (let i = 0; i < n; i++) {
    const c = i % painters.length;
    labels[i] = c;
    const base = i * SIDE * SIDE;
    for (let k = 0; k < SIDE * SIDE; k++) pixels[base + k] = 0.1 * rng.next();
    for (const [r, col] of painters[c](rng)) pixels[base + r * SIDE + col] = 1;
  }
  return { pixels, shape: [n, SIDE, SIDE, 1], labels, ids: Array.from({ length: n }, (_, i) => `img-${seed}-${i}`) };
}

/** Class 0: a vertical bar 3 long; class 1: a horizontal bar 3 long; both in the left half (columns 0–3). */
export const leftBars: Painter[] = [
  (rng) => {
    const x = rng.int(0, 3);
    const y = rng.int(1, 3);
    return [[y, x], [y + 1, x], [y + 2, x]];
  },
  (rng) => {
    const x = rng.int(0, 1);
    const y = rng.int(1, 6);
    return [[y, x], [y, x + 1], [y, x + 2]];
  },
];

/** Class 0: an arrow pointing up; class 1: the same arrow pointing down (its vertical mirror). */
function upArrow(rng: CounterRng): Array<[number, number]> {
  const x = rng.int(2, 5);
  const px: Array<[number, number]> = [[1, x - 1], [1, x + 1], [2, x - 2], [2, x + 2]];
  for (let r = 0; r <= 6; r++) px.push([r, x]);
  return px;
}
export const arrows: Painter[] = [upArrow, (rng) => upArrow(rng).map(([r, c]) => [SIDE - 1 - r, c] as [number, number])];

/** Mirrors every image left–right (a copy). */
export function mirrored(set: LabelledImages): LabelledImages {
  const [n, h, w, c] = set.shape;
  const pixels = new Float32Array(set.pixels.length);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < h; r++) {
      for (let col = 0; col < w; col++) {
        for (let k = 0; k < c; k++) pixels[((i * h + r) * w + col) * c + k] = set.pixels[((i * h + r) * w + (w - 1 - col)) * c + k];
      }
    }
  }
  return { ...set, pixels };
}

/** Flips each image of a batch along `axis` (1 = vertical, 2 = horizontal) with probability 1/2, keyed by (seed, step). */
export function randomFlip(axis: 1 | 2): AugmentFn {
  return (x, seed, step) =>
    tf.tidy(() => {
      const rng = new CounterRng('flip', seed, step);
      const n = x.shape[0];
      const mask = tf.tensor4d(Array.from({ length: n }, () => (rng.bool(0.5) ? 1 : 0)), [n, 1, 1, 1]);
      return tf.add(tf.mul(tf.reverse(x, axis), mask), tf.mul(x, tf.sub(1, mask))) as tf.Tensor4D;
    });
}

/** flatten → dense 16 (ReLU) → dense classes, seeded: milliseconds per step on the CPU backend. */
export const tinyDense: ModelBuilder = (seed, shape, numClasses) => {
  const input = tf.input({ shape: [...shape] });
  let h = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'h') }) }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'out') }) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
};
