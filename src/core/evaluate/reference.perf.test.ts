/**
 * The reference experiment, on the embedded Fashion-MNIST sample: the small CNN on 50 real
 * training images per class against the same CNN with the "standard classification" pipeline
 * (flip + affine + brightness/contrast), 3 seeds, default budget (10 epochs, batch 32, Adam 1e-3),
 * scored on the sample's 1,000 test images. Nothing is tuned towards an answer.
 * Skipped in the unit suite (minutes on WASM); run with
 *   EVALUATE_REFERENCE=1 npx vitest run src/core/evaluate/reference.perf.test.ts
 * Also compares the time estimate (from measureStepTiming) with the measured wall time.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodePngRgba } from '../dataset/png-rgba';
import { useWasmForTraining } from '../kernels/testing/wasmBackendNode';
import { standardClassificationPreset } from '../pipeline';
import { estimateSeconds, formatDuration, measureStepTiming } from './estimate';
import { runExperimentToEnd } from './experiment';
import type { LabelledImages } from './labelledImages';
import { pipelineAugment } from './pipelineAugment';
import { planExperiment } from './prepare';
import type { ExperimentConfig } from './types';

function loadSample(): { classNames: string[]; train: LabelledImages; test: LabelledImages } {
  const files = unzipSync(readFileSync(new URL('../../../public/samples/fashion-mnist-subset-imagefolder.zip', import.meta.url)));
  const paths = Object.keys(files).filter((p) => p.endsWith('.png')).sort();
  const classNames = [...new Set(paths.map((p) => p.split('/')[1]))].sort();
  const load = (split: string): LabelledImages => {
    const mine = paths.filter((p) => p.startsWith(`${split}/`));
    const pixels = new Uint8Array(mine.length * 784);
    const labels = new Int32Array(mine.length);
    mine.forEach((p, i) => {
      const img = decodePngRgba(files[p])!;
      for (let k = 0; k < 784; k++) pixels[i * 784 + k] = img.data[4 * k]; // grey: R = G = B
      labels[i] = classNames.indexOf(p.split('/')[1]);
    });
    return { pixels, shape: [mine.length, 28, 28, 1], labels, ids: mine };
  };
  return { classNames, train: load('train'), test: load('test') };
}

describe.runIf(process.env.EVALUATE_REFERENCE)('reference experiment (Fashion-MNIST sample, WASM)', () => {
  it('real vs standard augmentation, 50 images per class, 3 seeds', async () => {
    await useWasmForTraining();
    const { classNames, train, test } = loadSample();
    expect(train.shape[0]).toBe(6000);
    expect(test.shape[0]).toBe(1000);
    const { augment, notes } = pipelineAugment(standardClassificationPreset());
    const config: ExperimentConfig = { classNames, train, validation: test, augment, notes, perClass: 50, seeds: [1, 2, 3], validationCurve: false };
    const plan = planExperiment(config);
    const timing = await measureStepTiming({ imageShape: [28, 28, 1], numClasses: 10, batchSize: plan.batchSize, augment });
    const estimate = estimateSeconds(plan, timing, { validationCurve: false });
    const t0 = performance.now();
    const result = await runExperimentToEnd(config);
    const wall = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ backend: tf.getBackend(), plan, timing, estimateSeconds: estimate, wallSeconds: wall }, null, 1));
    console.log(`estimate ${formatDuration(estimate)}, measured ${formatDuration(wall)}`);
    for (const a of result.arms) console.log(a.label, JSON.stringify({ accuracy: a.accuracy, macroF1: a.macroF1, perSeed: result.runs.filter((r) => r.arm === a.arm).map((r) => r.accuracy) }));
    for (const v of result.verdicts) console.log(v.text);
    expect(result.status).toBe('complete');
  }, 1_800_000);
});
