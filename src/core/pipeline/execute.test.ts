import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../transforms/registry';
import { flat, noiseBatch, useCpu } from '../transforms/test-helpers';
import { checkChannels } from './validate';
import { execute, softLabel } from './execute';
import { compose, pipeline, someOf, transformNode as t } from './nodes';
import { partnersNeeded, plan } from './plan';
import { standardClassificationPreset } from './presets';

beforeAll(useCpu);

/** Every transform, each firing half the time. */
const everything = () => pipeline('all', 'everything', compose('root', TRANSFORMS.map((x, i) => t(`n${i}`, x.name, 0.5))));

describe('execute', () => {
  it('leaks no tensors: numTensors is flat across 100 batches', () => {
    const p = standardClassificationPreset();
    const x = noiseBatch(8, 16, 16, 3);
    const ids = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const warm = execute(x, plan(p, 0, ids));
    warm.images.dispose();
    const before = tf.memory().numTensors;
    for (let b = 0; b < 100; b++) {
      const { images } = execute(x, plan(p, b, ids));
      images.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    x.dispose();
  });

  it('leaks no tensors with every transform in the pipeline, mixing included', () => {
    const p = everything();
    const x = noiseBatch(6, 16, 16, 3);
    const ids = Array.from({ length: 6 }, (_, i) => `s${i}`);
    const before = tf.memory().numTensors;
    for (let b = 0; b < 8; b++) {
      const { images } = execute(x, plan(p, b, ids));
      images.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('is deterministic and keeps pixels in [0, 1] with every transform', () => {
    const p = everything();
    const x = noiseBatch(6, 16, 16, 3);
    const ids = Array.from({ length: 6 }, (_, i) => `s${i}`);
    const plans = plan(p, 123, ids);
    const a = flat(execute(x, plans).images);
    const b = flat(execute(x, plans).images);
    expect(b).toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(plans.reduce((n, s) => n + s.steps.length, 0)).toBeGreaterThan(6 * 10);
    x.dispose();
  });

  it('regenerates any sample alone, bit for bit, given its partners’ source images', () => {
    const p = everything();
    const x = noiseBatch(6, 16, 16, 3);
    const ids = Array.from({ length: 6 }, (_, i) => `s${i}`);
    const plans = plan(p, 99, ids, 2, { pool: ids });
    const whole = execute(x, plans);
    const batchOut = whole.images.arraySync();
    for (let i = 0; i < 6; i++) {
      const [alone] = plan(p, 99, [ids[i]], 2, { pool: ids });
      expect(alone).toEqual(plans[i]);
      const need = partnersNeeded([alone]);
      const partners = need.length ? { ids: need, images: tf.gather(x, need.map((id) => ids.indexOf(id))) as tf.Tensor4D } : undefined;
      const single = tf.slice(x, [i, 0, 0, 0], [1, 16, 16, 3]);
      const out = execute(single, [alone], { partners });
      expect(out.images.arraySync()[0]).toEqual(batchOut[i]);
      expect(out.sources[0]).toEqual(whole.sources[i]);
      tf.dispose([single, out.images, partners?.images]);
    }
    whole.images.dispose();
    x.dispose();
  });

  it('runs a step twice when SomeOf picks it twice, and in order with the steps around it', () => {
    const p = pipeline('p', 'twice', compose('root', [
      someOf('s', 2, [t('b', 'Brightness', 1, { limit: [0.1, 0.1] })], 1, true),
      t('g', 'Gamma', 1, { gamma: [2, 2] }),
    ]));
    const [s] = plan(p, 0, ['a']);
    expect(s.steps.map((x) => x.name)).toEqual(['Brightness', 'Brightness', 'Gamma']);
    const x = tf.fill([1, 2, 2, 1], 0.3) as tf.Tensor4D;
    const out = flat(execute(x, [s]).images);
    out.forEach((v) => expect(v).toBeCloseTo(0.5 ** 2, 6));
    x.dispose();
  });

  it('returns a new tensor of the input shape even when nothing fires', () => {
    const p = pipeline('p', 'none', compose('root', [t('a', 'Invert', 0)]));
    const x = noiseBatch(2, 4, 4, 1);
    const { images, sources } = execute(x, plan(p, 0, ['a', 'b']));
    expect(images).not.toBe(x);
    expect(images.shape).toEqual([2, 4, 4, 1]);
    expect(flat(images)).toEqual(flat(x.clone()));
    expect(sources).toEqual([[{ id: 'a', weight: 1 }], [{ id: 'b', weight: 1 }]]);
    x.dispose();
  });

  it('explains RGB-only transforms on grey data, before and during execution', () => {
    const p = pipeline('p', 'hsv', compose('root', [t('h', 'HueSaturationValue', 1)]));
    const issues = checkChannels(p, 1);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/Node "h": Hue, saturation, value needs RGB images, and this dataset has 1 channel \(greyscale\)/);
    expect(checkChannels(p, 3)).toEqual([]);
    const x = noiseBatch(1, 4, 4, 1);
    expect(() => execute(x, plan(p, 0, ['a']))).toThrow(/needs RGB images/);
    x.dispose();
  });

  it('rejects plans that do not match the batch', () => {
    const x = noiseBatch(2, 4, 4, 1);
    expect(() => execute(x, [])).toThrow(/2 images/);
    expect(() => execute(x, [{ sampleId: 'a', seed: 0, variant: 0, warpAt: -1, steps: [{ at: 0, node: 'n', name: 'Nope', params: {} }] }, { sampleId: 'b', seed: 0, variant: 0, warpAt: -1, steps: [] }])).toThrow(/"Nope"/);
    x.dispose();
  });

  it('softLabel sums the mixed sources per class', () => {
    const classOf = (id: string) => ({ a: 0, b: 1, c: 1 })[id as 'a'];
    expect(softLabel([{ id: 'a', weight: 0.3 }, { id: 'b', weight: 0.5 }, { id: 'c', weight: 0.2 }], classOf, 3)).toEqual([0.3, 0.7, 0]);
  });
});

describe('helpers', () => {
  it('summariseStep writes a short line for tooltips', async () => {
    const { summariseStep } = await import('./summary');
    expect(summariseStep({ at: 0, node: 'r', name: 'Rotate', params: { angle: -12.34567, interpolation: 'bilinear', border: 'constant', fill: 0 } })).toBe('Rotate · angle -12.3');
    expect(summariseStep({ at: 0, node: 'f', name: 'HorizontalFlip', params: {} })).toBe('HorizontalFlip');
    expect(summariseStep({ at: 0, node: 'b', name: 'BrightnessContrast', params: { alpha: 1.05, beta: -0.1234 } })).toBe('BrightnessContrast · alpha 1.05, beta -0.123');
  });

  it('measureThroughput runs plan, execute and read-back and reports the phases', async () => {
    const { measureThroughput } = await import('./throughput');
    const before = tf.memory().numTensors;
    const r = await measureThroughput(standardClassificationPreset(), { count: 20, size: 8, channels: 1, batch: 8 });
    expect(r.backend).toBe('cpu');
    expect(r.imagesPerSecond).toBeGreaterThan(0);
    expect(r.totalMs).toBeGreaterThanOrEqual(r.executeMs + r.readbackMs);
    expect(tf.memory().numTensors).toBe(before);
  });
});
