import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clahe } from './histogram';
import { flat, runTransform, useCpu } from './test-helpers';

beforeAll(useCpu);

/** cvRound: to nearest, ties to even (what saturate_cast<uchar> does). */
function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
}

/** OpenCV's equalizeHist on 8-bit values, written as its C++ loop. */
function equalizeHistRef(v: number[]): number[] {
  const hist = new Array(256).fill(0);
  v.forEach((x) => hist[x]++);
  let i = 0;
  while (!hist[i]) i++;
  const total = v.length;
  const lut = new Array(256).fill(0);
  if (hist[i] === total) return v.map(() => i);
  const scale = 255 / (total - hist[i]);
  let sum = 0;
  for (lut[i++] = 0; i < 256; i++) {
    sum += hist[i];
    lut[i] = Math.min(255, Math.max(0, rint(sum * scale)));
  }
  return v.map((x) => lut[x]);
}

/** OpenCV's CLAHE (8-bit) as its C++ loops: tiles, clipping, redistribution, interpolation. */
function claheRef(img: number[][], clipLimit: number, tiles: number): number[][] {
  const h = img.length;
  const w = img[0].length;
  const th = Math.ceil(h / tiles);
  const tw = Math.ceil(w / tiles);
  // reflect-101 padding at the bottom and right
  const reflect = (i: number, n: number) => (i < n ? i : 2 * n - 2 - i);
  const src = (r: number, c: number) => img[reflect(r, h)][reflect(c, w)];
  const area = th * tw;
  const limit = Math.max(Math.floor((clipLimit * area) / 256), 1);
  const luts: number[][] = [];
  for (let ty = 0; ty < tiles; ty++)
    for (let tx = 0; tx < tiles; tx++) {
      const hist = new Array(256).fill(0);
      for (let r = ty * th; r < (ty + 1) * th; r++) for (let c = tx * tw; c < (tx + 1) * tw; c++) hist[src(r, c)]++;
      let clipped = 0;
      for (let i = 0; i < 256; i++)
        if (hist[i] > limit) {
          clipped += hist[i] - limit;
          hist[i] = limit;
        }
      const batch = Math.floor(clipped / 256);
      let residual = clipped - batch * 256;
      for (let i = 0; i < 256; i++) hist[i] += batch;
      if (residual) {
        const step = Math.max(Math.floor(256 / residual), 1);
        for (let i = 0; i < 256 && residual > 0; i += step, residual--) hist[i]++;
      }
      let sum = 0;
      luts.push(hist.map((n) => Math.min(255, rint((sum += n) * (255 / area)))));
    }
  return img.map((row, y) =>
    row.map((v, x) => {
      const tyf = y / th - 0.5;
      let ty1 = Math.floor(tyf);
      let ty2 = ty1 + 1;
      const ya = tyf - ty1;
      ty1 = Math.max(ty1, 0);
      ty2 = Math.min(ty2, tiles - 1);
      const txf = x / tw - 0.5;
      let tx1 = Math.floor(txf);
      let tx2 = tx1 + 1;
      const xa = txf - tx1;
      tx1 = Math.max(tx1, 0);
      tx2 = Math.min(tx2, tiles - 1);
      const L = (a: number, b: number) => luts[a * tiles + b][v];
      const res = (L(ty1, tx1) * (1 - xa) + L(ty1, tx2) * xa) * (1 - ya) + (L(ty2, tx1) * (1 - xa) + L(ty2, tx2) * xa) * ya;
      return Math.min(255, Math.max(0, rint(res)));
    }),
  );
}

/** Deterministic 8-bit test image with an uneven histogram. */
function levels(h: number, w: number, salt: number): number[][] {
  return Array.from({ length: h }, (_, r) =>
    Array.from({ length: w }, (_, c) => {
      const t = Math.sin(r * 0.7 + c * 1.3 + salt) * 0.5 + 0.5;
      return Math.round(40 + 120 * t * t);
    }),
  );
}

describe('Equalize', () => {
  it('matches OpenCV equalizeHist per image and channel', async () => {
    const a = levels(6, 7, 1);
    const b = levels(6, 7, 2);
    const x = tf.tensor4d(a.flatMap((row, r) => row.flatMap((v, c) => [v / 255, b[r][c] / 255])), [1, 6, 7, 2]);
    const y = tf.tensor4d(b.flat().map((v) => v / 255), [1, 6, 7, 1]).tile([1, 1, 1, 2]);
    const batch = tf.concat([x, y]) as tf.Tensor4D;
    const { images } = await runTransform('Equalize', [{ byChannels: true }, { byChannels: true }], batch);
    const out = flat(images).map((v) => Math.round(v * 255));
    const ea = equalizeHistRef(a.flat());
    const eb = equalizeHistRef(b.flat());
    expect(out.filter((_, i) => i < 84 && i % 2 === 0)).toEqual(ea);
    expect(out.filter((_, i) => i < 84 && i % 2 === 1)).toEqual(eb);
    expect(out.filter((_, i) => i >= 84 && i % 2 === 0)).toEqual(eb);
    tf.dispose([x, y, batch]);
  });

  it('keeps a flat image unchanged', async () => {
    const x = tf.fill([1, 3, 3, 1], 100 / 255) as tf.Tensor4D;
    const { images } = await runTransform('Equalize', [{ byChannels: true }], x);
    expect(flat(images).map((v) => Math.round(v * 255))).toEqual(new Array(9).fill(100));
    x.dispose();
  });

  it('luma mode moves all channels by the change of luma', async () => {
    const x = tf.tensor4d([0.2, 0.3, 0.4, 0.6, 0.5, 0.4], [1, 1, 2, 3]);
    const { images } = await runTransform('Equalize', [{ byChannels: false }], x);
    const out = flat(images);
    // Two luma levels: the darker becomes 0, the brighter 255.
    const y0 = 0.299 * 0.2 + 0.587 * 0.3 + 0.114 * 0.4;
    const y1 = 0.299 * 0.6 + 0.587 * 0.5 + 0.114 * 0.4;
    const expected = [0.2 - y0, 0.3 - y0, 0.4 - y0, 0.6 + 1 - y1, 0.5 + 1 - y1, 0.4 + 1 - y1].map((v) => Math.min(1, Math.max(0, v)));
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    x.dispose();
  });
});

describe('CLAHE', () => {
  it('matches OpenCV’s algorithm on grey levels, including padding to whole tiles', () => {
    for (const [h, w, tiles, limit] of [[16, 16, 4, 2], [14, 13, 4, 3], [12, 12, 2, 40]] as const) {
      const a = levels(h, w, 3);
      const b = levels(h, w, 4);
      const v = tf.tensor3d([...a.flat(), ...b.flat()], [2, h, w], 'int32');
      const out = flat(clahe(v, [limit, 1.5], tiles));
      expect(out.slice(0, h * w)).toEqual(claheRef(a, limit, tiles).flat());
      expect(out.slice(h * w)).toEqual(claheRef(b, 1.5, tiles).flat());
      v.dispose();
    }
  });

  it('runs on RGB through the lightness of Lab and keeps values in [0, 1]', async () => {
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const { images } = await runTransform('CLAHE', [{ clipLimit: 2, tiles: 4 }, { clipLimit: 4, tiles: 4 }], x);
    const out = flat(images);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    x.dispose();
  });
});
