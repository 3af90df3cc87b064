import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hsvToRgb, rgbToHsv } from './colour-space';
import { expectClose, flat, makeBatch, noiseBatch, runTransform, useCpu } from './test-helpers';

beforeAll(useCpu);

/** One image [1, 1, k, c] from k pixels. */
const pixels = (px: number[][]) => tf.tensor4d(px.flat(), [1, 1, px.length, px[0].length]);

async function run(name: string, p: object, x: tf.Tensor4D): Promise<number[]> {
  const { images } = await runTransform(name, [p], x);
  x.dispose();
  return flat(images);
}

describe('intensity', () => {
  it('Brightness +0.1 adds 0.1 and clips at 1', async () => {
    expectClose(await run('Brightness', { beta: 0.1 }, pixels([[0], [0.5], [0.95]])), [0.1, 0.6, 1]);
    expectClose(await run('Brightness', { beta: -0.3 }, pixels([[0.2], [0.5]])), [0, 0.2]);
  });

  it('Contrast blends with the mean luma', async () => {
    // Grey pixels 0 and 1: mean 0.5; factor 0.5 → 0.25, 0.75.
    expectClose(await run('Contrast', { factor: 0.5 }, pixels([[0], [1]])), [0.25, 0.75]);
    // RGB: mean luma of (1,0,0) and (0,0,1) = (0.299 + 0.114) / 2.
    const m = (0.299 + 0.114) / 2;
    expectClose(await run('Contrast', { factor: 0 }, pixels([[1, 0, 0], [0, 0, 1]])), new Array(6).fill(m), 1e-6);
  });

  it('BrightnessContrast is x·alpha + beta, clipped', async () => {
    expectClose(await run('BrightnessContrast', { alpha: 1.5, beta: -0.1 }, pixels([[0], [0.2], [0.5], [0.8]])), [0, 0.2, 0.65, 1]);
  });

  it('Gamma raises to the power', async () => {
    expectClose(await run('Gamma', { gamma: 2 }, pixels([[0], [0.5], [0.9], [1]])), [0, 0.25, 0.81, 1]);
  });

  it('Invert, Solarize, Posterize, AutoContrast, ToGray', async () => {
    expectClose(await run('Invert', {}, pixels([[0], [0.25], [1]])), [1, 0.75, 0]);
    expectClose(await run('Solarize', { threshold: 0.5 }, pixels([[0.2], [0.5], [0.8]])), [0.2, 0.5, 0.2]);
    // 8-bit 200 keeps its top 2 bits: 192; 63 → 0; 255 → 192.
    expectClose(await run('Posterize', { bits: 2 }, pixels([[200 / 255], [63 / 255], [1]])), [192 / 255, 0, 192 / 255]);
    expectClose(await run('AutoContrast', {}, pixels([[0.2, 0.5], [0.6, 0.5], [0.4, 0.5]])), [0, 0.5, 1, 0.5, 0.5, 0.5]);
    const luma = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6;
    expectClose(await run('ToGray', {}, pixels([[0.2, 0.4, 0.6]])), [luma, luma, luma]);
  });
});

describe('colour', () => {
  it('rgbToHsv gives the textbook values', () => {
    const [h, s, v] = rgbToHsv(pixels([[0.2, 0.4, 0.6], [1, 0, 0], [0.5, 0.5, 0.5]]));
    expectClose(flat(h), [210 / 360, 0, 0], 1e-6);
    expectClose(flat(s), [0.4 / 0.6, 1, 0], 1e-6);
    expectClose(flat(v), [0.6, 1, 0.5], 1e-6);
  });

  it('hsvToRgb inverts rgbToHsv', () => {
    const x = noiseBatch(2, 4, 4, 3);
    const back = tf.tidy(() => hsvToRgb(...rgbToHsv(x)));
    expectClose(flat(back), flat(x), 1e-5);
  });

  it('HueSaturationValue turns hue in degrees and shifts saturation and value', async () => {
    expectClose(await run('HueSaturationValue', { hue: 120, saturation: 0, value: 0 }, pixels([[1, 0, 0]])), [0, 1, 0], 1e-5);
    expectClose(await run('HueSaturationValue', { hue: -120, saturation: 0, value: 0 }, pixels([[1, 0, 0]])), [0, 0, 1], 1e-5);
    expectClose(await run('HueSaturationValue', { hue: 0, saturation: -1, value: 0 }, pixels([[0.8, 0.2, 0.4]])), [0.8, 0.8, 0.8], 1e-5);
    expectClose(await run('HueSaturationValue', { hue: 0, saturation: 0, value: -0.5 }, pixels([[1, 0, 0]])), [0.5, 0, 0], 1e-5);
  });

  it('HueSaturationValue on grey images fails with a clear message', async () => {
    await expect(run('HueSaturationValue', { hue: 10, saturation: 0, value: 0 }, pixels([[0.5]]))).rejects.toThrow(/needs RGB images.*1 channel/);
  });

  it('RGBShift adds per-channel offsets and ChannelShuffle permutes channels', async () => {
    expectClose(await run('RGBShift', { shift: [0.1, -0.2, 0] }, pixels([[0.5, 0.1, 0.3]])), [0.6, 0, 0.3]);
    expectClose(await run('ChannelShuffle', { perm: [2, 0, 1] }, pixels([[0.1, 0.2, 0.3]])), [0.3, 0.1, 0.2]);
  });

  it('ChannelShuffle gives each image its own permutation', async () => {
    const x = makeBatch(2, 1, 1, 3, (i, _r, _c, ch) => i + ch / 10);
    const { images } = await runTransform('ChannelShuffle', [{ perm: [1, 2, 0] }, { perm: [2, 1, 0] }], x);
    expectClose(flat(images), [0.1, 0.2, 0, 1.2, 1.1, 1]);
    x.dispose();
  });

  it('ColorJitter applies its adjustments in the planned order', async () => {
    const p = (order: number[]) => ({ brightness: 2, contrast: 0, saturation: 1, hue: 0, order });
    // Grey pixels 0.2 and 0.4: contrast 0 → both 0.3, then ×2 → 0.6.
    expectClose(await run('ColorJitter', p([1, 0, 2, 3]), pixels([[0.2], [0.4]])), [0.6, 0.6]);
    // ×2 first → 0.4, 0.8, then contrast 0 → their mean 0.6 (same here); with clipping it differs:
    expectClose(await run('ColorJitter', p([0, 1, 2, 3]), pixels([[0.2], [0.7]])), [(0.4 + 1) / 2, (0.4 + 1) / 2]);
    expectClose(await run('ColorJitter', p([1, 0, 2, 3]), pixels([[0.2], [0.7]])), [0.9, 0.9]);
  });

  it('ColorJitter saturation 0 gives grey, hue turns like HSV', async () => {
    const grey = 0.299 * 0.8 + 0.587 * 0.2 + 0.114 * 0.4;
    expectClose(await run('ColorJitter', { brightness: 1, contrast: 1, saturation: 0, hue: 0, order: [2, 0, 1, 3] }, pixels([[0.8, 0.2, 0.4]])), [grey, grey, grey], 1e-6);
    expectClose(await run('ColorJitter', { brightness: 1, contrast: 1, saturation: 1, hue: 1 / 3, order: [3, 0, 1, 2] }, pixels([[1, 0, 0]])), [0, 1, 0], 1e-5);
  });
});

describe('per-image parameters and partial firing', () => {
  it('images the transform did not fire for are untouched, the others get their own values', async () => {
    const x = makeBatch(4, 2, 2, 1, () => 0.5);
    const { images } = await runTransform('Brightness', [{ beta: 0.1 }, null, { beta: -0.2 }, null], x);
    const out = flat(images);
    expectClose(out, [...new Array(4).fill(0.6), ...new Array(4).fill(0.5), ...new Array(4).fill(0.3), ...new Array(4).fill(0.5)]);
    x.dispose();
  });

  it('transforms without an identity record run on the fired subset only', async () => {
    const x = makeBatch(3, 1, 2, 1, (i, _r, c) => 0.1 * (i + 1) + 0.05 * c);
    const src = flat(x.clone());
    const { images } = await runTransform('Gamma', [null, { gamma: 2 }, null], x);
    const out = flat(images);
    expectClose(out, [src[0], src[1], src[2] ** 2, src[3] ** 2, src[4], src[5]], 1e-6);
    x.dispose();
  });
});
