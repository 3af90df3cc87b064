/**
 * FCD, the Fréchet classifier distance: the Fréchet distance (as in FID, the squared form)
 * between Gaussian fits of feature-CNN features of two image sets. Lower is closer; comparable
 * only between runs that use the same feature CNN protocol (FCD_PROTOCOL in models/classifier).
 */
import type { FeatureSet } from './features';
import { frechetDistance, gaussianStats, type GaussianStats } from './frechetDistance';

export function featureStats(set: FeatureSet): GaussianStats {
  return gaussianStats(set.values, set.count, set.dim);
}

export function fcd(real: FeatureSet | GaussianStats, generated: FeatureSet | GaussianStats): number {
  const stats = (s: FeatureSet | GaussianStats) => ('covariance' in s ? s : featureStats(s));
  return frechetDistance(stats(real), stats(generated));
}
