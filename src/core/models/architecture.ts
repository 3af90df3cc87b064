/**
 * How a working resolution maps to a stack of stride-2 stages, shared by the GAN, the VAE and
 * the classifier so that they all grow the same way.
 *
 * 28 (MNIST-like) starts from 7x7 and doubles twice; the powers of two start from 4x4.
 */
import { TrainingError } from './errors';

export const SUPPORTED_SIZES = [28, 32, 64, 128] as const;
export type ModelSize = (typeof SUPPORTED_SIZES)[number];

export interface StagePlan {
  size: number;
  /** Side of the smallest feature map. */
  base: number;
  /** Number of stride-2 (de)convolutions between base and size. */
  stages: number;
}

export function stagePlan(size: number): StagePlan {
  if (!(SUPPORTED_SIZES as readonly number[]).includes(size)) {
    throw new TrainingError(
      'bad-config',
      `Models are built for ${SUPPORTED_SIZES.join(', ')} pixel images; this dataset is ${size}×${size}. ` +
        `Choose one of those working resolutions.`,
    );
  }
  const base = size === 28 ? 7 : 4;
  return { size, base, stages: Math.round(Math.log2(size / base)) };
}

/**
 * Channel widths per stage from the full-resolution end: width, 2*width, 4*width, ... capped,
 * so 64x64 and 128x128 models stay trainable in a browser.
 */
export function stageWidths(stages: number, width: number, capMultiple = 4): number[] {
  const out: number[] = [];
  for (let k = 0; k < stages; k++) out.push(width * Math.min(2 ** k, capMultiple));
  return out;
}

export function assertChannels(channels: number): asserts channels is 1 | 3 {
  if (channels !== 1 && channels !== 3) {
    throw new TrainingError('bad-config', `Images must have 1 (grey) or 3 (RGB) channels, got ${channels}.`);
  }
}

export function assertPositiveInt(name: string, value: number, min = 1, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TrainingError('bad-config', `${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
}
