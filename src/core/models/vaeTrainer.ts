/**
 * VAE training: maximise the ELBO with the reparameterisation trick. Per step we report the
 * reconstruction term (Bernoulli negative log-likelihood, summed over pixels), the KL term, the
 * optimised loss recon + beta*KL, and the ELBO -(recon + KL); per epoch the same on a held-out
 * set (with fixed noise, so epochs compare).
 */
import * as tf from '@tensorflow/tfjs';
import { hashKey } from '../rng';
import { Adam } from './adam';
import type { Batch } from './dataSource';
import { TrainingError } from './errors';
import { klDivergence, reconstructionLoss } from './losses';
import { stepNoise } from './noise';
import { oneHotLabels, renderSampleGrid, sampleGrid, type SampleGrid } from './sampleGrid';
import { Trainer, describeShape, type BaseSettings, type StepLosses } from './trainer';
import type { Vae } from './vae';

export interface VaeSettings extends BaseSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** KL weight (beta-VAE, Higgins et al. 2017); 1 = the true ELBO. */
  beta: number;
}

export function vaeSettings(overrides: Partial<VaeSettings> = {}): VaeSettings {
  return {
    batchSize: 64,
    readEvery: 10,
    sampleEvery: 100,
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    beta: 1,
    ...overrides,
  };
}

export interface VaeTrainerOptions {
  seed?: number;
  /** Held-out images (and labels, for a conditional VAE) for the per-epoch ELBO. Owned by the caller. */
  heldOut?: Batch;
  gridPerClass?: number;
  gridCount?: number;
}

const EVAL_CHUNK = 256;

export class VaeTrainer extends Trainer<VaeSettings> {
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly seed: number;
  readonly optimizer: Adam;
  private readonly vars: tf.Variable[];
  /** The fixed noise behind the live sample grid. */
  readonly grid: SampleGrid;
  private readonly heldOut?: Batch;

  constructor(
    readonly vae: Vae,
    options: VaeTrainerOptions = {},
  ) {
    super();
    const { size, channels, numClasses } = vae.config;
    this.inputShape = [size, size, channels];
    this.numClasses = numClasses;
    this.seed = options.seed ?? vae.config.seed;
    // The encoder and decoder weights (decoderLogits holds all of the decoder's).
    this.vars = [...vae.encoder.trainableWeights, ...vae.decoderLogits.trainableWeights].map((w) => w.read() as tf.Variable);
    this.optimizer = new Adam(this.vars);
    this.grid = sampleGrid(this.seed, numClasses, options);
    if (options.heldOut) {
      const want = [options.heldOut.x.shape[0], ...this.inputShape];
      if (options.heldOut.x.shape.some((d, i) => d !== want[i])) {
        throw new TrainingError(
          'shape-mismatch',
          `Held-out images are ${describeShape(options.heldOut.x.shape)}; the model expects ${describeShape(want)}.`,
        );
      }
      if (numClasses > 0 && !options.heldOut.labels) {
        throw new TrainingError('shape-mismatch', 'A conditional VAE needs labels for its held-out images.');
      }
      this.heldOut = options.heldOut;
    }
  }

  private onehot(labels: tf.Tensor1D): tf.Tensor2D {
    return oneHotLabels(labels, this.numClasses);
  }

  /** Reconstruction and KL terms (scalars, batch means) for images x with noise eps. */
  private terms(x: tf.Tensor4D, y: tf.Tensor2D | undefined, eps: tf.Tensor2D, training: boolean): { recon: tf.Scalar; kl: tf.Scalar } {
    const { encoder, decoderLogits } = this.vae;
    const [mu, logVar] = encoder.apply(y ? [x, y] : x, { training }) as tf.Tensor2D[];
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
    const logits = decoderLogits.apply(y ? [z, y] : z, { training }) as tf.Tensor4D;
    return { recon: reconstructionLoss(x, logits), kl: klDivergence(mu, logVar) };
  }

  protected trainStep(batch: Batch, s: VaeSettings): StepLosses {
    const n = batch.x.shape[0];
    return tf.tidy(() => {
      const eps = stepNoise(this.seed, this.step, n, this.vae.config.latentDim);
      const y = this.numClasses > 0 ? this.onehot(batch.labels!) : undefined;
      let recon: tf.Scalar | undefined;
      let kl: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const t = this.terms(batch.x, y, eps, true);
        recon = tf.keep(t.recon);
        kl = tf.keep(t.kl);
        return tf.add(t.recon, tf.mul(s.beta, t.kl)) as tf.Scalar;
      }, this.vars);
      this.optimizer.apply(grads, { learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2 });
      const elbo = tf.neg(tf.add(recon!, kl!)) as tf.Scalar;
      return { loss: value, recon: recon!, kl: kl!, elbo };
    });
  }

  /** Held-out ELBO terms per image, with fixed noise. */
  protected async evaluateHeldOut(): Promise<Record<string, number> | undefined> {
    if (!this.heldOut) return undefined;
    const { x, labels } = this.heldOut;
    const total = x.shape[0];
    const sums: tf.Scalar[] = [];
    for (let start = 0; start < total; start += EVAL_CHUNK) {
      const count = Math.min(EVAL_CHUNK, total - start);
      sums.push(
        tf.tidy(() => {
          const xs = tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]) as tf.Tensor4D;
          const y = labels ? this.onehot(tf.slice(labels, [start], [count]) as tf.Tensor1D) : undefined;
          const eps = stepNoise(hashKey(this.seed, 'held-out'), start, count, this.vae.config.latentDim);
          const t = this.terms(xs, y, eps, false);
          // Back to sums so chunks of different sizes weigh right.
          return tf.stack([tf.mul(t.recon, count), tf.mul(t.kl, count)]) as unknown as tf.Scalar;
        }),
      );
    }
    const total2 = tf.addN(sums);
    const [recon, kl] = Array.from(await total2.data()).map((v) => v / total);
    tf.dispose([...sums, total2]);
    return { heldOutRecon: recon, heldOutKl: kl, heldOutElbo: -(recon + kl) };
  }

  protected renderSamples(): { images: tf.Tensor4D; labels?: number[] } {
    return renderSampleGrid(this.vae.decoder, this.grid, this.vae.config.latentDim, this.numClasses);
  }

  renderGrid(): { images: tf.Tensor4D; labels?: number[] } {
    return this.renderSamples();
  }

  checkpointParts() {
    // decoderLogits holds every decoder weight (decoder only adds a sigmoid).
    return {
      config: this.vae.config,
      models: { encoder: this.vae.encoder, decoder: this.vae.decoderLogits },
      optimizers: { vae: this.optimizer },
    };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
