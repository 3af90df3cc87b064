import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSweep, runSweep } from './sweep';
import { arrows, paint, randomFlip, tinyDense } from './testing';
import type { SweepEvent } from './sweep';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('low-data sweep', () => {
  it('runs the experiment at each n (ascending, deduplicated) and draws accuracy-vs-n curves per arm', async () => {
    const config = {
      classNames: ['up', 'down'],
      train: paint(arrows, 12, 20),
      validation: paint(arrows, 5, 21),
      augment: randomFlip(1),
      seeds: [1, 2],
      budget: { epochs: 2 },
      batchSize: 4,
      buildModel: tinyDense,
      validationCurve: false,
    };
    expect(planSweep(config, [6, 3, 6]).map((p) => [p.perClass, p.trainImages, p.stepsPerRun])).toEqual([
      [3, 6, 3],
      [6, 12, 6],
    ]);
    const before = tf.memory().numTensors;
    const events: SweepEvent[] = [];
    for await (const e of runSweep(config, [6, 3, 6])) events.push(e);
    const last = events.at(-1)!;
    if (last.type !== 'sweep') throw new Error('the last event must be the sweep result');
    const result = last.result;
    expect(result.status).toBe('complete');
    expect(result.perClass).toEqual([3, 6]);
    expect(result.points.map((p) => p.plan.trainImages)).toEqual([6, 12]);
    expect(result.curves.map((c) => [c.arm, c.perClass])).toEqual([
      ['real', [3, 6]],
      ['augmented', [3, 6]],
    ]);
    // Each curve point is the mean of that point's runs.
    const p0 = result.points[0].runs.filter((r) => r.arm === 'real').map((r) => r.accuracy);
    expect(result.curves[0].accuracy[0].mean).toBeCloseTo((p0[0] + p0[1]) / 2, 12);
    // Inner events are forwarded with their point.
    expect(events.filter((e) => e.type === 'point' && e.event.type === 'result').map((e) => (e as { perClass: number }).perClass)).toEqual([3, 6]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
