/**
 * Stratified, seeded selections of image indices: the hold-out validation split (for data that
 * came without one) and the low-data subsample (n images per class). Pure functions of their
 * seed, built on the project's counter-based RNG, so a run is reproducible anywhere.
 */
import { CounterRng } from '../rng';

/** Indices of each class, in ascending order. */
function byClass(labels: ArrayLike<number>, numClasses: number): number[][] {
  const groups = Array.from({ length: numClasses }, () => [] as number[]);
  for (let i = 0; i < labels.length; i++) groups[labels[i]].push(i);
  return groups;
}

export interface HoldOutSplit {
  train: number[];
  validation: number[];
}

/**
 * Holds out round(fraction × count) images of every class (at least 1 and at most count - 1, so
 * each class with 2 or more images keeps images on both sides; a class with 1 image stays in
 * training). Indices come back sorted.
 */
export function holdOutSplit(labels: ArrayLike<number>, numClasses: number, fraction: number, seed: number): HoldOutSplit {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`The hold-out fraction must be between 0 and 1, got ${fraction}.`);
  const train: number[] = [];
  const validation: number[] = [];
  byClass(labels, numClasses).forEach((indices, c) => {
    const n = indices.length;
    const held = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
    const order = new CounterRng(seed, 'holdout', c).shuffle(indices);
    validation.push(...order.slice(0, held));
    train.push(...order.slice(held));
  });
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

export interface Subsample {
  /** Chosen indices (into the labels given), sorted. */
  indices: number[];
  /** Classes with fewer than `perClass` images: all of theirs were taken. */
  short: Array<{ classId: number; available: number }>;
}

/**
 * Up to `perClass` images of every class, drawn by a per-class shuffle keyed by the seed. For one
 * seed the subsets are nested (the 10 images chosen for n = 10 are among the 25 for n = 25), so
 * an accuracy-vs-n curve adds data instead of redrawing it.
 */
export function stratifiedSubsample(labels: ArrayLike<number>, numClasses: number, perClass: number, seed: number): Subsample {
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`Images per class must be a whole number >= 1, got ${perClass}.`);
  const indices: number[] = [];
  const short: Subsample['short'] = [];
  byClass(labels, numClasses).forEach((group, c) => {
    if (group.length < perClass) short.push({ classId: c, available: group.length });
    indices.push(...new CounterRng(seed, 'subsample', c).shuffle(group).slice(0, perClass));
  });
  return { indices: indices.sort((a, b) => a - b), short };
}
