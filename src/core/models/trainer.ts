/**
 * The training loop shared by the GAN, VAE and classifier trainers: an async generator that runs
 * one step per pull and yields a progress event, so the consumer sets the pace (pause = stop
 * pulling; "step once" = pull once; slow motion = pull once a second).
 *
 * Every step runs inside tf.tidy; losses stay on the device as scalars and are read back with
 * one `await data()` every `readEvery` steps (never dataSync), so a GPU queue stays full.
 * Settings are a plain object the loop re-reads every step: the UI may change learning rates,
 * loss options, batch size or the stopping point while training runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Adam } from './adam';
import type { ModelConfig } from './checkpoint';
import type { Batch, DataSource } from './dataSource';
import { TrainingError, explainStepError } from './errors';
import { LossHistory, type LossHistoryJson } from './history';

export interface BaseSettings {
  batchSize: number;
  /** Stop once this many epochs of images were seen (counted across resumes). */
  epochs?: number;
  /** Stop at this global step. */
  maxSteps?: number;
  /** Read losses back every N steps (1 when stepping by hand). */
  readEvery: number;
  /** Redraw the fixed-noise sample grid every N steps; 0 = never. */
  sampleEvery: number;
}

/** Images as bytes, NHWC, ready for ImageData or storage. */
export interface SampleGrid {
  count: number;
  height: number;
  width: number;
  channels: number;
  pixels: Uint8ClampedArray;
  /** Class id per image, for conditional models. */
  labels?: number[];
}

export interface TrainEvent {
  /** Steps completed (continues across resumes). */
  step: number;
  /** Epochs completed, fractional (images seen / images per epoch). */
  epoch: number;
  /** The batch size actually used (clamped to the data size). */
  batchSize: number;
  /** Loss values at `step`; present on read-back steps. */
  losses?: Record<string, number>;
  /** Every step's losses since the previous read-back (for the curves). */
  newHistory?: LossHistoryJson;
  /** Fixed-noise samples, on sampling steps. */
  samples?: SampleGrid;
  /** Held-out metrics, on steps that complete an epoch (VAE: ELBO terms; classifier: accuracy). */
  heldOut?: Record<string, number>;
  /** Measured over the last read-back window, excluding time paused. */
  stepsPerSecond: number;
  imagesPerSecond: number;
  /** Things the user should know (e.g. a clamped batch size). */
  notices: string[];
}

export type StepLosses = Record<string, tf.Scalar>;

/** Converts [0, 1] images to bytes for display. */
export async function toSampleGrid(images: tf.Tensor4D, labels?: number[]): Promise<SampleGrid> {
  const [count, height, width, channels] = images.shape;
  const values = await images.data();
  const pixels = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = Math.round(values[i] * 255);
  return { count, height, width, channels, pixels, labels };
}

export function describeShape(shape: readonly number[]): string {
  return shape.join('×');
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export abstract class Trainer<S extends BaseSettings> {
  /** Global step (updates applied). */
  step = 0;
  /** Images seen, for epoch accounting across batch-size changes and resumes. */
  imagesSeen = 0;
  readonly history = new LossHistory();
  /** Per-epoch held-out metrics. */
  readonly heldOutHistory = new LossHistory();
  private pending: Array<{ step: number; losses: StepLosses }> = [];
  private window = { steps: 0, images: 0, ms: 0 };
  private rates = { steps: 0, images: 0 };

  /** [height, width, channels] the model takes. */
  abstract readonly inputShape: readonly [number, number, number];
  /** Seeds training noise and the sample grid. */
  abstract readonly seed: number;
  /** What a checkpoint must hold: the config to rebuild from, the models and optimizers. */
  abstract checkpointParts(): { config: ModelConfig; models: Record<string, tf.LayersModel>; optimizers: Record<string, Adam> };
  /** Classes a conditional model needs (0 = unconditional). */
  abstract readonly numClasses: number;
  /** Runs one update; returns loss scalars the loop reads back later (and disposes). */
  protected abstract trainStep(batch: Batch, settings: S): StepLosses;
  /** Fixed-noise samples in [0, 1], or null when the model does not generate. */
  protected abstract renderSamples(): { images: tf.Tensor4D; labels?: number[] } | null;
  /** Held-out evaluation at the end of an epoch. */
  protected async evaluateHeldOut(): Promise<Record<string, number> | undefined> {
    return undefined;
  }

  /** Throws a clear error when the data does not fit the model. */
  checkSource(source: DataSource): void {
    const [h, w, c] = this.inputShape;
    const [sh, sw, sc] = source.imageShape;
    if (sh !== h || sw !== w || sc !== c) {
      throw new TrainingError(
        'shape-mismatch',
        `This model was built for ${describeShape(this.inputShape)} images, but the data is ${describeShape(source.imageShape)}. ` +
          `Build a new model for this working resolution, or change the resolution back.`,
      );
    }
    if (this.numClasses > 0 && source.numClasses !== this.numClasses) {
      throw new TrainingError(
        'shape-mismatch',
        source.numClasses === 0
          ? `This conditional model needs class labels for ${this.numClasses} classes, but the data has none.`
          : `This conditional model was built for ${this.numClasses} classes, but the data has ${source.numClasses}. ` +
            'Build a new model for these classes.',
      );
    }
    if (source.size < 2) {
      throw new TrainingError('too-few-images', `Training needs at least 2 images; the data has ${source.size}.`);
    }
  }

  private checkBatch(batch: Batch, n: number): void {
    const want = [n, ...this.inputShape];
    if (batch.x.shape.length !== 4 || batch.x.shape.some((d, i) => d !== want[i])) {
      throw new TrainingError(
        'shape-mismatch',
        `The data source returned a batch of ${describeShape(batch.x.shape)}; the model expects ${describeShape(want)}.`,
      );
    }
    if (this.numClasses > 0 && (!batch.labels || batch.labels.shape[0] !== n)) {
      throw new TrainingError('shape-mismatch', `A conditional model needs ${n} labels with each batch of ${n} images.`);
    }
  }

  /** Reads back every pending step's losses into the history; returns the last step's values. */
  async flush(): Promise<{ last?: Record<string, number>; from: number }> {
    const from = this.history.length;
    if (this.pending.length === 0) return { from };
    const pending = this.pending;
    this.pending = [];
    const names = Object.keys(pending[0].losses);
    const all = pending.flatMap((p) => names.map((n) => p.losses[n]));
    let values: Float32Array | Int32Array | Uint8Array;
    try {
      const stacked = tf.stack(all);
      values = await stacked.data();
      stacked.dispose();
    } finally {
      tf.dispose(all);
    }
    let last: Record<string, number> | undefined;
    pending.forEach((p, i) => {
      last = {};
      names.forEach((n, j) => (last![n] = values[i * names.length + j]));
      this.history.push(p.step, last);
    });
    return { last, from };
  }

  async *train(source: DataSource, settings: S): AsyncGenerator<TrainEvent, void, undefined> {
    this.checkSource(source);
    let clampNotice = '';
    let failed = false;
    try {
      while (true) {
        if (settings.maxSteps !== undefined && this.step >= settings.maxSteps) break;
        if (settings.epochs !== undefined && this.imagesSeen >= settings.epochs * source.size) break;
        const started = performance.now();
        const notices: string[] = [];
        const requested = Math.max(1, Math.floor(settings.batchSize));
        const n = Math.min(requested, source.size);
        const notice =
          requested > source.size
            ? `Batch size ${requested} is larger than the ${source.size} training images; using ${source.size}.`
            : '';
        if (notice && notice !== clampNotice) notices.push(notice);
        clampNotice = notice;

        const batch = await source.nextBatch(n);
        try {
          this.checkBatch(batch, n);
          const losses = this.trainStep(batch, settings);
          this.pending.push({ step: this.step + 1, losses });
        } catch (e) {
          throw explainStepError(e, n, this.inputShape[0]);
        } finally {
          tf.dispose(batch.labels ? [batch.x, batch.labels] : [batch.x]);
        }
        const epochBefore = Math.floor(this.imagesSeen / source.size);
        this.step++;
        this.imagesSeen += n;
        const epochDone = Math.floor(this.imagesSeen / source.size) > epochBefore;

        const event: TrainEvent = {
          step: this.step,
          epoch: this.imagesSeen / source.size,
          batchSize: n,
          stepsPerSecond: 0,
          imagesPerSecond: 0,
          notices,
        };
        const stopping =
          (settings.maxSteps !== undefined && this.step >= settings.maxSteps) ||
          (settings.epochs !== undefined && this.imagesSeen >= settings.epochs * source.size);
        const sampleNow = settings.sampleEvery > 0 && this.step % settings.sampleEvery === 0;
        const readNow = this.step % Math.max(1, settings.readEvery) === 0 || sampleNow || epochDone || stopping;
        if (readNow) {
          const { last, from } = await this.flush();
          event.losses = last;
          event.newHistory = this.history.since(from);
        }
        if (sampleNow) {
          const rendered = this.renderSamples();
          if (rendered) {
            event.samples = await toSampleGrid(rendered.images, rendered.labels);
            rendered.images.dispose();
          }
        }
        if (epochDone) {
          const heldOut = await this.evaluateHeldOut();
          if (heldOut) {
            event.heldOut = heldOut;
            this.heldOutHistory.push(this.step, heldOut);
          }
        }
        this.window.steps++;
        this.window.images += n;
        this.window.ms += performance.now() - started;
        if (readNow) {
          if (this.window.ms > 0) {
            this.rates = { steps: (1000 * this.window.steps) / this.window.ms, images: (1000 * this.window.images) / this.window.ms };
          }
          this.window = { steps: 0, images: 0, ms: 0 };
          // Let the worker's message loop run (pause, settings changes) between read-backs.
          await nextMacrotask();
        }
        event.stepsPerSecond = this.rates.steps;
        event.imagesPerSecond = this.rates.images;
        yield event;
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // Keep every completed step's losses in the history (a checkpoint after a pause has them);
      // after a failure, a second failure here must not hide the first.
      if (failed) await this.flush().catch(() => this.discardPending());
      else await this.flush();
    }
  }

  private discardPending(): void {
    tf.dispose(this.pending.flatMap((p) => Object.values(p.losses)));
    this.pending = [];
  }
}
