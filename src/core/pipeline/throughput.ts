/**
 * Throughput of plan + execute + read-back on the active backend, for `npm run bench` (run it
 * inside the worker that owns the backend) and for quick checks in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { execute } from './execute';
import { plan } from './plan';
import type { Pipeline } from './types';

export interface ThroughputOptions {
  /** Images to augment in total. */
  count: number;
  size: number;
  channels: 1 | 3;
  /** Images per execute() call. */
  batch: number;
  seed?: number;
}

export interface ThroughputResult {
  backend: string;
  imagesPerSecond: number;
  /** Milliseconds in each phase, summed over the run. */
  planMs: number;
  executeMs: number;
  readbackMs: number;
  totalMs: number;
}

export async function measureThroughput(p: Pipeline, o: ThroughputOptions): Promise<ThroughputResult> {
  const source = tf.tidy(() => tf.randomUniform([o.batch, o.size, o.size, o.channels], 0, 1, 'float32', 7) as tf.Tensor4D);
  const ids = Array.from({ length: o.count }, (_, i) => `bench-${i}`);
  try {
    // Warm-up: compile shaders / JIT the kernels on one batch.
    const warm = execute(source, plan(p, 0, ids.slice(0, o.batch)));
    await warm.images.data();
    warm.images.dispose();

    const start = performance.now();
    const t0 = performance.now();
    const plans = plan(p, o.seed ?? 1, ids);
    const planMs = performance.now() - t0;
    let executeMs = 0;
    let readbackMs = 0;
    for (let b = 0; b < o.count; b += o.batch) {
      const part = plans.slice(b, b + o.batch);
      const input = part.length === o.batch ? source : (tf.slice(source, [0, 0, 0, 0], [part.length, o.size, o.size, o.channels]) as tf.Tensor4D);
      const a = performance.now();
      const { images } = execute(input, part);
      const m = performance.now();
      await images.data();
      readbackMs += performance.now() - m;
      executeMs += m - a;
      images.dispose();
      if (input !== source) input.dispose();
    }
    const totalMs = performance.now() - start;
    return { backend: tf.getBackend(), imagesPerSecond: (o.count / totalMs) * 1000, planMs, executeMs, readbackMs, totalMs };
  } finally {
    source.dispose();
  }
}
