import { describe, expect, it } from 'vitest';
import { about, applyToPoint, chain, homography, invert, isIdentity, multiply, rotate, scale, shear, toSamplingTransform, translate } from './matrix';

describe('matrix', () => {
  it('chain applies matrices in the order given', () => {
    // translate by (1, 0) then scale by 2: (0, 0) → (1, 0) → (2, 0)
    expect(applyToPoint(chain(translate(1, 0), scale(2)), 0, 0)).toEqual([2, 0]);
    expect(applyToPoint(chain(scale(2), translate(1, 0)), 0, 0)).toEqual([1, 0]);
  });

  it('rotate(90) turns the +x axis to -y (counter-clockwise on screen, y down)', () => {
    const [x, y] = applyToPoint(rotate(90), 1, 0);
    expect(x).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(-1, 12);
  });

  it('about() keeps its centre fixed', () => {
    const m = about(5, 7, chain(rotate(33), scale(1.7)));
    const [x, y] = applyToPoint(m, 5, 7);
    expect(x).toBeCloseTo(5, 10);
    expect(y).toBeCloseTo(7, 10);
  });

  it('shear follows Albumentations: x += tan(sx)·y', () => {
    expect(applyToPoint(shear(45, 0), 0, 2)[0]).toBeCloseTo(2, 12);
    expect(applyToPoint(shear(0, 45), 3, 0)[1]).toBeCloseTo(3, 12);
  });

  it('invert undoes a projective matrix', () => {
    const m = homography([[1, 2], [30, 0], [28, 25], [0, 31]], [[0, 0], [32, 0], [32, 32], [0, 32]]);
    expect(isIdentity(multiply(m, invert(m)), 1e-9)).toBe(true);
  });

  it('homography maps the four source corners onto the destination corners', () => {
    const src: Array<[number, number]> = [[1, 2], [30, 0], [28, 25], [0, 31]];
    const dst: Array<[number, number]> = [[0, 0], [32, 0], [32, 32], [0, 32]];
    const m = homography(src, dst);
    src.forEach(([x, y], i) => {
      const [u, v] = applyToPoint(m, x, y);
      expect(u).toBeCloseTo(dst[i][0], 9);
      expect(v).toBeCloseTo(dst[i][1], 9);
    });
  });

  it('toSamplingTransform maps output pixel indices back to input indices', () => {
    // A horizontal flip of an 8-wide image: output index x reads input index 7 - x.
    const t = toSamplingTransform([-1, 0, 8, 0, 1, 0, 0, 0, 1]);
    expect(t).toEqual([-1, 0, 7, 0, 1, 0, 0, 0]);
    // A shift right by one pixel: output x reads input x - 1.
    expect(toSamplingTransform(translate(1, 0))).toEqual([1, 0, -1, 0, 1, 0, 0, 0]);
  });
});
