import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { dctBasis, scaledTable, LUMINANCE_TABLE } from './jpeg';
import { flat, runTransform, useCpu } from './test-helpers';

beforeAll(useCpu);

const H = 16;
const W = 24;

/** 8-bit RGB test picture: gradients, a sharp edge and some texture. */
function picture(): Uint8Array {
  const out = new Uint8Array(H * W * 3);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const i = (r * W + c) * 3;
      out[i] = Math.round(255 * (c / (W - 1)));
      out[i + 1] = c > 11 ? 200 : 40;
      out[i + 2] = Math.round(128 + 100 * Math.sin(r * 0.9 + c * 0.4));
    }
  return out;
}

/** Round trip through jpeg-js (a real baseline JPEG codec, 4:4:4). */
function jpegJs(rgb: Uint8Array, quality: number): Uint8Array {
  const rgba = new Uint8Array(H * W * 4);
  for (let i = 0; i < H * W; i++) rgba.set([rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], 255], i * 4);
  const encoded = jpeg.encode({ data: rgba, width: W, height: H }, quality);
  const decoded = jpeg.decode(encoded.data, { useTArray: true });
  const out = new Uint8Array(H * W * 3);
  for (let i = 0; i < H * W; i++) out.set(decoded.data.subarray(i * 4, i * 4 + 3), i * 3);
  return out;
}

async function ours(rgb: Uint8Array, quality: number, subsampling: boolean): Promise<number[]> {
  const x = tf.tensor4d(Array.from(rgb, (v) => v / 255), [1, H, W, 3]);
  const { images } = await runTransform('JpegCompression', [{ quality, subsampling }], x);
  x.dispose();
  return flat(images).map((v) => Math.round(v * 255));
}

const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('JPEG degradation', () => {
  it('uses an orthonormal 8x8 DCT basis', () => {
    const K = tf.tensor2d(dctBasis(), [64, 64]);
    const eye = flat(tf.matMul(K, K, false, true));
    eye.forEach((v, i) => expect(v).toBeCloseTo(i % 65 === 0 ? 1 : 0, 5));
    K.dispose();
  });

  it('scales the standard tables by quality as libjpeg does', () => {
    expect(scaledTable(LUMINANCE_TABLE, 50)).toEqual(LUMINANCE_TABLE);
    expect(scaledTable(LUMINANCE_TABLE, 100)).toEqual(new Array(64).fill(1));
    // quality 10 → scale 500%: 16 → 80, 99 → 255 (baseline cap).
    const q10 = scaledTable(LUMINANCE_TABLE, 10);
    expect(q10[0]).toBe(80);
    expect(q10[63]).toBe(255);
    expect(scaledTable(LUMINANCE_TABLE, 75)[0]).toBe(8);
  });

  it('matches a real JPEG codec (jpeg-js, 4:4:4) at several qualities', async () => {
    const rgb = picture();
    for (const q of [20, 50, 85]) {
      const mine = await ours(rgb, q, false);
      const theirs = jpegJs(rgb, q);
      const gap = meanAbs(mine, theirs);
      const loss = meanAbs(theirs, rgb);
      // The codecs differ only in DCT arithmetic and rounding details: far closer than the loss itself.
      expect(gap).toBeLessThan(1);
      expect(gap).toBeLessThan(loss / 2);
    }
  });

  it('loses more at lower quality, almost nothing at 100', async () => {
    const rgb = picture();
    const errors = [];
    for (const q of [10, 40, 70, 95]) errors.push(meanAbs(await ours(rgb, q, true), rgb));
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]);
    const best = await ours(rgb, 100, false);
    expect(Math.max(...best.map((v, i) => Math.abs(v - rgb[i])))).toBeLessThanOrEqual(2);
  });

  it('handles grey images and sides that are not multiples of 8', async () => {
    const x = tf.randomUniform([2, 13, 10, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const { images } = await runTransform('JpegCompression', [{ quality: 30, subsampling: true }, { quality: 90, subsampling: true }], x);
    expect(images.shape).toEqual([2, 13, 10, 1]);
    const out = flat(images);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    x.dispose();
  });
});
