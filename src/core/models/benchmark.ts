/**
 * Training speed, measured the same way in Node (unit-test machine) and in the browser bench:
 * steps are timed in windows that end with a loss read-back, so asynchronous GPU backends are
 * timed to completion.
 */
import type { DataSource } from './dataSource';
import type { BaseSettings, Trainer } from './trainer';

export interface SpeedReport {
  backend: string;
  batchSize: number;
  steps: number;
  /** Milliseconds per step: median and best window. */
  msPerStep: { median: number; best: number };
  stepsPerSecond: number;
  imagesPerSecond: number;
  gflopPerStep: number;
  gflops: number;
}

export interface SpeedOptions {
  warmupSteps?: number;
  windows?: number;
  windowSteps?: number;
  /** FLOPs of one step (see flops.ts), for GFLOP/s. */
  flopsPerStep: number;
  backend: string;
  /** Milliseconds; default wall time. Node measurements may pass process CPU time. */
  clock?: () => number;
}

export async function measureTrainingSpeed<S extends BaseSettings>(
  trainer: Trainer<S>,
  source: DataSource,
  settings: S,
  options: SpeedOptions,
): Promise<SpeedReport> {
  const { warmupSteps = 3, windows = 5, windowSteps = 4, flopsPerStep, backend, clock = () => performance.now() } = options;
  const run: S = { ...settings, readEvery: windowSteps, sampleEvery: 0, maxSteps: undefined, epochs: undefined };
  const steps = trainer.train(source, run);
  try {
    for (let i = 0; i < warmupSteps; i++) await steps.next();
    // Align to a read-back boundary so each window ends with one.
    while (trainer.step % windowSteps !== 0) await steps.next();
    const perStep: number[] = [];
    for (let w = 0; w < windows; w++) {
      const t0 = clock();
      for (let i = 0; i < windowSteps; i++) await steps.next();
      perStep.push((clock() - t0) / windowSteps);
    }
    perStep.sort((a, b) => a - b);
    const median = perStep[Math.floor(perStep.length / 2)];
    const batchSize = Math.min(settings.batchSize, source.size);
    return {
      backend,
      batchSize,
      steps: windows * windowSteps,
      msPerStep: { median, best: perStep[0] },
      stepsPerSecond: 1000 / median,
      imagesPerSecond: (1000 * batchSize) / median,
      gflopPerStep: flopsPerStep / 1e9,
      gflops: flopsPerStep / 1e6 / median,
    };
  } finally {
    await steps.return(undefined);
  }
}
