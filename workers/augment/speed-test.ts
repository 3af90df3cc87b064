/**
 * How fast this machine augments: the "standard classification" preset (or any pipeline) on
 * synthetic 8-bit images, through the same path materialising takes (bytes → backend → execute →
 * 8-bit bytes read back), on every worker of the pool. Also the engine alone on one worker
 * (measureThroughput: float tensors in, float read-back), for comparison with the engine's README.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { measureThroughput, plan, standardClassificationPreset, type Pipeline, type ThroughputResult } from '../../src/core/pipeline';
import { fastConversion } from './bytes';
import type { JobTiming } from './execute-pixels';
import { defaultWorkers, executors, runLanes } from './pool';

export interface SpeedTestOptions {
  count: number;
  size: number;
  channels: 1 | 3;
  /** Images per job; default: about 4 M values (≈ 1,000 at 28×28, 26 at 224×224×3). */
  batch?: number;
  /** Workers to compute with (pool); default one per core on WASM/CPU, else 1. */
  workers?: number;
  /** Also time the engine alone on this worker (float tensors, no 8-bit conversion). */
  engine?: boolean;
  pipeline?: Pipeline;
}

export interface SpeedTestResult {
  backend: string;
  /** WASM threads of this worker's backend (1 when not cross-origin isolated), null on other backends. */
  wasmThreads: number | null;
  workers: number;
  /** 8-bit ↔ float conversion: 'one-pass' (bytes.ts) or 'reference' (the export's, on the backend). */
  conversion: 'one-pass' | 'reference';
  count: number;
  size: number;
  channels: number;
  batch: number;
  imagesPerSecond: number;
  totalMs: number;
  /** Summed over jobs (and so over workers running at once): where the compute time goes. */
  phases: { planMs: number; copyMs: number } & JobTiming;
  engine?: ThroughputResult;
}

/** How long every worker runs jobs before the clock starts. */
const WARM_UP_MS = 2000;

export function defaultBatch(size: number, channels: number): number {
  return Math.max(4, Math.min(1024, Math.floor(4_000_000 / (size * size * channels))));
}

/** A fixed pattern image (smooth gradients and edges), the same for every run. */
function sourcePixels(n: number, size: number, channels: number): Uint8Array {
  const out = new Uint8Array(n * size * size * channels);
  let i = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < channels; c++) out[i++] = (x * 255) / size + ((y >> 2) & 1) * 40 + c * 30 + b * 7;
      }
    }
  }
  return out;
}

export function wasmThreads(): number | null {
  return tf.getBackend() === 'wasm' ? getThreadsCount() : null;
}

export async function speedTest(o: SpeedTestOptions): Promise<SpeedTestResult> {
  const pipeline = o.pipeline ?? standardClassificationPreset();
  const batch = Math.max(1, Math.min(o.count, o.batch ?? defaultBatch(o.size, o.channels)));
  const workers = o.workers ?? defaultWorkers();
  const { lanes, workers: used } = await executors(workers);
  const template = sourcePixels(batch, o.size, o.channels);
  const per = o.size * o.size * o.channels;
  const ids = Array.from({ length: o.count }, (_, i) => `speed-${i}`);
  const phases = { planMs: 0, copyMs: 0, uploadMs: 0, executeMs: 0, readbackMs: 0 };
  const jobs: Array<{ start: number; n: number }> = [];
  for (let s = 0; s < o.count; s += batch) jobs.push({ start: s, n: Math.min(batch, o.count - s) });

  const runJob = async (executor: (typeof lanes)[number], job: { start: number; n: number }, timing: JobTiming) => {
    const t0 = performance.now();
    const plans = plan(pipeline, 1, ids.slice(job.start, job.start + job.n));
    const t1 = performance.now();
    // A fresh buffer per job, as a read from storage gives (and a transfer to a helper consumes).
    const pixels = template.slice(0, job.n * per);
    phases.planMs += t1 - t0;
    phases.copyMs += performance.now() - t1;
    const out = await executor.run({ size: o.size, channels: o.channels, plans, pixels }, timing);
    if (out.length !== job.n * per) throw new Error('The speed test got the wrong number of bytes back.');
  };

  // Warm-up, for at least WARM_UP_MS on every worker: compile shaders, start every helper's
  // backend, and let the JavaScript and WebAssembly engines optimise the hot code (measured: a
  // single small job left the first 1,000 images at 224×224 a third slower than the next ones).
  const scratch = { uploadMs: 0, executeMs: 0, readbackMs: 0 };
  const distinct = [...new Set(lanes)];
  await Promise.all(
    distinct.map(async (e) => {
      const until = performance.now() + WARM_UP_MS;
      do await runJob(e, { start: 0, n: batch }, scratch);
      while (performance.now() < until);
    }),
  );
  phases.planMs = 0;
  phases.copyMs = 0;

  const start = performance.now();
  await runLanes(jobs, lanes, (e, job) => runJob(e, job, phases));
  const totalMs = performance.now() - start;

  const result: SpeedTestResult = {
    backend: tf.getBackend(),
    wasmThreads: wasmThreads(),
    workers: used,
    conversion: (await fastConversion()) ? 'one-pass' : 'reference',
    count: o.count,
    size: o.size,
    channels: o.channels,
    batch,
    imagesPerSecond: (o.count / totalMs) * 1000,
    totalMs,
    phases,
  };
  if (o.engine) result.engine = await measureThroughput(pipeline, { count: o.count, size: o.size, channels: o.channels, batch });
  return result;
}
