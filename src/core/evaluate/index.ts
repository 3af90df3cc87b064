/** The Evaluate experiment's pure core: see README.md in this folder. */
export * from './types';
export { runExperiment, runExperimentToEnd, defaultModelBuilder } from './experiment';
export { runSweep, planSweep, sweepCurves, type SweepEvent, type SweepResult, type SweepCurve } from './sweep';
export { planExperiment, prepareExperiment, DEFAULT_SEEDS, DEFAULT_BUDGET, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_HOLD_OUT } from './prepare';
export { estimateSeconds, measureStepTiming, formatDuration, type StepTiming, type MeasureOptions } from './estimate';
export { linearProbeBuilder } from './probe';
export { summariseArm, armVerdicts, confusionCell } from './summarise';
export {
  accuracy,
  macroF1,
  confusionMatrix,
  classificationMetrics,
  metricsFromConfusion,
  sumConfusions,
  perClassAccuracyFromConfusion,
  perClassF1FromConfusion,
  type ClassificationMetrics,
} from './metrics';
export {
  meanStd,
  pairedTTest,
  verdict,
  formatP,
  formatPercent,
  formatMeanStd,
  ARM_WORDS,
  type MeanStd,
  type PairedTTest,
  type Verdict,
  type VerdictKind,
  type VerdictOptions,
} from './significance';
export { tCdf, tTwoSidedP, tQuantile, regularizedIncompleteBeta, logGamma } from './tDistribution';
export { holdOutSplit, stratifiedSubsample, type HoldOutSplit, type Subsample } from './split';
export { fromTensors, toTensors, selectImages, classCounts, checkLabelledImages, type LabelledImages, type PixelArray } from './labelledImages';
export { mixSources, realShare } from './mixedSource';
export { predictClasses } from './predict';
export {
  buildReport,
  reportToJson,
  reportToHtml,
  parseReport,
  REPORT_SCHEMA,
  REPORT_VERSION,
  REPORT_CONVENTIONS,
  type EvaluateReport,
  type ReportInputs,
  type ReportDataset,
  type ReportPipeline,
  type ReportGenerator,
  type ReportQuality,
} from './report';
