import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianSize, motionKernel, sharpenKernel } from './blur';
import { gaussianKernel1d } from './filters';
import { expectClose, flat, makeBatch, noiseBatch, runTransform, useCpu } from './test-helpers';

beforeAll(useCpu);

/** Correlates a single-channel image with a kernel, reflect-101 borders (cv2.filter2D). */
function filterRef(img: number[][], k: number[][]): number[][] {
  const h = img.length;
  const w = img[0].length;
  const kh = k.length;
  const kw = k[0].length;
  const reflect = (i: number, n: number) => {
    while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
    return i;
  };
  return img.map((row, y) =>
    row.map((_, x) => {
      let s = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) s += k[a][b] * img[reflect(y + a - (kh - 1) / 2, h)][reflect(x + b - (kw - 1) / 2, w)];
      return s;
    }),
  );
}

const toRows = (v: number[], h: number, w: number) => Array.from({ length: h }, (_, r) => v.slice(r * w, (r + 1) * w));

describe('Gaussian blur', () => {
  it('uses OpenCV kernels: normalised, sized from sigma', () => {
    const k = Array.from(gaussianKernel1d(5, 1));
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const e = [4, 1, 0, 1, 4].map((d) => Math.exp(-d / 2));
    const sum = e.reduce((a, b) => a + b, 0);
    expectClose(k, e.map((v) => v / sum), 1e-7);
    expect(gaussianSize(1)).toBe(7);
    expect(gaussianSize(0.5)).toBe(5);
    expect(gaussianSize(0.1)).toBe(3);
  });

  it('blurs each image with its own sigma, reflect-101 borders', async () => {
    const x = noiseBatch(2, 9, 10, 1);
    const src = flat(x.clone());
    const { images } = await runTransform('GaussianBlur', [{ sigma: 0.8 }, { sigma: 1.5 }], x);
    const out = flat(images);
    [0.8, 1.5].forEach((sigma, i) => {
      const k1 = Array.from(gaussianKernel1d(gaussianSize(sigma), sigma));
      const k2 = k1.map((a) => k1.map((b) => a * b));
      const ref = filterRef(toRows(src.slice(i * 90, (i + 1) * 90), 9, 10), k2).flat();
      expectClose(out.slice(i * 90, (i + 1) * 90), ref, 1e-5);
    });
    x.dispose();
  });
});

describe('motion blur', () => {
  it('draws a uniform line through the centre', () => {
    const k = Array.from(motionKernel(5, 0, 0));
    expectClose(k, [...new Array(10).fill(0), 0.2, 0.2, 0.2, 0.2, 0.2, ...new Array(10).fill(0)]);
    const v = Array.from(motionKernel(5, 90, 0));
    expectClose(v, Array.from({ length: 25 }, (_, i) => (i % 5 === 2 ? 0.2 : 0)));
    // Forward only: from the centre to the right end.
    const f = Array.from(motionKernel(5, 0, 1));
    expectClose(f, Array.from({ length: 25 }, (_, i) => (i >= 12 && i <= 14 ? 1 / 3 : 0)));
  });

  it('applies each image’s kernel (a flat image stays flat)', async () => {
    const x = makeBatch(2, 8, 8, 3, (i) => 0.3 + 0.4 * i);
    const { images } = await runTransform('MotionBlur', [{ size: 5, angle: 30, direction: 0 }, { size: 3, angle: 100, direction: -1 }], x);
    expectClose(flat(images), [...new Array(192).fill(0.3), ...new Array(192).fill(0.7)], 1e-6);
    x.dispose();
  });

  it('matches a direct correlation with the kernel', async () => {
    const x = noiseBatch(1, 9, 9, 1);
    const src = toRows(flat(x.clone()), 9, 9);
    const { images } = await runTransform('MotionBlur', [{ size: 5, angle: 45, direction: 0.5 }], x);
    const k = toRows(Array.from(motionKernel(5, 45, 0.5)), 5, 5);
    expectClose(flat(images), filterRef(src, k).flat(), 1e-5);
    x.dispose();
  });
});

describe('sharpen', () => {
  it('is Albumentations’ kernel, clipped', async () => {
    const k = Array.from(sharpenKernel(0.5, 1));
    expectClose(k, [-0.5, -0.5, -0.5, -0.5, 0.5 + 4.5, -0.5, -0.5, -0.5, -0.5]);
    const x = noiseBatch(1, 7, 8, 1);
    const src = toRows(flat(x.clone()), 7, 8);
    const { images } = await runTransform('Sharpen', [{ alpha: 0.3, lightness: 0.8 }], x);
    const ref = filterRef(src, toRows(Array.from(sharpenKernel(0.3, 0.8)), 3, 3)).flat().map((v) => Math.min(1, Math.max(0, v)));
    expectClose(flat(images), ref, 1e-5);
    x.dispose();
  });
});
