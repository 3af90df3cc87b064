/**
 * GAN training. One step = one generator update and one discriminator update, both taken at the
 * same point (simultaneous updates, as in TensorFlow's DCGAN tutorial): G's gradient through
 * D(G(z)), and D's from the real batch and the same fakes (detached). The step costs the FLOPs of
 * PyTorch's alternating DCGAN step less one discriminator forward: D's forward on the fakes serves
 * both players (ganGradients).
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam';
import type { Batch } from './dataSource';
import type { Gan } from './gan';
import { discriminatorLoss, generatorLoss, type GanLoss } from './losses';
import { stepNoise } from './noise';
import { oneHotLabels, renderSampleGrid, sampleGrid, type SampleGrid } from './sampleGrid';
import { Trainer, type BaseSettings, type StepLosses } from './trainer';

export interface GanSettings extends BaseSettings {
  learningRateG: number;
  learningRateD: number;
  beta1: number;
  beta2: number;
  loss: GanLoss;
  /** One-sided label smoothing for the non-saturating loss: real target = 1 - labelSmoothing. */
  labelSmoothing: number;
}

export function ganSettings(overrides: Partial<GanSettings> = {}): GanSettings {
  return {
    batchSize: 64,
    readEvery: 10,
    sampleEvery: 100,
    learningRateG: 2e-4,
    learningRateD: 2e-4,
    beta1: 0.5,
    beta2: 0.999,
    loss: 'non-saturating',
    labelSmoothing: 0,
    ...overrides,
  };
}

export interface GanTrainerOptions {
  /** Seeds training noise and the fixed sample grid. */
  seed?: number;
  /** Fixed-noise grid: images per class (conditional) or in total (unconditional). */
  gridPerClass?: number;
  gridCount?: number;
}

function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

export interface GanGradients {
  g: { value: tf.Scalar; grads: tf.NamedTensorMap };
  d: { value: tf.Scalar; grads: tf.NamedTensorMap };
  realLogits: tf.Tensor;
  fakeLogits: tf.Tensor;
}

/**
 * Both players' gradients from one generator forward and two discriminator forwards (real, fake).
 *
 * D's forward on the fakes is needed by both: by G's gradient (through D's input) and by D's (into
 * D's weights). tfjs's tape serves one backward pass per gradients() call, so G's gradient is taken
 * inside D's: a nested gradients() call keeps the tape (tfjs keeps it for higher-order gradients),
 * and its backward pass runs over the logits D's scope already recorded. G's backward ops are
 * recorded too but lead nowhere in D's loss, so D's backward pass leaves them out. The values are
 * those of two separate passes, bit for bit; only D's batch-norm moving statistics see the fakes
 * once per step instead of twice (the app never uses them: it runs D in training mode only).
 */
export function ganGradients(
  gan: Gan,
  vars: { g: tf.Variable[]; d: tf.Variable[] },
  z: tf.Tensor2D,
  real: tf.Tensor,
  labels: tf.Tensor2D | undefined,
  s: Pick<GanSettings, 'loss' | 'labelSmoothing'>,
): GanGradients {
  const { generator: G, discriminator: D } = gan;
  const withLabel = (t: tf.Tensor): tf.Tensor | tf.Tensor[] => (labels ? [t, labels] : t);
  let g: GanGradients['g'] | undefined;
  let realLogits: tf.Tensor | undefined;
  let fakeLogits: tf.Tensor | undefined;
  const d = tf.variableGrads(() => {
    const fake = G.apply(withLabel(z), { training: true }) as tf.Tensor4D;
    fakeLogits = tf.keep(D.apply(withLabel(fake), { training: true }) as tf.Tensor);
    g = tf.variableGrads(() => generatorLoss(fakeLogits!, s.loss), vars.g);
    tf.keep(g.value);
    Object.values(g.grads).forEach((t) => tf.keep(t));
    // D sees the fakes detached: D's gradient is taken for D's variables only.
    realLogits = tf.keep(D.apply(withLabel(real), { training: true }) as tf.Tensor);
    return discriminatorLoss(realLogits, fakeLogits, s.loss, s.labelSmoothing);
  }, vars.d);
  return { g: g!, d, realLogits: realLogits!, fakeLogits: fakeLogits! };
}

export class GanTrainer extends Trainer<GanSettings> {
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly seed: number;
  readonly optimizerG: Adam;
  readonly optimizerD: Adam;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];
  /** The fixed noise behind the live sample grid. */
  readonly grid: SampleGrid;

  constructor(
    readonly gan: Gan,
    options: GanTrainerOptions = {},
  ) {
    super();
    const { size, channels, numClasses } = gan.config;
    this.inputShape = [size, size, channels];
    this.numClasses = numClasses;
    this.seed = options.seed ?? gan.config.seed;
    this.gVars = variablesOf(gan.generator);
    this.dVars = variablesOf(gan.discriminator);
    this.optimizerG = new Adam(this.gVars);
    this.optimizerD = new Adam(this.dVars);
    this.grid = sampleGrid(this.seed, numClasses, options);
  }

  private onehot(labels: tf.Tensor1D): tf.Tensor2D {
    return oneHotLabels(labels, this.numClasses);
  }

  protected trainStep(batch: Batch, s: GanSettings): StepLosses {
    const n = batch.x.shape[0];
    return tf.tidy(() => {
      const z = stepNoise(this.seed, this.step, n, this.gan.config.latentDim);
      // Fakes are drawn for the real batch's labels, so both see the same class frequencies.
      const y = this.numClasses > 0 ? this.onehot(batch.labels!) : undefined;
      const { g, d, realLogits, fakeLogits } = ganGradients(this.gan, { g: this.gVars, d: this.dVars }, z, batch.x, y, s);
      this.optimizerG.apply(g.grads, { learningRate: s.learningRateG, beta1: s.beta1, beta2: s.beta2 });
      this.optimizerD.apply(d.grads, { learningRate: s.learningRateD, beta1: s.beta1, beta2: s.beta2 });
      // D's belief that real / fake images are real (the DCGAN tutorial's D(x) and D(G(z))).
      const realScore = tf.mean(tf.sigmoid(realLogits)) as tf.Scalar;
      const fakeScore = tf.mean(tf.sigmoid(fakeLogits)) as tf.Scalar;
      tf.dispose([...Object.values(g.grads), realLogits, fakeLogits]);
      return { d: d.value, g: g.value, realScore, fakeScore };
    });
  }

  /** Generator output for the fixed grid noise (inference mode: moving batch-norm statistics). */
  protected renderSamples(): { images: tf.Tensor4D; labels?: number[] } {
    return renderSampleGrid(this.gan.generator, this.grid, this.gan.config.latentDim, this.numClasses);
  }

  /** The current fixed-noise grid, outside training (e.g. right after a resume). */
  renderGrid(): { images: tf.Tensor4D; labels?: number[] } {
    return this.renderSamples();
  }

  checkpointParts() {
    return {
      config: this.gan.config,
      models: { generator: this.gan.generator, discriminator: this.gan.discriminator },
      optimizers: { generator: this.optimizerG, discriminator: this.optimizerD },
    };
  }

  dispose(): void {
    this.optimizerG.dispose();
    this.optimizerD.dispose();
  }
}
