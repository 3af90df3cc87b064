/**
 * Drawing images from trained models: per-class batches for the dataset, interpolation strips
 * and latent walks for teaching, reconstructions for the VAE. All outputs are pixels in [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import { TrainingError } from './errors';
import type { Gan } from './gan';
import { imageSeed, noiseValues, type NoiseOptions } from './noise';
import { toSampleGrid, type SampleGrid } from './trainer';
import type { Vae } from './vae';

export type Generative = Gan | Vae;

function latentDim(model: Generative): number {
  return model.config.latentDim;
}

function numClasses(model: Generative): number {
  return model.config.numClasses;
}

/** The network that maps [z (, onehot)] to pixels. */
function pixelModel(model: Generative): tf.LayersModel {
  return model.config.kind === 'gan' ? (model as Gan).generator : (model as Vae).decoder;
}

function checkClass(model: Generative, classId: number | null | undefined): void {
  const k = numClasses(model);
  if (k === 0 && classId != null) throw new TrainingError('bad-config', 'This model is not conditional: it cannot draw a given class.');
  if (k > 0 && (classId == null || !Number.isInteger(classId) || classId < 0 || classId >= k)) {
    throw new TrainingError('bad-config', `Choose a class id from 0 to ${k - 1} for this conditional model (got ${classId}).`);
  }
}

function onehot(classIds: number[], k: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(classIds, 'int32'), k), 'float32') as tf.Tensor2D;
}

/** Decodes latent vectors [n, latentDim] (for one class, if conditional). */
export function decodeLatents(model: Generative, z: tf.Tensor2D, classId?: number | null): tf.Tensor4D {
  checkClass(model, classId);
  return tf.tidy(() => {
    const k = numClasses(model);
    const inputs = k > 0 ? [z, onehot(new Array(z.shape[0]).fill(classId), k)] : z;
    return pixelModel(model).predict(inputs) as tf.Tensor4D;
  });
}

/** Images for the given per-image seeds (see noise.ts), one class id each if conditional. */
export function generateFromSeeds(model: Generative, seeds: number[], classIds?: number[], noise: NoiseOptions = {}): tf.Tensor4D {
  const k = numClasses(model);
  if (k > 0) {
    if (!classIds || classIds.length !== seeds.length) {
      throw new TrainingError('bad-config', 'A conditional model needs one class id per seed.');
    }
    classIds.forEach((c) => checkClass(model, c));
  }
  return tf.tidy(() => {
    const z = tf.tensor2d(noiseValues(seeds, latentDim(model), noise), [seeds.length, latentDim(model)]);
    const inputs = k > 0 ? [z, onehot(classIds!, k)] : z;
    return pixelModel(model).predict(inputs) as tf.Tensor4D;
  });
}

export interface GenerationRequest {
  /** Class id, or null for an unconditional model. */
  classId: number | null;
  count: number;
}

/** N images for each of the given classes (or N in total for an unconditional model). */
export function perClassPlan(model: Generative, count: number, classIds?: number[]): GenerationRequest[] {
  const k = numClasses(model);
  if (k === 0) return [{ classId: null, count }];
  return (classIds ?? Array.from({ length: k }, (_, i) => i)).map((classId) => ({ classId, count }));
}

/** Tops every class up to `target` images (classes already there get none). */
export function balancePlan(classCounts: readonly number[], target: number): GenerationRequest[] {
  return classCounts.flatMap((have, classId) => (have < target ? [{ classId, count: target - have }] : []));
}

export interface GeneratedChunk extends SampleGrid {
  classId: number | null;
  /** Per-image seeds: with the checkpoint and class they regenerate each image exactly. */
  seeds: number[];
}

/**
 * Generates the plan in batches, yielding bytes ready for storage. Image i of class c uses
 * seed imageSeed(runSeed, i, c), so a run can be resumed or any image redrawn on its own.
 */
export async function* generateImages(
  model: Generative,
  plan: GenerationRequest[],
  options: NoiseOptions & { runSeed: number; batchSize?: number },
): AsyncGenerator<GeneratedChunk, void, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  plan.forEach((r) => checkClass(model, r.classId));
  for (const { classId, count } of plan) {
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const seeds = Array.from({ length: n }, (_, i) => imageSeed(options.runSeed, start + i, classId ?? -1));
      const images = generateFromSeeds(model, seeds, classId === null ? undefined : new Array(n).fill(classId), options);
      const grid = await toSampleGrid(images);
      images.dispose();
      yield { ...grid, classId, seeds };
    }
  }
}

/** Points from a to b: 'slerp' follows the Gaussian shell (White 2016), 'lerp' the chord. */
export function interpolate(a: Float32Array, b: Float32Array, steps: number, mode: 'slerp' | 'lerp' = 'slerp'): Float32Array {
  if (a.length !== b.length) throw new Error('Interpolation endpoints differ in length.');
  const dim = a.length;
  const out = new Float32Array(steps * dim);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < dim; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (Math.sqrt(na * nb) || 1))));
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    let wa = 1 - t;
    let wb = t;
    if (mode === 'slerp' && omega > 1e-4) {
      wa = Math.sin((1 - t) * omega) / Math.sin(omega);
      wb = Math.sin(t * omega) / Math.sin(omega);
    }
    for (let i = 0; i < dim; i++) out[s * dim + i] = wa * a[i] + wb * b[i];
  }
  return out;
}

/** GAN strip: images along the path between the noise vectors of two seeds. */
export function noiseInterpolation(
  model: Generative,
  seedA: number,
  seedB: number,
  steps: number,
  options: { classId?: number | null; mode?: 'slerp' | 'lerp' } & NoiseOptions = {},
): tf.Tensor4D {
  const dim = latentDim(model);
  const ends = noiseValues([seedA, seedB], dim, options);
  const path = interpolate(ends.subarray(0, dim), ends.subarray(dim), steps, options.mode ?? 'slerp');
  const z = tf.tensor2d(path, [steps, dim]);
  const out = decodeLatents(model, z, options.classId);
  z.dispose();
  return out;
}

/** Posterior means for images (and their class ids, for a conditional VAE). */
export function encode(vae: Vae, images: tf.Tensor4D, classIds?: number[]): tf.Tensor2D {
  const k = vae.config.numClasses;
  if (k > 0 && (!classIds || classIds.length !== images.shape[0])) {
    throw new TrainingError('bad-config', 'A conditional VAE needs the class of each image it encodes.');
  }
  return tf.tidy(() => {
    const [mu] = vae.encoder.predict(k > 0 ? [images, onehot(classIds!, k)] : images) as tf.Tensor2D[];
    return mu;
  });
}

/** Reconstructions (decoded posterior means), for showing beside the inputs. */
export function reconstruct(vae: Vae, images: tf.Tensor4D, classIds?: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const mu = encode(vae, images, classIds);
    const k = vae.config.numClasses;
    return vae.decoder.predict(k > 0 ? [mu, onehot(classIds!, k)] : mu) as tf.Tensor4D;
  });
}

/** VAE strip between two images: encode both, walk between the means, decode (one class if conditional). */
export async function imageInterpolation(
  vae: Vae,
  imageA: tf.Tensor3D,
  imageB: tf.Tensor3D,
  steps: number,
  options: { classId?: number | null; mode?: 'slerp' | 'lerp' } = {},
): Promise<tf.Tensor4D> {
  const k = vae.config.numClasses;
  const ids = k > 0 ? [options.classId!, options.classId!] : undefined;
  const pair = tf.stack([imageA, imageB]) as tf.Tensor4D;
  const mu = encode(vae, pair, ids);
  const ends = (await mu.data()) as Float32Array;
  tf.dispose([pair, mu]);
  const dim = vae.config.latentDim;
  const path = interpolate(ends.subarray(0, dim), ends.subarray(dim), steps, options.mode ?? 'lerp');
  const z = tf.tensor2d(path, [steps, dim]);
  const out = decodeLatents(vae, z, k > 0 ? options.classId : null);
  z.dispose();
  return out;
}

/**
 * 2-D latent walk: an n x n grid over latent dimensions (dimX, dimY) in [-span, span], the other
 * dimensions held at `center` (default 0, the prior mean). Row-major, y down.
 */
export function latentGrid(
  model: Generative,
  n: number,
  options: { span?: number; dimX?: number; dimY?: number; center?: Float32Array; classId?: number | null } = {},
): tf.Tensor4D {
  const dim = latentDim(model);
  const { span = 2.5, dimX = 0, dimY = Math.min(1, dim - 1), center } = options;
  const z = new Float32Array(n * n * dim);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const row = z.subarray((r * n + c) * dim, (r * n + c + 1) * dim);
      if (center) row.set(center);
      const at = (i: number) => (n === 1 ? 0 : -span + (2 * span * i) / (n - 1));
      row[dimX] = at(c);
      row[dimY] = at(r);
    }
  }
  const zt = tf.tensor2d(z, [n * n, dim]);
  const out = decodeLatents(model, zt, options.classId);
  zt.dispose();
  return out;
}
