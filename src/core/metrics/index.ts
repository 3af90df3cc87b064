/** Image-set quality metrics in a classifier's feature space (FCD, precision/recall) and pixel space (memorisation). */
export { fcd, featureStats } from './fcd';
export { extractFeatures, type FeatureSet, type ImageBatches } from './features';
export { frechetDistance, gaussianStats, type GaussianStats } from './frechetDistance';
export { measureGenerativeQuality, type GenerativeQuality, type QualityInputs } from './generativeQuality';
export { closestPairs, nearestRealImages, type NearPair, type NearestReal, type RealBatches } from './memorisation';
export { precisionRecall, type PrecisionRecall } from './precisionRecall';
export { symmetricEigen, symmetricMatrixFunction, type Eigen } from './symmetricEigen';
