/** Generative models, classifiers and their training loops: the API the train worker uses. */
export { SUPPORTED_SIZES, stagePlan, type ModelSize } from './architecture';
export { Adam, type AdamHyper } from './adam';
export { measureTrainingSpeed, type SpeedReport } from './benchmark';
export {
  CHECKPOINT_FORMAT,
  decodeCheckpoint,
  encodeCheckpoint,
  validateCheckpoint,
  type Checkpoint,
  type CheckpointMeta,
  type ModelConfig,
} from './checkpoint';
export {
  FCD_FEATURE_DIM,
  FCD_FEATURE_LAYER,
  FCD_PROTOCOL,
  buildClassifier,
  buildFeatureCnn,
  classifierConfig,
  featureExtractor,
  type ClassifierConfig,
} from './classifier';
export { ClassifierTrainer, classifierSettings, evaluateClassifier, type ClassifierSettings } from './classifierTrainer';
export { InMemorySource, checkTrainingSet, withTransform, type Batch, type DataSource, type InMemoryOptions } from './dataSource';
export { TrainingError, explainStepError, type TrainingErrorCode } from './errors';
export { ganStepFlops, layerMacs, vaeStepFlops } from './flops';
export { buildGan, disposeGan, ganConfig, type Gan, type GanConfig } from './gan';
export { GanTrainer, ganSettings, type GanSettings, type GanTrainerOptions } from './ganTrainer';
export { LossHistory, type LossHistoryJson } from './history';
export { imageSeed, noiseTensor, noiseValues, type NoiseOptions } from './noise';
export {
  balancePlan,
  decodeLatents,
  encode,
  generateFromSeeds,
  generateImages,
  imageInterpolation,
  interpolate,
  latentGrid,
  noiseInterpolation,
  perClassPlan,
  reconstruct,
  type GeneratedChunk,
  type Generative,
  type GenerationRequest,
} from './sampling';
export { exportGenerative, exportTfjs, importGan, importTfjs, importVae, type TfjsArtifacts } from './tfjsFormat';
export { Trainer, toSampleGrid, type BaseSettings, type SampleGrid, type TrainEvent } from './trainer';
export { restoreCheckpoint, resumeGanTrainer, resumeVaeTrainer, saveCheckpoint } from './trainerCheckpoint';
export { buildVae, disposeVae, vaeConfig, type Vae, type VaeConfig } from './vae';
export { VaeTrainer, vaeSettings, type VaeSettings, type VaeTrainerOptions } from './vaeTrainer';
