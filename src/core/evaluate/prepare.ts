/**
 * Turns an experiment config into what the runs need, without touching tensors: the validation
 * set (given, or held out), the real training set of each seed (all of it, or n per class), the
 * arms and the step budget. No tensors and no training: `planExperiment` is cheap, so the UI can
 * show the plan and a time estimate before starting.
 */
import { InMemorySource, type DataSource } from '../models/dataSource';
import { TrainingError } from '../models/errors';
import { hashKey } from '../rng';
import { checkLabelledImages, classCounts, selectImages, type LabelledImages } from './labelledImages';
import { realShare } from './mixedSource';
import { holdOutSplit, stratifiedSubsample } from './split';
import { ARMS, type Arm, type Budget, type ExperimentConfig, type ExperimentPlan, type SourceFactory, type StreamedSet, type ValidationInfo } from './types';

export const DEFAULT_SEEDS = [1, 2, 3] as const;
export const DEFAULT_BUDGET: Budget = { epochs: 10 };
export const DEFAULT_BATCH_SIZE = 32;
export const DEFAULT_LEARNING_RATE = 1e-3;
export const DEFAULT_HOLD_OUT = { fraction: 0.2, seed: 0 } as const;

export function isLabelledImages(set: LabelledImages | StreamedSet): set is LabelledImages {
  return 'pixels' in set;
}

export interface PreparedExperiment {
  plan: ExperimentPlan;
  notes: string[];
  validation: LabelledImages;
  validationInfo: ValidationInfo;
  trainCountsPerClass: number[];
  /** A fresh, seeded source of the real training images of the run with this seed. */
  realSource(seed: number): DataSource;
  /** A fresh, seeded source of synthetic images (when the config has them). */
  syntheticSource?: SourceFactory;
}

/** The arms to run: 'real' first (the baseline), then the requested or possible ones, in ARMS order. */
export function resolveArms(config: Pick<ExperimentConfig, 'arms' | 'augment' | 'synthetic'>): Arm[] {
  const possible = (a: Arm): boolean => {
    const needsAugment = a === 'augmented' || a === 'both';
    const needsSynthetic = a === 'synthetic' || a === 'both';
    return (!needsAugment || !!config.augment) && (!needsSynthetic || !!config.synthetic);
  };
  const wanted = config.arms ?? ARMS.filter(possible);
  for (const a of wanted) {
    if (!ARMS.includes(a)) throw new TrainingError('bad-config', `Unknown arm '${a}'; arms are ${ARMS.join(', ')}.`);
    if ((a === 'augmented' || a === 'both') && !config.augment) {
      throw new TrainingError('bad-config', `Arm '${a}' needs an augmentation pipeline; choose one in the Augment tab or drop the arm.`);
    }
    if ((a === 'synthetic' || a === 'both') && !config.synthetic) {
      throw new TrainingError('bad-config', `Arm '${a}' needs synthetic images; train a generator or generate images first, or drop the arm.`);
    }
  }
  return ARMS.filter((a) => a === 'real' || wanted.includes(a));
}

function positive(name: string, v: number, integer = false): number {
  if (!(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new TrainingError('bad-config', `${name} must be a positive ${integer ? 'whole ' : ''}number, got ${v}.`);
  }
  return v;
}

export function prepareExperiment(config: ExperimentConfig): PreparedExperiment {
  const classNames = config.classNames;
  const numClasses = classNames.length;
  if (numClasses < 2) throw new TrainingError('bad-config', `A classifier needs at least 2 classes; this dataset has ${numClasses}.`);
  const arms = resolveArms(config);
  const seeds = [...(config.seeds ?? DEFAULT_SEEDS)];
  if (seeds.length === 0) throw new TrainingError('bad-config', 'Choose at least one seed.');
  if (new Set(seeds).size !== seeds.length) throw new TrainingError('bad-config', `Seeds must differ: ${seeds.join(', ')}.`);
  const requestedBatch = positive('Batch size', config.batchSize ?? DEFAULT_BATCH_SIZE, true);
  const learningRate = positive('Learning rate', config.learningRate ?? DEFAULT_LEARNING_RATE);
  const syntheticPerReal = positive('Synthetic images per real image', config.syntheticPerReal ?? 1);
  const perClass = config.perClass === undefined ? null : positive('Images per class', config.perClass, true);
  const notes: string[] = [...(config.notes ?? [])];
  const name = (c: number) => `'${classNames[c]}'`;

  // Validation: given, or held out from the training images (stratified, seeded).
  const train = config.train;
  let validation: LabelledImages;
  let validationInfo: ValidationInfo;
  let pool: number[] | null = null; // indices of train usable for training; null = all
  if (config.validation) {
    checkLabelledImages('Validation images', config.validation, numClasses);
    validation = config.validation;
    const n = validation.shape[0];
    validationInfo = {
      source: 'provided',
      count: n,
      countsPerClass: classCounts(validation.labels, numClasses),
      labels: Array.from(validation.labels),
      indices: Array.from({ length: n }, (_, i) => i),
      ...(validation.ids ? { ids: [...validation.ids] } : {}),
    };
  } else {
    if (!isLabelledImages(train)) {
      throw new TrainingError('bad-config', 'Streamed training data needs a separate validation set: a hold-out split needs the images in memory.');
    }
    checkLabelledImages('Training images', train, numClasses);
    const fraction = config.holdOut?.fraction ?? DEFAULT_HOLD_OUT.fraction;
    const seed = config.holdOut?.seed ?? DEFAULT_HOLD_OUT.seed;
    const split = holdOutSplit(train.labels, numClasses, fraction, seed);
    pool = split.train;
    validation = selectImages(train, split.validation);
    validationInfo = {
      source: 'held-out',
      count: split.validation.length,
      countsPerClass: classCounts(validation.labels, numClasses),
      labels: Array.from(validation.labels),
      indices: split.validation,
      ...(validation.ids ? { ids: [...validation.ids] } : {}),
      fraction,
      seed,
    };
    notes.push(
      `The dataset came without a validation split: ${Math.round(fraction * 100)}% of each class ` +
        `(${split.validation.length} images, seed ${seed}) was held out as validation, never trained on and never augmented.`,
    );
  }
  if (validationInfo.count === 0) throw new TrainingError('too-few-images', 'The validation set is empty: add validation images or more training images.');
  const missingVal = validationInfo.countsPerClass.flatMap((n, c) => (n === 0 ? [c] : []));
  if (missingVal.length > 0) {
    notes.push(`Class ${missingVal.map(name).join(', ')} has no validation images: its per-class accuracy cannot be measured.`);
  }

  // Real training images per run.
  let imageShape: [number, number, number];
  let trainImages: number;
  let trainCountsPerClass: number[];
  let realSource: (seed: number) => DataSource;
  if (isLabelledImages(train)) {
    if (!pool) checkLabelledImages('Training images', train, numClasses);
    const [, h, w, c] = train.shape;
    imageShape = [h, w, c];
    const poolIdx = pool ?? Array.from({ length: train.shape[0] }, (_, i) => i);
    const poolLabels = poolIdx.map((i) => train.labels[i]);
    const subsetFor = (seed: number): number[] => {
      if (perClass === null) return poolIdx;
      return stratifiedSubsample(poolLabels, numClasses, perClass, hashKey(seed, 'low-data')).indices.map((i) => poolIdx[i]);
    };
    const available = classCounts(poolLabels, numClasses);
    trainCountsPerClass = perClass === null ? available : available.map((n) => Math.min(n, perClass));
    trainImages = trainCountsPerClass.reduce((a, b) => a + b, 0);
    const empty = available.flatMap((n, c) => (n === 0 ? [name(c)] : []));
    if (empty.length > 0) {
      throw new TrainingError('empty-class', `Class ${empty.join(', ')} has no training images. Add images or leave the class out of the experiment.`);
    }
    if (perClass !== null) {
      const short = available.flatMap((n, c) => (n < perClass ? [`${name(c)} (${n})`] : []));
      if (short.length > 0) notes.push(`Fewer than ${perClass} training images in class ${short.join(', ')}: all of them were used.`);
      notes.push(`Low-data mode: at most ${perClass} real training images per class, drawn per seed (stratified, seeded).`);
    }
    // Every arm of a seed trains on the same subset: copy it once per seed, not once per run.
    let cached: { seed: number; set: LabelledImages } | null = null;
    const setFor = (seed: number): LabelledImages => {
      if (cached?.seed !== seed) {
        const indices = subsetFor(seed);
        cached = { seed, set: indices.length === train.shape[0] && pool === null ? train : selectImages(train, indices) };
      }
      return cached.set;
    };
    realSource = (seed) => {
      const set = setFor(seed);
      return new InMemorySource(
        { pixels: set.pixels, shape: set.shape },
        { labels: set.labels, numClasses, classNames, seed: hashKey(seed, 'batches') },
      );
    };
  } else {
    if (perClass !== null) throw new TrainingError('bad-config', 'Low-data mode needs the training images in memory, not streamed.');
    imageShape = [...train.imageShape];
    trainImages = train.size;
    trainCountsPerClass = [];
    realSource = (seed) => {
      const s = train.source(seed);
      if (s.numClasses !== numClasses) {
        throw new TrainingError('shape-mismatch', `The training source has ${s.numClasses} classes; the experiment has ${numClasses}.`);
      }
      return s;
    };
  }
  const [vh, vw, vc] = validation.shape.slice(1);
  if (vh !== imageShape[0] || vw !== imageShape[1] || vc !== imageShape[2]) {
    throw new TrainingError('shape-mismatch', `Validation images are ${vh}×${vw}×${vc} but training images are ${imageShape.join('×')}.`);
  }
  if (trainImages < 2) throw new TrainingError('too-few-images', `Training needs at least 2 images; there are ${trainImages}.`);

  // Synthetic images.
  let syntheticSource: SourceFactory | undefined;
  const synthetic = config.synthetic;
  if (synthetic && arms.some((a) => a === 'synthetic' || a === 'both')) {
    if (typeof synthetic === 'function') {
      syntheticSource = synthetic;
    } else {
      checkLabelledImages('Synthetic images', synthetic, numClasses);
      syntheticSource = (seed) => {
        // Synthetic sets may cover only some classes, so the per-class check is not applied.
        const inner = new InMemorySource({ pixels: synthetic.pixels, shape: synthetic.shape }, { labels: synthetic.labels, seed: hashKey(seed, 'synthetic') });
        return { size: inner.size, imageShape: inner.imageShape, numClasses, nextBatch: (n) => inner.nextBatch(n) };
      };
      const counts = classCounts(synthetic.labels, numClasses);
      const none = counts.flatMap((n, c) => (n === 0 ? [c] : []));
      if (none.length > 0) notes.push(`The synthetic set has no images of class ${none.map(name).join(', ')}.`);
    }
  }

  // One budget for every arm, counted in steps over the real images.
  const batchSize = Math.min(requestedBatch, trainImages);
  if (batchSize < requestedBatch) notes.push(`Batch size ${requestedBatch} is larger than the ${trainImages} training images; ${batchSize} was used.`);
  const budget = config.budget ?? DEFAULT_BUDGET;
  const stepsPerRun =
    'steps' in budget
      ? positive('Steps', budget.steps, true)
      : Math.max(budget.minSteps ?? 0, Math.ceil((positive('Epochs', budget.epochs) * trainImages) / batchSize));
  const mixedSize = Math.round(trainImages * (1 + syntheticPerReal));
  const mixedBatchSize = Math.min(batchSize + Math.round(batchSize * syntheticPerReal), mixedSize);
  if (realShare(mixedBatchSize, syntheticPerReal) !== batchSize) {
    // Rounding can only bite for odd ratios on tiny batches; say so rather than hide it.
    notes.push(`Arms with synthetic data use ${realShare(mixedBatchSize, syntheticPerReal)} real images per step instead of ${batchSize}.`);
  }

  const plan: ExperimentPlan = {
    arms,
    seeds,
    runs: arms.length * seeds.length,
    stepsPerRun,
    batchSize,
    mixedBatchSize,
    syntheticPerReal,
    learningRate,
    epochs: (stepsPerRun * batchSize) / trainImages,
    trainImages,
    validationImages: validationInfo.count,
    perClass,
    imageShape,
    numClasses,
  };
  return { plan, notes, validation, validationInfo, trainCountsPerClass, realSource, syntheticSource };
}

/** The plan alone (for the time estimate before starting). */
export function planExperiment(config: ExperimentConfig): ExperimentPlan {
  return prepareExperiment(config).plan;
}
