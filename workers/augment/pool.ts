/**
 * Where pixel jobs run. On WASM and CPU the warp is a JavaScript kernel on one thread (WASM threads
 * do not help it), so the augment worker starts helper workers, one per extra core, each with its
 * own backend, and jobs are shared out among them and itself. On a GPU backend everything runs
 * here: there is one device, and two lanes keep it busy while the other lane reads or writes.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/core/backend';
import { executePixels, type JobTiming, type PixelJob } from './execute-pixels';
import type { AugmentHelperApi } from './helper.worker';

export interface Executor {
  /** "augment worker" or "helper N". */
  label: string;
  run(job: PixelJob, timing: JobTiming): Promise<Uint8Array>;
}

/**
 * Resolves once the event loop has run the tasks already waiting, such as helpers' finished jobs.
 * A fused job computes synchronously and the next one is chained in microtasks, so without this
 * the augment worker would run job after job without ever reading a helper's reply or sending it
 * more work: measured at 224×224, two workers then ran no faster than one.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * This worker's executor. Its jobs run one at a time (two lanes share it so that reading and
 * writing storage overlap the compute, not so that two batches compete for the backend), each
 * after a turn of the event loop (see yieldToEventLoop).
 */
let localQueue: Promise<unknown> = Promise.resolve();
const local: Executor = {
  label: 'augment worker',
  run(job, timing) {
    const run = localQueue.then(yieldToEventLoop).then(() => executePixels(job, timing));
    localQueue = run.catch(() => undefined);
    return run;
  },
};

/** Backends whose warp is JavaScript on one thread: the ones a pool of workers speeds up. */
const CPU_BOUND = new Set(['wasm', 'cpu']);

interface Helper {
  worker: Worker;
  remote: Comlink.Remote<AugmentHelperApi>;
  ready: Promise<void>;
}

let helpers: Helper[] = [];
let helpersBackend = '';

function startHelper(backend: BackendName, index: number): Helper {
  const worker = new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: `augment-helper-${index}` });
  const remote = Comlink.wrap<AugmentHelperApi>(worker);
  // One WASM thread each: the pool already gives every core a worker.
  const ready = remote.init(backend, 1).then(() => undefined);
  return { worker, remote, ready };
}

function remoteExecutor(h: Helper, index: number): Executor {
  return {
    label: `helper ${index}`,
    async run(job, timing) {
      await h.ready;
      const transfers = [job.pixels.buffer as ArrayBuffer];
      if (job.partners) transfers.push(job.partners.pixels.buffer as ArrayBuffer);
      const out = await h.remote.run(Comlink.transfer(job, transfers));
      timing.uploadMs += out.timing.uploadMs;
      timing.executeMs += out.timing.executeMs;
      timing.readbackMs += out.timing.readbackMs;
      return out.pixels;
    },
  };
}

/** The default number of workers to compute with: one per core on CPU-bound backends. */
export function defaultWorkers(): number {
  return CPU_BOUND.has(tf.getBackend()) ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;
}

/**
 * Executors to run jobs on: this worker plus `workers − 1` helpers on CPU-bound backends (started
 * once, kept for later calls), else this worker alone. Lanes: the jobs in flight at once, two per
 * worker (this worker runs its jobs one at a time; see `local`).
 */
export async function executors(workers = defaultWorkers()): Promise<{ lanes: Executor[]; workers: number }> {
  const backend = tf.getBackend() as BackendName;
  if (!CPU_BOUND.has(backend) || workers <= 1) return { lanes: [local, local], workers: 1 };
  if (helpersBackend !== backend) disposePool();
  helpersBackend = backend;
  while (helpers.length < workers - 1) helpers.push(startHelper(backend, helpers.length + 1));
  const used = helpers.slice(0, workers - 1);
  try {
    await Promise.all(used.map((h) => h.ready));
  } catch (e) {
    disposePool();
    throw new Error(`A helper worker failed to start (${(e as Error).message}); run with one worker.`);
  }
  // Two lanes per worker: while one lane's job computes, the other reads or writes storage.
  const remotes = used.map((h, i) => remoteExecutor(h, i + 1));
  return { lanes: [local, local, ...remotes.flatMap((r) => [r, r])], workers };
}

export function disposePool(): void {
  for (const h of helpers) {
    h.remote[Comlink.releaseProxy]();
    h.worker.terminate();
  }
  helpers = [];
  helpersBackend = '';
}

/**
 * Runs `jobs` on the lanes, each lane taking the next job when it is free (so a faster worker
 * takes more), until all are done, one fails, or `isCancelled` says stop.
 */
export async function runLanes<J>(jobs: readonly J[], lanes: readonly Executor[], work: (executor: Executor, job: J, index: number) => Promise<void>, isCancelled: () => boolean = () => false): Promise<void> {
  let next = 0;
  let failure: unknown;
  await Promise.all(
    lanes.map(async (executor) => {
      while (failure === undefined && !isCancelled() && next < jobs.length) {
        const i = next++;
        try {
          await work(executor, jobs[i], i);
        } catch (e) {
          failure ??= e;
        }
      }
    }),
  );
  if (failure !== undefined) throw failure;
}
