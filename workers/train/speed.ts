/**
 * Training speed on this machine: the benchmark models (28×28×1 DCGAN — generator dense →
 * 7×7×128 → deconv 64 → deconv 1, discriminator conv 64 → conv 128 → dense 1 — and the small
 * conv VAE) on random images, timed in windows that end with a loss read-back (so asynchronous
 * GPU backends are timed to completion), with GFLOP/s from the layers' shapes.
 */
import * as tf from '@tensorflow/tfjs';
import {
  GanTrainer,
  InMemorySource,
  VaeTrainer,
  buildGan,
  buildVae,
  disposeGan,
  disposeVae,
  ganSettings,
  ganStepFlops,
  measureTrainingSpeed,
  vaeSettings,
  vaeStepFlops,
  type SpeedReport,
} from '../../src/core/models';
import { CounterRng } from '../../src/core/rng';
import type { SpeedTestRequest } from './types';

const IMAGES = 512;

function randomImages(): Uint8Array {
  const rng = new CounterRng(5, 'speed');
  return Uint8Array.from({ length: IMAGES * 28 * 28 }, () => rng.int(0, 255));
}

export async function speedTest(req: SpeedTestRequest): Promise<SpeedReport & { model: string }> {
  const batchSize = Math.max(1, Math.min(IMAGES, Math.round(req.batchSize)));
  const source = new InMemorySource({ pixels: randomImages(), shape: [IMAGES, 28, 28, 1] }, { seed: 1 });
  const options = { warmupSteps: req.warmupSteps, windows: req.windows, windowSteps: req.windowSteps, backend: tf.getBackend() };
  if (req.model === 'dcgan') {
    const gan = buildGan({ size: 28, channels: 1 });
    const trainer = new GanTrainer(gan);
    try {
      const r = await measureTrainingSpeed(trainer, source, ganSettings({ batchSize }), { ...options, flopsPerStep: ganStepFlops(gan, batchSize) });
      return { ...r, model: 'DCGAN 28×28×1' };
    } finally {
      trainer.dispose();
      disposeGan(gan);
    }
  }
  const vae = buildVae({ size: 28, channels: 1 });
  const trainer = new VaeTrainer(vae);
  try {
    const r = await measureTrainingSpeed(trainer, source, vaeSettings({ batchSize }), { ...options, flopsPerStep: vaeStepFlops(vae, batchSize) });
    return { ...r, model: 'conv VAE 28×28×1 (16-d latent)' };
  } finally {
    trainer.dispose();
    disposeVae(vae);
  }
}
