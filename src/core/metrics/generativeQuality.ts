/**
 * The Generate tab's quality report in one call: FCD and precision/recall in the feature CNN's
 * space (generated vs held-out real), and the memorisation check in pixel space (generated vs
 * the training images).
 */
import type * as tf from '@tensorflow/tfjs';
import { fcd } from './fcd';
import { extractFeatures, type ImageBatches } from './features';
import { closestPairs, nearestRealImages, type NearPair, type RealBatches } from './memorisation';
import { precisionRecall } from './precisionRecall';

export interface GenerativeQuality {
  /** Fréchet classifier distance (lower is better). */
  fcd: number;
  /** Share of generated images on the real-image manifold (fidelity). */
  precision: number;
  /** Share of real images on the generated manifold (coverage). */
  recall: number;
  k: number;
  realCount: number;
  generatedCount: number;
  memorisation?: {
    /** Closest generated/training pairs, closest first. */
    closest: NearPair[];
    /** Median and minimum RMS pixel distance to the nearest training image. */
    medianRms: number;
    minRms: number;
  };
}

export interface QualityInputs {
  /** featureExtractor(trained feature CNN): images in [0, 1] -> 128-d features. */
  extractor: tf.LayersModel;
  /** Held-out real images (the reference set). Batches from an iterable are disposed. */
  real: ImageBatches;
  /** Generated images in [0, 1]; left to the caller. */
  generated: tf.Tensor4D;
  /** Training images for the memorisation check; skipped when absent. */
  training?: RealBatches;
  /** Neighbourhood size for precision/recall (3, as Kynkäänniemi et al.). */
  k?: number;
  closestCount?: number;
}

export async function measureGenerativeQuality(inputs: QualityInputs): Promise<GenerativeQuality> {
  const k = inputs.k ?? 3;
  const real = await extractFeatures(inputs.extractor, inputs.real);
  const generated = await extractFeatures(inputs.extractor, inputs.generated);
  const pr = await precisionRecall(real, generated, k);
  const report: GenerativeQuality = {
    fcd: fcd(real, generated),
    precision: pr.precision,
    recall: pr.recall,
    k,
    realCount: real.count,
    generatedCount: generated.count,
  };
  if (inputs.training) {
    const nearest = await nearestRealImages(inputs.generated, inputs.training);
    const sorted = Float32Array.from(nearest.rms).sort();
    report.memorisation = {
      closest: closestPairs(nearest, inputs.closestCount ?? 8),
      medianRms: sorted[Math.floor(sorted.length / 2)],
      minRms: sorted[0],
    };
  }
  return report;
}
