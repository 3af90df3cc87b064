import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng } from '../rng';
import { defaults } from '../transforms/params';
import { TRANSFORMS } from '../transforms/registry';
import { useCpu } from '../transforms/test-helpers';
import type { PixelTransform } from '../transforms/types';
import { execute } from './execute';
import { executeBytes, type ByteJob, type TensorPath } from './execute-bytes';
import { executeFused, fusable } from './fused';
import { compose, oneOf, pipeline, transformNode as t } from './nodes';
import { plan } from './plan';
import { heavyPreset, lightPreset, standardClassificationPreset } from './presets';
import type { Pipeline } from './types';

beforeAll(useCpu);

const ids = (n: number) => Array.from({ length: n }, (_, i) => `img-${i}`);

function bytes(n: number, size: number, c: number, salt = 1): Uint8Array {
  const out = new Uint8Array(n * size * size * c);
  for (let i = 0; i < out.length; i++) {
    const v = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43758.5453;
    out[i] = Math.floor((v - Math.floor(v)) * 256);
  }
  return out;
}

/** The tensor engine on bytes, with the export's reference conversions, written out here. */
const tensorPath: TensorPath = async (job: ByteJob) => {
  const n = job.plans.length;
  const shape: [number, number, number, number] = [n, job.size, job.size, job.channels];
  const x = tf.tensor4d(Float32Array.from(job.pixels, (v) => v / 255), shape);
  const partners = job.partners ? tf.tensor4d(Float32Array.from(job.partners.pixels, (v) => v / 255), [job.partners.ids.length, job.size, job.size, job.channels]) : undefined;
  const { images } = execute(x, job.plans, partners ? { partners: { ids: job.partners!.ids, images: partners } } : {});
  const values = images.dataSync();
  const out = Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  tf.dispose([x, images, ...(partners ? [partners] : [])]);
  return out;
};

function fused(p: Pipeline, n: number, size: number, c: number, seed = 3): { out: Uint8Array; expected: Promise<Uint8Array>; plans: ReturnType<typeof plan> } {
  const plans = plan(p, seed, ids(n));
  const pixels = bytes(n, size, c);
  const out = new Uint8Array(pixels.length);
  const per = size * size * c;
  executeFused(pixels, out, plans, { height: size, width: size, channels: c }, (i) => i * per, (i) => i * per);
  return { out, plans, expected: tensorPath({ size, channels: c, plans, pixels }) };
}

function compare(a: Uint8Array, b: Uint8Array): { worst: number; exact: number } {
  let worst = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, d);
    if (d === 0) same++;
  }
  return { worst, exact: same / a.length };
}

describe('tone maps', () => {
  const toned = TRANSFORMS.filter((x): x is PixelTransform => x.kind === 'pixel' && x.tone !== undefined);

  it('cover the per-value photometric transforms', () => {
    expect(toned.map((x) => x.name).sort()).toEqual(['Brightness', 'BrightnessContrast', 'Gamma', 'Identity', 'Invert', 'Posterize', 'RGBShift', 'Solarize']);
  });

  it.each(toned.map((x) => [x.name, x] as const))('%s: the tone map gives what apply() gives on every 8-bit value', (_name, x) => {
    const rng = new CounterRng(7, x.name, 0);
    const params = x.sample(rng, 20, defaults(x.params), { sampleId: 's', pool: [] });
    // One image per parameter record: a 16×16×3 image holding every 8-bit value in each channel.
    const values = Float32Array.from({ length: 20 * 256 * 3 }, (_, i) => Math.floor(i / 3) % 256 / 255);
    const applied = x.apply(tf.tensor4d(values, [20, 16, 16, 3]), params, { height: 16, width: 16, channels: 3 });
    const got = applied.dataSync();
    let differ = 0;
    params.forEach((p, i) => {
      const f = x.tone!(p);
      for (let k = 0; k < 256; k++) {
        for (let ch = 0; ch < 3; ch++) {
          const fromApply = Math.round(got[(i * 256 + k) * 3 + ch] * 255);
          const fromTone = Math.round(f(k / 255, ch) * 255);
          expect(Math.abs(fromApply - fromTone)).toBeLessThanOrEqual(1);
          if (fromApply !== fromTone) differ++;
        }
      }
    });
    // Float32 (apply) and double (tone) round differently only at exact halves.
    expect(differ / (20 * 256 * 3)).toBeLessThan(0.002);
    applied.dispose();
  });
});

describe('the fused 8-bit path', () => {
  it('takes the standard, light and all-tone pipelines, not blur or mixing', () => {
    const ctx = { height: 8, width: 8, channels: 3 };
    for (const p of [standardClassificationPreset(), lightPreset()]) expect(plan(p, 1, ids(50)).every((s) => fusable(s, ctx))).toBe(true);
    const blur = pipeline('b', 'blur', compose('root', [t('blur', 'GaussianBlur', 1)]));
    expect(fusable(plan(blur, 1, ['a'])[0], ctx)).toBe(false);
    const mix = pipeline('m', 'mix', compose('root', [t('mix', 'MixUp', 1)]));
    expect(fusable(plan(mix, 1, ['a', 'b'])[0], ctx)).toBe(false);
  });

  it.each([
    ['standard, 3 channels', standardClassificationPreset(), 3],
    ['standard, 1 channel', standardClassificationPreset(), 1],
    ['light', lightPreset(), 3],
  ] as const)('%s: within one 8-bit step of the tensor engine', async (_n, p, c) => {
    const { out, expected } = fused(p, 12, 24, c);
    const { worst, exact } = compare(out, await expected);
    expect(worst).toBeLessThanOrEqual(1);
    expect(exact).toBeGreaterThan(0.7);
  });

  it('runs tone steps placed before the warp on the source, and the fill is toned after', async () => {
    const p = pipeline('pre', 'pre', compose('root', [
      t('inv', 'Invert', 1),
      t('rot', 'Rotate', 1, { limit: [30, 30], border: 'constant', fill: 0 }),
      t('b', 'Brightness', 1, { limit: [0.2, 0.2] }),
    ]));
    const { out, expected } = fused(p, 2, 16, 1);
    expect(compare(out, await expected).worst).toBeLessThanOrEqual(1);
    expect(out[0]).toBe(51); // a corner outside the rotated image: fill 0, then +0.2 → 51
  });

  it('gives the same bytes for a sample alone or inside any batch', () => {
    const p = standardClassificationPreset();
    const plans = plan(p, 9, ids(6));
    const pixels = bytes(6, 20, 3);
    const per = 20 * 20 * 3;
    const ctx = { height: 20, width: 20, channels: 3 };
    const all = new Uint8Array(pixels.length);
    executeFused(pixels, all, plans, ctx, (i) => i * per, (i) => i * per);
    const alone = new Uint8Array(per);
    executeFused(pixels, alone, [plans[4]], ctx, () => 4 * per, () => 0);
    expect(alone).toEqual(all.subarray(4 * per, 5 * per));
  });
});

describe('in place', () => {
  it('writes over its source exactly what it writes to a separate buffer, on both warp paths and every border', () => {
    // Tone before and after the warp, a zoom-out (pixels far outside: the kernel's border list) and rotations.
    const p = pipeline('inplace', 'inplace', compose('root', [
      t('b', 'Brightness', 0.5, { limit: [-0.3, 0.3] }),
      t('a', 'Affine', 1, { scale: [0.6, 1.2], rotate: [-40, 40], border: 'reflect' }),
      t('g', 'Gamma', 0.5),
    ]));
    for (const [size, c] of [[12, 1], [64, 3], [50, 1]] as const) {
      for (const preset of [p, standardClassificationPreset(), heavyPreset()]) {
        const plans = plan(preset, 6, ids(8));
        const ctx = { height: size, width: size, channels: c };
        const kept = plans.filter((s) => fusable(s, ctx));
        const per = size * size * c;
        const pixels = bytes(kept.length, size, c);
        const apart = new Uint8Array(pixels.length);
        const at = (i: number) => i * per;
        executeFused(pixels, apart, kept, ctx, at, at);
        executeFused(pixels, pixels, kept, ctx, at, at);
        expect(pixels, `${size}×${size}×${c} ${preset.name}`).toEqual(apart);
      }
    }
  });
});

describe('executeBytes', () => {
  it('sends fusable samples down the fused path and the rest, as one batch, to the tensor engine', async () => {
    const p = pipeline('mixed', 'mixed', compose('root', [
      oneOf('g', [t('blur', 'GaussianBlur', 1), t('bright', 'Brightness', 1)]),
      t('rot', 'Rotate', 1, { limit: [-20, 20] }),
    ]));
    const plans = plan(p, 4, ids(16));
    const ctx = { height: 12, width: 12, channels: 3 };
    const kinds = plans.map((s) => fusable(s, ctx));
    expect(kinds.includes(true) && kinds.includes(false)).toBe(true);
    const pixels = bytes(16, 12, 3);
    const per = 12 * 12 * 3;
    const batches: number[] = [];
    const out = await executeBytes({ size: 12, channels: 3, plans, pixels }, (job) => (batches.push(job.plans.length), tensorPath(job)), { fused: true });
    expect(batches).toEqual([kinds.filter((k) => !k).length]);
    const onTensors = await tensorPath({ size: 12, channels: 3, plans, pixels });
    plans.forEach((_s, i) => {
      const row = out.subarray(i * per, (i + 1) * per);
      if (!kinds[i]) expect(row).toEqual(onTensors.subarray(i * per, (i + 1) * per));
      else expect(compare(row, onTensors.subarray(i * per, (i + 1) * per)).worst).toBeLessThanOrEqual(1);
    });
    const off = await executeBytes({ size: 12, channels: 3, plans, pixels }, tensorPath, { fused: false });
    expect(off).toEqual(onTensors);
  });

  it('overwriteInput gives the same bytes in the job’s own buffer, mixing partners included', async () => {
    const p = pipeline('mix', 'mix', compose('root', [t('mix', 'MixUp', 0.5), t('rot', 'Rotate', 0.7, { limit: [-30, 30] })]));
    const plans = plan(p, 3, ids(10));
    const ctx = { height: 8, width: 8, channels: 1 };
    expect(plans.some((s) => fusable(s, ctx)) && plans.some((s) => !fusable(s, ctx))).toBe(true);
    const expected = await executeBytes({ size: 8, channels: 1, plans, pixels: bytes(10, 8, 1) }, tensorPath, { fused: true });
    const own = bytes(10, 8, 1);
    const out = await executeBytes({ size: 8, channels: 1, plans, pixels: own }, tensorPath, { fused: true, overwriteInput: true });
    expect(out).toBe(own);
    expect(out).toEqual(expected);
  });

  it('hands the tensor engine the source pixels of mixing partners that went down the fused path', async () => {
    const p = pipeline('mix', 'mix', compose('root', [t('mix', 'MixUp', 0.5)]));
    const plans = plan(p, 2, ids(10));
    const ctx = { height: 8, width: 8, channels: 1 };
    expect(plans.some((s) => fusable(s, ctx)) && plans.some((s) => !fusable(s, ctx))).toBe(true);
    const pixels = bytes(10, 8, 1);
    const out = await executeBytes({ size: 8, channels: 1, plans, pixels }, tensorPath, { fused: true });
    expect(out).toEqual(await tensorPath({ size: 8, channels: 1, plans, pixels }));
  });

  it('heavy preset: every sample within one step of the tensor engine, whichever path it took', async () => {
    const plans = plan(heavyPreset(), 5, ids(12));
    const pixels = bytes(12, 16, 3);
    const out = await executeBytes({ size: 16, channels: 3, plans, pixels }, tensorPath, { fused: true });
    const onTensors = await tensorPath({ size: 16, channels: 3, plans, pixels });
    expect(compare(out, onTensors).worst).toBeLessThanOrEqual(1);
  });
});
