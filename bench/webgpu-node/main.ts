/**
 * The app's WebGPU figures on a machine with a real GPU but no browser: the app's own core code
 * (tfjs + tfjs-backend-webgpu, the Generate tab's training speed test, the Augment tab's
 * throughput test) in Node on Dawn, Chromium's WebGPU implementation, via the `webgpu` npm
 * package's dawn.node. Bundled into one file by build.js; run by .gpu/run.sh.
 *
 *   DAWN_NODE=path/to/dawn.node   default: dawn.node next to the bundle
 *   DAWN_BACKEND=vulkan           Dawn's backend ('' lets Dawn choose); Chromium on Linux uses Vulkan
 *   DAWN_FLAGS="a=b c=d"          extra dawn.node flags, e.g. enable-dawn-features=...
 *   QUICK=1                       tiny sizes, and a software adapter is allowed (smoke test)
 *   OUT=dir                       also write dir/webgpu-node.json
 *
 * One JSON object goes to stdout (and OUT). Every figure has a wall-time cap, and figures not
 * started by the global deadline are skipped, so a run ends in under 4 minutes.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSoftwareRenderer } from '../../src/core/backend';
// Types only (erased): no module of tfjs may be evaluated before navigator.gpu exists.
import type { SpeedReport } from '../../src/core/models';
import type { SpeedTestResult } from '../../workers/augment/speed-test';

/** Filled in by build.js from the package it bundles with. */
declare const __DAWN_PACKAGE__: string;
declare const __WEBGPU_BACKEND_VERSION__: string;

const QUICK = process.env.QUICK === '1';
const started = performance.now();
/** No figure starts after this (ms since start): the caps below then bound the run. */
const DEADLINE_MS = 170_000;
const TRAIN_CAP_MS = QUICK ? 120_000 : 40_000;
const AUGMENT_CAP_MS = QUICK ? 60_000 : 30_000;

interface Dawn {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

interface Figure {
  name: string;
  capSeconds: number;
  seconds?: number;
  result?: unknown;
  error?: string;
}

const figures: Figure[] = [];
// Keys in the order they print; filled in as the run goes.
const report: Record<string, unknown> = {
  tool: 'bench/webgpu-node',
  date: new Date().toISOString(),
  quick: QUICK,
  node: process.version,
  dawnPackage: __DAWN_PACKAGE__,
  tfjsBackendWebgpu: __WEBGPU_BACKEND_VERSION__,
  dawnFlags: undefined,
  adapter: undefined,
  tfBackend: undefined,
  error: undefined,
  summary: undefined,
  figures,
};

const round = (x: number) => +x.toPrecision(4);

/** The headline numbers of a figure (the full results stay in `figures`). */
function summarise(f: Figure): Record<string, number> | string {
  if (f.error) return f.error;
  const counted = f.result as { kernels?: number };
  if (counted.kernels !== undefined) return { kernels: counted.kernels };
  const r = f.result as Partial<SpeedReport & SpeedTestResult>;
  if (r.stepsPerSecond !== undefined) {
    return { stepsPerSecond: round(r.stepsPerSecond), imagesPerSecond: round(r.imagesPerSecond!), msPerStep: round(r.msPerStep!.median), gflops: round(r.gflops!) };
  }
  return { imagesPerSecond: round(r.imagesPerSecond!), engineImagesPerSecond: round(r.engine?.imagesPerSecond ?? NaN), batch: r.batch!, count: r.count! };
}

function finish(code: number): never {
  report.summary = Object.fromEntries(figures.map((f) => [f.name, summarise(f)]));
  report.totalSeconds = +((performance.now() - started) / 1000).toFixed(1);
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (process.env.OUT) {
    mkdirSync(process.env.OUT, { recursive: true });
    writeFileSync(join(process.env.OUT, 'webgpu-node.json'), json + '\n');
  }
  // dawn.node keeps the process alive while navigator.gpu is referenced (and a timed-out
  // figure may still be running): exit explicitly.
  process.exit(code);
}

/** Loads dawn.node and installs navigator.gpu and the GPU* constants (GPUBufferUsage, ...) globally. */
function installDawn(): GPU {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = process.env.DAWN_NODE ?? join(here, 'dawn.node');
  const dawn = createRequire(import.meta.url)(path) as Dawn;
  const backend = process.env.DAWN_BACKEND ?? 'vulkan';
  const flags = [...(backend ? [`backend=${backend}`] : []), ...(process.env.DAWN_FLAGS ?? '').split(/\s+/).filter(Boolean)];
  report.dawnFlags = flags;
  const gpu = dawn.create(flags);
  Object.assign(globalThis, dawn.globals);
  // Node 20 has no navigator; newer Node has one without gpu. tfjs-backend-webgpu registers
  // itself at import time only if globalThis.navigator.gpu exists (webgpu_util.isWebGPUSupported).
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(g, 'navigator', { value: { gpu, hardwareConcurrency: availableParallelism() }, configurable: true, writable: true });
  return gpu;
}

async function describeAdapter(gpu: GPU) {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; backendType?: string; adapterType?: string };
  const described = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    backendType: info.backendType,
    adapterType: info.adapterType,
    isFallbackAdapter: !!(info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter),
    features: [...adapter.features].sort(),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
  // The same rule the app uses (workers/shared/tf-start.ts): a fallback adapter or a software renderer's name.
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return { ...described, software: described.isFallbackAdapter || isSoftwareRenderer(name) || info.adapterType === 'cpu' };
}

/** Runs one figure under its wall-time cap; past the global deadline it is skipped. */
async function figure(name: string, capMs: number, run: () => Promise<unknown>): Promise<void> {
  const f: Figure = { name, capSeconds: capMs / 1000 };
  figures.push(f);
  if (performance.now() - started > DEADLINE_MS) {
    f.error = 'skipped: the run reached its global deadline';
    return;
  }
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${capMs / 1000} s (it may still be running; later figures may be slowed)`)), capMs);
  });
  try {
    f.result = await Promise.race([run(), cap]);
  } catch (e) {
    f.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } finally {
    clearTimeout(timer);
    f.seconds = +((performance.now() - t0) / 1000).toFixed(1);
    console.error(`[webgpu-node] ${name}: ${f.error ?? 'ok'} (${f.seconds} s)`);
  }
}

async function main(): Promise<void> {
  const gpu = installDawn();
  const adapter = await describeAdapter(gpu);
  report.adapter = adapter;
  console.error('[webgpu-node] adapter:', JSON.stringify(adapter));
  if (!adapter) {
    report.error = 'Dawn found no WebGPU adapter (is a Vulkan loader and the NVIDIA ICD installed?)';
    finish(2);
  }
  if (adapter.software && !QUICK) {
    report.error = `refused: the adapter is a software renderer (${adapter.description || adapter.device}); its figures would not be GPU figures (QUICK=1 allows it for a smoke test)`;
    finish(3);
  }

  // Only now, with navigator.gpu in place, may tfjs-backend-webgpu be evaluated.
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  const { registerTrainingGradients } = await import('../../src/core/kernels');
  const { speedTest: trainingSpeed } = await import('../../workers/train/speed');
  const { speedTest: augmentSpeed } = await import('../../workers/augment/speed-test');

  if (!(await tf.setBackend('webgpu'))) {
    report.error = 'tfjs could not start its webgpu backend';
    finish(2);
  }
  await tf.ready();
  report.tfjs = tf.version;
  report.tfBackend = tf.getBackend();
  if (tf.getBackend() !== 'webgpu') {
    report.error = `tfjs runs on ${tf.getBackend()}, not webgpu`;
    finish(2);
  }
  const backend = tf.backend() as unknown as { adapterInfo?: unknown; device?: GPUDevice };
  report.tfjsDeviceFeatures = backend.device ? [...backend.device.features].sort() : null;
  // What the train worker does on every backend but WASM (workers/train/backend.ts).
  registerTrainingGradients();

  // The Generate tab's "Training speed" panel: quick = one step after one warm-up, else its full settings.
  const windows = QUICK ? { warmupSteps: 1, windows: 1, windowSteps: 1 } : { warmupSteps: 3, windows: 5, windowSteps: 4 };
  const train = async (model: 'dcgan' | 'vae', batchSize: number) => {
    const r = await trainingSpeed({ model, batchSize, ...windows });
    if (r.backend !== 'webgpu') throw new Error(`measured on ${r.backend}, not webgpu`);
    return r;
  };
  // The Augment tab's throughput test: the standard classification preset, 8-bit in → tensor
  // engine on this backend → 8-bit read back; engine: also float tensors in/out alone.
  const augment = async (size: number, channels: 1 | 3, count: number, batch?: number) => {
    const r = await augmentSpeed({ count, size, channels, batch, workers: 1, engine: true });
    if (r.backend !== 'webgpu') throw new Error(`measured on ${r.backend}, not webgpu`);
    return r;
  };

  if (process.env.FLAG_SWEEP === '1') {
    // What tfjs-backend-webgpu's dispatch settings do to a training step (DCGAN, batch 64), and how
    // many kernels a step dispatches: is the step bound by per-kernel overhead?
    // Alternated twice: one figure of each is too noisy to choose by.
    const settings: Array<[string, Record<string, number | boolean>]> = [
      ['defaults (submit every 15 dispatches)', {}],
      ['submit every 32 dispatches', { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 32 }],
      ['submit every 64 dispatches', { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 64 }],
      ['submit every 128 dispatches', { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 128 }],
      ['no CPU forwarding of small ops', { WEBGPU_CPU_FORWARD: false }],
    ];
    const sweep = [...settings, ...settings].map(([label, flags], i) => [`${label}, run ${i < settings.length ? 1 : 2}`, flags] as const);
    const defaults = { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'), WEBGPU_CPU_FORWARD: tf.env().getBool('WEBGPU_CPU_FORWARD') };
    const batch = QUICK ? 8 : 64;
    const { setAdamBatching } = await import('../../src/core/models/adam');
    if (process.env.ADAM_SWEEP === '1') {
      // Adam's update per variable or batched over all of them, alternated three times.
      for (let run = 1; run <= 3; run++) {
        for (const batched of [false, true]) {
          setAdamBatching(batched);
          await figure(`train dcgan 28x28x1 batch ${batch}, Adam ${batched ? 'batched' : 'per variable'}, run ${run}`, TRAIN_CAP_MS, () => train('dcgan', batch));
        }
      }
      setAdamBatching('auto');
    } else {
      for (const [label, flags] of sweep) {
        tf.env().setFlags({ ...defaults, ...flags });
        await figure(`train dcgan 28x28x1 batch ${batch}, ${label}`, TRAIN_CAP_MS, () => train('dcgan', batch));
      }
      tf.env().setFlags(defaults);
    }
    const { GanTrainer, ganSettings, buildGan, InMemorySource } = await import('../../src/core/models');
    await figure('kernels per DCGAN step', TRAIN_CAP_MS, async () => {
      const source = new InMemorySource({ pixels: new Float32Array(256 * 784).fill(0.5), shape: [256, 28, 28, 1] });
      const steps = new GanTrainer(buildGan({ size: 28, channels: 1 })).train(source, { ...ganSettings(), batchSize: batch, readEvery: 1, sampleEvery: 0 });
      for (let i = 0; i < 2; i++) await steps.next();
      const profile = await tf.profile(async () => void (await steps.next()));
      await steps.return(undefined);
      const byName: Record<string, number> = {};
      for (const k of profile.kernels) byName[k.name] = (byName[k.name] ?? 0) + 1;
      return { kernels: profile.kernels.length, byName };
    });
    report.tfMemory = tf.memory();
    finish(figures.some((f) => f.error) ? 1 : 0);
  }

  if (QUICK) {
    await figure('train dcgan 28x28x1 batch 8', TRAIN_CAP_MS, () => train('dcgan', 8));
    await figure('train vae 28x28x1 batch 8', TRAIN_CAP_MS, () => train('vae', 8));
    await figure('augment standard 28x28x1 batch 32', AUGMENT_CAP_MS, () => augment(28, 1, 64, 32));
    await figure('augment standard 224x224x3 batch 2', AUGMENT_CAP_MS, () => augment(224, 3, 4, 2));
  } else {
    // Most wanted first, in case the deadline cuts the list short.
    await figure('train dcgan 28x28x1 batch 64', TRAIN_CAP_MS, () => train('dcgan', 64));
    await figure('train vae 28x28x1 batch 64', TRAIN_CAP_MS, () => train('vae', 64));
    await figure('augment standard 224x224x3 batch 64', AUGMENT_CAP_MS, () => augment(224, 3, 1000, 64));
    await figure('augment standard 28x28x1 batch 64', AUGMENT_CAP_MS, () => augment(28, 1, 10_000, 64));
    await figure('train dcgan 28x28x1 batch 256', TRAIN_CAP_MS, () => train('dcgan', 256));
    // The tab's own job size (about 4 M values: 26 images at 224×224×3, 1,024 at 28×28).
    await figure('augment standard 224x224x3 app batch', AUGMENT_CAP_MS, () => augment(224, 3, 1000));
    await figure('augment standard 28x28x1 app batch', AUGMENT_CAP_MS, () => augment(28, 1, 10_000));
  }
  report.tfMemory = tf.memory();
  finish(figures.some((f) => f.error) ? 1 : 0);
}

main().catch((e: unknown) => {
  report.error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
  finish(2);
});
