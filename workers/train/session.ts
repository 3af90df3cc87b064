/**
 * One training run in the worker: the model, its trainer, the data, and the loop that pulls steps
 * from the trainer's async generator. Pause = stop pulling (then checkpoint); step once = pull once;
 * slow motion = one pull per second. Events reach the UI at most ~10 times a second (plus one per
 * manual step), with loss curves as deltas and the fixed-noise sample grid as a transferred bitmap.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import {
  GanTrainer,
  InMemorySource,
  TrainingError,
  VaeTrainer,
  disposeGan,
  disposeVae,
  saveCheckpoint,
  type Batch,
  type DataSource,
  type Gan,
  type GanSettings,
  type SampleGrid,
  type TrainEvent,
  type Vae,
  type VaeSettings,
  withTransform,
} from '../../src/core/models';
import { hashKey } from '../../src/core/rng';
import type { BatchAugmenter } from './augment';
import type { TrainingData } from './data';
import { bytesToTensor, resizeImages, tileBitmap } from './images';
import { saveCheckpointObject, saveRun } from './runs';
import { applySettings, coreSettings, type CoreSettings } from './settings';
import { isConditional, isGan, type LiveSettings, type RunInfo, type SampleFrame, type SessionState, type TrainEventMessage } from './types';

export type Emit = (event: TrainEventMessage) => void;

const EMIT_INTERVAL_MS = 100;
const SLOW_MOTION_MS = 1000;
/** Held-out images for the VAE's per-epoch ELBO. */
const HELD_OUT_MAX = 512;

export type Trainer = GanTrainer | VaeTrainer;

/** Sample-grid images per class for conditional models (fewer when there are many classes). */
export function gridPerClass(classes: number): number {
  return Math.max(4, Math.min(8, Math.floor(96 / Math.max(1, classes))));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source that resizes each batch to the model's side (a 64-pixel model on 256-pixel data). */
function resized(source: DataSource, size: number): DataSource {
  return {
    size: source.size,
    imageShape: [size, size, source.imageShape[2]],
    numClasses: source.numClasses,
    async nextBatch(n: number): Promise<Batch> {
      const b = await source.nextBatch(n);
      const x = resizeImages(b.x, size);
      b.x.dispose();
      return { x, labels: b.labels };
    },
  };
}

export function errorOf(e: unknown): { code: string; message: string } {
  if (e instanceof TrainingError) return { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'error', message: message || 'Training failed.' };
}

export class TrainingSession {
  state: SessionState = 'paused';
  readonly settings: CoreSettings;
  readonly live: LiveSettings;
  private gen: AsyncGenerator<TrainEvent, void, undefined> | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private slowMotion = false;
  private sentHistory = 0;
  private sentHeldOut = 0;
  private resetPending = true;
  private lastEmit = 0;
  private notices: string[] = [];
  private losses?: Record<string, number>;
  private rates = { steps: 0, images: 0 };
  private batchSize: number;
  private savedStep: number | null;
  private checkpointInfo?: { step: number; savedAt: number };
  private source: DataSource;
  private heldOut?: Batch;
  /** Serialises control operations (pause, step, generate…): one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private emitter: Emit | null = null;
  disposed = false;

  constructor(
    readonly run: RunInfo,
    readonly trainer: Trainer,
    readonly data: TrainingData,
    augmenter: BatchAugmenter | null,
    heldOut?: Batch,
  ) {
    this.live = { ...run.settings };
    this.settings = coreSettings(isGan(run.model), this.live);
    this.batchSize = Math.min(this.live.batchSize, data.train.count);
    this.savedStep = run.checkpointStep;
    this.heldOut = heldOut;
    const [h, , c] = data.shape;
    const conditional = isConditional(run.model);
    let source: DataSource = new InMemorySource(
      { pixels: data.train.pixels, shape: [data.train.count, h, h, c] },
      {
        labels: conditional ? data.train.labels : undefined,
        numClasses: conditional ? data.classes.length : 0,
        classNames: data.classes,
        seed: hashKey(run.config.seed, 'data'),
        startAt: trainer.imagesSeen,
      },
    );
    if (run.config.size !== h) source = resized(source, run.config.size);
    if (augmenter) {
      source = withTransform(source, (x) => augmenter.apply(x, this.trainer.step));
      this.notices.push(`Training on originals + the augmentation pipeline “${augmenter.name}”, applied on the fly.`, ...augmenter.notes);
    }
    this.source = source;
    // Model/resolution or class-count mismatches are reported before anything runs.
    trainer.checkSource(source);
  }

  get model(): Gan | Vae {
    return this.trainer instanceof GanTrainer ? this.trainer.gan : this.trainer.vae;
  }

  get conditional(): boolean {
    return isConditional(this.run.model);
  }

  /** Connects (or replaces) the UI callback and sends it the whole state: curves, grid, step. */
  async attach(emit: Emit | null): Promise<void> {
    this.emitter = emit;
    this.resetPending = true;
    await this.emitNow(true);
  }

  /** Stops sending events (the session is being replaced). */
  detach(): void {
    this.emitter = null;
  }

  /** Runs `fn` after every control operation queued before it. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ——— the loop ———

  play(): void {
    if (this.disposed || this.state === 'running') return;
    if (this.state === 'failed') throw new TrainingError('bad-config', 'This run failed; reload its last checkpoint to go on.');
    if (this.reachedEnd()) {
      this.notices.push(`Training has reached its ${this.live.epochs} epochs: raise Epochs to train on.`);
      this.state = 'finished';
      void this.emitNow(false);
      return;
    }
    this.state = 'running';
    this.run.status = 'training';
    this.settings.readEvery = this.slowMotion ? 1 : this.settings.readEvery;
    this.loopDone = this.loop();
  }

  private reachedEnd(): boolean {
    return this.trainer.imagesSeen >= this.live.epochs * this.source.size;
  }

  private async loop(): Promise<void> {
    await this.emitNow(false);
    while (this.state === 'running') {
      const t0 = performance.now();
      const more = await this.pull();
      if (!more) break;
      if (this.slowMotion && this.state === 'running') {
        await this.emitNow(true);
        await sleep(Math.max(0, SLOW_MOTION_MS - (performance.now() - t0)));
      }
    }
  }

  /** One step; false when training ended (epochs reached) or failed. */
  private async pull(): Promise<boolean> {
    this.gen ??=
      this.trainer instanceof GanTrainer
        ? this.trainer.train(this.source, this.settings as GanSettings)
        : this.trainer.train(this.source, this.settings as VaeSettings);
    let r: IteratorResult<TrainEvent, void>;
    try {
      r = await this.gen.next();
    } catch (e) {
      this.gen = null;
      await this.fail(e);
      return false;
    }
    if (r.done) {
      this.gen = null;
      this.state = 'finished';
      this.run.status = 'finished';
      await this.checkpoint();
      await this.emitNow(true);
      return false;
    }
    await this.onStep(r.value);
    return true;
  }

  private async onStep(e: TrainEvent): Promise<void> {
    this.notices.push(...e.notices);
    this.batchSize = e.batchSize;
    if (e.losses) {
      this.losses = e.losses;
      this.rates = { steps: e.stepsPerSecond, images: e.imagesPerSecond };
      // Read losses back about 4 times a second: often enough for live curves, rarely enough
      // that a GPU's queue stays full.
      if (!this.slowMotion && this.state === 'running') this.settings.readEvery = Math.max(1, Math.min(25, Math.round(e.stepsPerSecond / 4)));
    }
    let frame: SampleFrame | undefined;
    if (e.samples) frame = await this.frameOf(e.samples);
    if (this.trainer.step - (this.savedStep ?? 0) >= this.live.checkpointEvery) await this.checkpoint();
    if (frame || performance.now() - this.lastEmit >= EMIT_INTERVAL_MS || this.checkpointInfo) await this.send(frame);
  }

  private async fail(e: unknown): Promise<void> {
    const error = errorOf(e);
    this.state = 'failed';
    this.run.status = 'failed';
    this.run.lastError = error.message;
    // The last checkpoint is kept as it is: the failed step may have left weights half-updated.
    this.run.updatedAt = Date.now();
    await saveRun(this.run).catch(() => undefined);
    await this.send(undefined, error);
  }

  // ——— controls (called through exclusive()) ———

  async pause(): Promise<void> {
    if (this.state === 'running') {
      this.state = 'paused';
      await this.loopDone;
    }
    if (this.state !== 'failed') {
      if (this.state !== 'finished' && this.state !== 'stopped') this.state = 'paused';
      this.run.status = this.state === 'paused' ? 'paused' : this.run.status;
      await this.checkpoint();
    }
    await this.emitNow(true);
  }

  async stepOnce(): Promise<void> {
    // Stop the loop quietly: the UI goes from running straight to paused after the extra step.
    if (this.state === 'running') {
      this.state = 'stepping';
      await this.loopDone;
    }
    if (this.state === 'failed') throw new TrainingError('bad-config', 'This run failed; reload its last checkpoint first.');
    if (this.reachedEnd()) {
      this.notices.push(`Training has reached its ${this.live.epochs} epochs: raise Epochs to train on.`);
      await this.emitNow(false);
      return;
    }
    this.state = 'stepping';
    const readEvery = this.settings.readEvery;
    this.settings.readEvery = 1;
    const ok = await this.pull();
    this.settings.readEvery = readEvery;
    if (ok) {
      this.state = 'paused';
      this.run.status = 'paused';
      await this.emitNow(true);
    }
  }

  setSlowMotion(on: boolean): void {
    this.slowMotion = on;
    this.settings.readEvery = on ? 1 : 5;
  }

  update(patch: Partial<LiveSettings>): void {
    applySettings(this.live, this.settings, patch);
    this.run.settings = { ...this.live };
  }

  async stop(): Promise<void> {
    await this.pause();
    if (this.state === 'failed') return;
    this.state = 'stopped';
    this.run.status = 'stopped';
    this.run.updatedAt = Date.now();
    await saveRun(this.run);
    await this.emitNow(false);
  }

  // ——— checkpoints and events ———

  async checkpoint(): Promise<void> {
    const step = this.trainer.step;
    if (this.savedStep === step) {
      this.run.updatedAt = Date.now();
      await saveRun(this.run);
      return;
    }
    const ckpt = await saveCheckpoint(this.trainer, { runId: this.run.id });
    await saveCheckpointObject(this.run.id, ckpt);
    this.savedStep = step;
    Object.assign(this.run, {
      step,
      epoch: this.trainer.imagesSeen / this.source.size,
      checkpointStep: step,
      settings: { ...this.live },
      updatedAt: Date.now(),
    });
    await saveRun(this.run);
    this.checkpointInfo = { step, savedAt: ckpt.meta.savedAt };
  }

  private async frameOf(grid: SampleGrid): Promise<SampleFrame> {
    const k = this.data.classes.length;
    const cols = this.conditional ? gridPerClass(k) : 8;
    const bitmap = await tileBitmap({ pixels: grid.pixels, count: grid.count, size: grid.height, channels: grid.channels }, cols);
    return {
      bitmap,
      step: this.trainer.step,
      rows: Math.ceil(grid.count / cols),
      cols,
      rowLabels: this.conditional ? this.data.classes : undefined,
    };
  }

  /** The fixed-noise grid for the current weights. */
  async renderFrame(): Promise<SampleFrame> {
    const { images, labels } = this.trainer.renderGrid();
    try {
      const [count, size, , channels] = images.shape;
      const values = await images.data();
      const pixels = new Uint8ClampedArray(values.length);
      for (let i = 0; i < values.length; i++) pixels[i] = Math.round(values[i] * 255);
      return this.frameOf({ count, height: size, width: size, channels, pixels, labels });
    } finally {
      images.dispose();
    }
  }

  /** Sends an event now (with a fresh sample grid when asked). */
  async emitNow(withGrid: boolean): Promise<void> {
    await this.send(withGrid ? await this.renderFrame() : undefined);
  }

  private async send(samples?: SampleFrame, error?: { code: string; message: string }): Promise<void> {
    // Flush losses still pending on the device, so paused curves end at the current step.
    if (this.state !== 'running' && this.state !== 'stepping') await this.trainer.flush();
    const history = this.trainer.history;
    const heldOut = this.trainer.heldOutHistory;
    const reset = this.resetPending;
    this.resetPending = false;
    if (reset) this.sentHistory = this.sentHeldOut = 0;
    const message: TrainEventMessage = {
      runId: this.run.id,
      state: this.state,
      step: this.trainer.step,
      epoch: this.trainer.imagesSeen / this.source.size,
      batchSize: this.batchSize,
      losses: lastOf(history.values) ?? this.losses,
      stepsPerSecond: this.rates.steps,
      imagesPerSecond: this.rates.images,
      notices: this.notices,
      samples,
      checkpoint: this.checkpointInfo,
      error,
    };
    if (reset || history.length > this.sentHistory) message.history = { reset, ...history.since(this.sentHistory) };
    if (reset || heldOut.length > this.sentHeldOut) message.heldOut = { reset, ...heldOut.since(this.sentHeldOut) };
    this.sentHistory = history.length;
    this.sentHeldOut = heldOut.length;
    this.notices = [];
    this.checkpointInfo = undefined;
    this.lastEmit = performance.now();
    if (!this.emitter) {
      samples?.bitmap.close();
      return;
    }
    try {
      this.emitter(samples ? Comlink.transfer(message, [samples.bitmap]) : message);
    } catch {
      // The page went away; training goes on and the next attach() resends everything.
      this.emitter = null;
    }
  }

  /** Images of the training set (resized to the model), for reconstructions and interpolation. */
  trainImages(indices: number[]): { x: tf.Tensor4D; labels: number[] } {
    const [h, , c] = this.data.shape;
    const per = h * h * c;
    const bytes = new Uint8Array(indices.length * per);
    indices.forEach((i, k) => bytes.set(this.data.train.pixels.subarray(i * per, (i + 1) * per), k * per));
    const x = bytesToTensor(bytes, indices.length, h, c);
    const out = resizeImages(x, this.run.config.size);
    x.dispose();
    return { x: out, labels: indices.map((i) => this.data.train.labels[i]) };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.state === 'running') {
      this.state = 'paused';
      await this.loopDone;
    }
    this.disposed = true;
    await this.gen?.return(undefined).catch(() => undefined);
    this.gen = null;
    this.trainer.dispose();
    if (this.trainer instanceof GanTrainer) disposeGan(this.trainer.gan);
    else disposeVae(this.trainer.vae);
    if (this.heldOut) tf.dispose([this.heldOut.x, ...(this.heldOut.labels ? [this.heldOut.labels] : [])]);
    this.source.dispose?.();
  }
}

function lastOf(values: Record<string, number[]>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, col] of Object.entries(values)) if (col.length > 0) out[k] = col[col.length - 1];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The VAE's held-out batch: reference images (resized to the model), with labels for a conditional VAE. */
export function heldOutBatch(data: TrainingData, size: number, conditional: boolean): Batch | undefined {
  const n = Math.min(HELD_OUT_MAX, data.reference.count);
  if (n < 1) return undefined;
  const [h, , c] = data.shape;
  const raw = bytesToTensor(data.reference.pixels.subarray(0, n * h * h * c), n, h, c);
  const x = resizeImages(raw, size);
  raw.dispose();
  return { x, labels: conditional ? tf.tensor1d(Array.from(data.reference.labels.subarray(0, n)), 'int32') : undefined };
}
