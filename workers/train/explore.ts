/**
 * Looking inside a trained model, for teaching: interpolation strips (between two noise vectors
 * for GANs and VAEs, between two chosen images for VAEs), VAE reconstructions beside their inputs,
 * and a 2-D latent walk. Everything comes back as ImageBitmaps; the UI animates the strips.
 */
import * as tf from '@tensorflow/tfjs';
import { CounterRng } from '../../src/core/rng';
import { TrainingError, imageInterpolation, latentGrid, noiseInterpolation, reconstruct, type Vae } from '../../src/core/models';
import { stripBitmaps, tileBitmap, toBytes } from './images';
import type { TrainingSession } from './session';
import type { Strip } from './types';

function classIdOf(session: TrainingSession, className: string | null | undefined): number | null {
  if (!session.conditional) return null;
  const i = className ? session.run.classes.indexOf(className) : 0;
  if (i < 0) throw new TrainingError('bad-config', `The model was not trained on class '${className}'.`);
  return i;
}

function vaeOf(session: TrainingSession): Vae {
  if (session.model.config.kind !== 'vae') throw new TrainingError('bad-config', 'Reconstructions and image interpolation need a VAE (a GAN has no encoder).');
  return session.model as Vae;
}

function clampSteps(steps: number): number {
  return Math.max(2, Math.min(32, Math.round(steps)));
}

/** Images along the great circle between the noise vectors of two seeds (one class, if conditional). */
export async function noiseStrip(session: TrainingSession, seedA: number, seedB: number, steps: number, className?: string | null): Promise<Strip> {
  const images = noiseInterpolation(session.model, seedA >>> 0, seedB >>> 0, clampSteps(steps), { classId: classIdOf(session, className), mode: 'slerp' });
  try {
    return await stripBitmaps(images);
  } finally {
    images.dispose();
  }
}

/** VAE: encode two training images, walk between their posterior means, decode. */
export async function imageStrip(session: TrainingSession, indexA: number, indexB: number, steps: number): Promise<Strip & { ends: ImageBitmap[] }> {
  const vae = vaeOf(session);
  const { x, labels } = session.trainImages([indexA, indexB]);
  try {
    const [a, b] = tf.unstack(x) as tf.Tensor3D[];
    // A conditional VAE decodes the whole strip as the first image's class.
    const images = await imageInterpolation(vae, a, b, clampSteps(steps), { classId: session.conditional ? labels[0] : null, mode: 'lerp' });
    tf.dispose([a, b]);
    try {
      const strip = await stripBitmaps(images);
      const ends = (await stripBitmaps(x)).frames;
      return { ...strip, ends };
    } finally {
      images.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** Training images with their index and class, to choose interpolation endpoints from. */
export async function pickImages(session: TrainingSession, count: number, seed: number, className?: string | null): Promise<Array<{ index: number; label: string; bitmap: ImageBitmap }>> {
  const { train, classes } = session.data;
  const pool: number[] = [];
  const want = className ? classes.indexOf(className) : -1;
  for (let i = 0; i < train.count; i++) if (want < 0 || train.labels[i] === want) pool.push(i);
  const picked = new CounterRng(seed >>> 0, 'pick').shuffle(pool).slice(0, Math.max(1, Math.min(32, count)));
  if (picked.length === 0) return [];
  const { x } = session.trainImages(picked);
  try {
    const { frames } = await stripBitmaps(x);
    return picked.map((index, k) => ({ index, label: classes[train.labels[index]] ?? '', bitmap: frames[k] }));
  } finally {
    x.dispose();
  }
}

/** VAE: inputs (top row) and their reconstructions (bottom row). */
export async function reconstructions(session: TrainingSession, count: number, seed: number): Promise<{ inputs: ImageBitmap; outputs: ImageBitmap; count: number }> {
  const vae = vaeOf(session);
  const n = Math.max(1, Math.min(16, count, session.data.train.count));
  const indices = new CounterRng(seed >>> 0, 'recon').shuffle(Array.from({ length: session.data.train.count }, (_, i) => i)).slice(0, n);
  const { x, labels } = session.trainImages(indices);
  const out = reconstruct(vae, x, session.conditional ? labels : undefined);
  try {
    const [inputs, outputs] = await Promise.all([stripBitmaps(x), stripBitmaps(out)]);
    inputs.frames.forEach((f) => f.close());
    outputs.frames.forEach((f) => f.close());
    return { inputs: inputs.strip, outputs: outputs.strip, count: n };
  } finally {
    tf.dispose([x, out]);
  }
}

/** An n×n walk over two latent dimensions around the prior mean (one class, if conditional). */
export async function latentWalk(session: TrainingSession, n: number, className?: string | null, dims: [number, number] = [0, 1]): Promise<ImageBitmap> {
  const side = Math.max(2, Math.min(12, Math.round(n)));
  const dim = session.model.config.latentDim;
  const images = latentGrid(session.model, side, {
    classId: classIdOf(session, className),
    dimX: Math.min(dims[0], dim - 1),
    dimY: Math.min(dims[1], dim - 1),
  });
  try {
    const [count, size, , channels] = images.shape;
    return await tileBitmap({ pixels: await toBytes(images), count, size, channels }, side);
  } finally {
    images.dispose();
  }
}
