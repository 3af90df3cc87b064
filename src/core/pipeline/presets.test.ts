import { beforeAll, describe, expect, it } from 'vitest';
import { flat, noiseBatch, useCpu } from '../transforms/test-helpers';
import { execute } from './execute';
import { findNode } from './nodes';
import { plan } from './plan';
import { PRESETS, randAugment, standardClassificationPreset, trivialAugment } from './presets';
import { serialisePipeline } from './serialise';
import { checkChannels, validatePipeline } from './validate';

beforeAll(useCpu);

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

describe('presets', () => {
  it('are valid pipelines that run on RGB and grey data', () => {
    for (const preset of PRESETS) {
      const p = preset.build({ imageSize: 16 });
      expect(validatePipeline(JSON.parse(serialisePipeline(p))).errors, preset.id).toEqual([]);
      for (const channels of [3, 1]) {
        expect(checkChannels(p, channels), `${preset.id} on ${channels} channels`).toEqual([]);
        const x = noiseBatch(4, 16, 16, channels);
        const { images } = execute(x, plan(p, 1, ids(4)));
        const out = flat(images);
        expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...out)).toBeLessThanOrEqual(1);
        x.dispose();
      }
    }
  });

  it('standard classification is flip, affine ±15° / 0.9–1.1 / ±10%, brightness-contrast', () => {
    const p = standardClassificationPreset();
    expect(findNode(p.root, 'flip')).toMatchObject({ name: 'HorizontalFlip', p: 0.5 });
    expect(findNode(p.root, 'affine')).toMatchObject({ name: 'Affine', params: { rotate: [-15, 15], scale: [0.9, 1.1], translateX: [-0.1, 0.1], translateY: [-0.1, 0.1] } });
    expect(findNode(p.root, 'bc')).toMatchObject({ name: 'BrightnessContrast', params: { brightness: [-0.2, 0.2], contrast: [-0.2, 0.2] } });
  });

  it('RandAugment applies exactly N ops at magnitude M', () => {
    const p = randAugment(2, 9);
    const plans = plan(p, 5, ids(2000));
    plans.forEach((s) => expect(s.steps).toHaveLength(2));
    const steps = plans.flatMap((s) => s.steps);
    const rotations = steps.filter((s) => s.node.startsWith('ra-rotate')).map((s) => (s.params as { angle: number }).angle);
    expect(new Set(rotations)).toEqual(new Set([9, -9]));
    expect(steps.filter((s) => s.name === 'Solarize').every((s) => (s.params as { threshold: number }).threshold === 0.7)).toBe(true);
    expect(steps.filter((s) => s.name === 'Posterize').every((s) => (s.params as { bits: number }).bits === 7)).toBe(true);
    // 14 ops chosen uniformly: identity ≈ 1/14 of the picks.
    const share = steps.filter((s) => s.name === 'Identity').length / steps.length;
    expect(Math.abs(share - 1 / 14)).toBeLessThan(0.015);
    expect(() => randAugment(0, 9)).toThrow(/N should be/);
  });

  it('TrivialAugment applies one op at a random magnitude', () => {
    const plans = plan(trivialAugment({ imageSize: 64 }), 5, ids(1000));
    plans.forEach((s) => expect(s.steps).toHaveLength(1));
    const rotations = plans.flatMap((s) => s.steps).filter((s) => s.node === 'ta-rotate').map((s) => (s.params as { angle: number }).angle);
    expect(Math.min(...rotations)).toBeLessThan(-60);
    expect(Math.max(...rotations)).toBeGreaterThan(60);
    rotations.forEach((a) => expect(Math.abs(a)).toBeLessThanOrEqual(135));
    expect(findNode(trivialAugment({ imageSize: 64 }).root, 'ta-translateX')).toMatchObject({ params: { translateX: [-0.5, 0.5] } });
  });
});

