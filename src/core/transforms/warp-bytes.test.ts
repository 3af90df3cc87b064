import { describe, expect, it } from 'vitest';
import { about, chain, rotate, scale, toSamplingTransform, translate } from './matrix';
import type { BorderMode } from './types';
import { identityTable, mapBytes, warpBytes, type ByteWarp } from './warp-bytes';
import { warpInto } from './warp-kernel';
import { simdWarpAvailable, useSimdWarp } from './warp-bytes-simd';

/** A deterministic pseudo-random 8-bit image. */
function image(h: number, w: number, c: number, salt = 1): Uint8Array {
  const out = new Uint8Array(h * w * c);
  for (let i = 0; i < out.length; i++) {
    const v = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43758.5453;
    out[i] = Math.floor((v - Math.floor(v)) * 256);
  }
  return out;
}

function warp(src: Uint8Array, h: number, w: number, c: number, map: number[], opts: Partial<ByteWarp> = {}, table = identityTable(c)): Uint8Array {
  const dst = new Uint8Array(src.length);
  warpBytes(src, 0, dst, 0, h, w, c, { map, nearest: false, border: 'constant', fill: 0, ...opts }, table);
  return dst;
}

const at = (img: Uint8Array, w: number, c: number, r: number, col: number, ch = 0) => img[(r * w + col) * c + ch];

describe('warpBytes', () => {
  it('a translation by one pixel shifts every value exactly, and fills the uncovered column', () => {
    const src = image(5, 6, 3);
    // Output (x, y) reads input (x − 1, y): the image moves one pixel right.
    const out = warp(src, 5, 6, 3, [1, 0, -1, 0, 1, 0, 0, 0], { fill: 7 });
    for (let r = 0; r < 5; r++) {
      for (let ch = 0; ch < 3; ch++) {
        expect(at(out, 6, 3, r, 0, ch)).toBe(7);
        for (let col = 1; col < 6; col++) expect(at(out, 6, 3, r, col, ch)).toBe(at(src, 6, 3, r, col - 1, ch));
      }
    }
  });

  it('a horizontal flip and a quarter turn move known pixels exactly', () => {
    const src = image(4, 4, 1);
    const flipped = warp(src, 4, 4, 1, [-1, 0, 3, 0, 1, 0, 0, 0]);
    const turned = warp(src, 4, 4, 1, [0, 1, 0, -1, 0, 3, 0, 0]); // output (x, y) ← input (y, 3 − x)
    for (let r = 0; r < 4; r++) {
      for (let col = 0; col < 4; col++) {
        expect(at(flipped, 4, 1, r, col)).toBe(at(src, 4, 1, r, 3 - col));
        expect(at(turned, 4, 1, r, col)).toBe(at(src, 4, 1, 3 - col, r));
      }
    }
  });

  it('a half-pixel shift averages neighbours, rounding halves up', () => {
    const src = Uint8Array.from([10, 21, 40, 60]);
    const out = warp(src, 1, 4, 1, [1, 0, 0.5, 0, 1, 0, 0, 0], { border: 'edge' });
    expect([...out]).toEqual([16, 31, 50, 60]); // (10 + 21) / 2 = 15.5 → 16; the last reads 60 and its clamped self
  });

  it('writes through the per-channel table', () => {
    const src = image(3, 3, 3);
    const table = identityTable(3);
    for (let k = 0; k < 256; k++) table[256 + k] = 255 - k; // invert the green channel only
    const out = warp(src, 3, 3, 3, [1, 0, 0, 0, 1, 0, 0, 0], {}, table);
    for (let i = 0; i < src.length; i++) expect(out[i]).toBe(i % 3 === 1 ? 255 - src[i] : src[i]);
  });

  it('stays within one 8-bit step of the float warp for rotations, scales and every border mode', () => {
    const h = 17;
    const w = 13;
    const borders: BorderMode[] = ['constant', 'edge', 'reflect', 'reflect101', 'wrap'];
    for (const c of [1, 3]) {
      const src = image(h, w, c, c);
      const floats = Float32Array.from(src, (v) => v / 255);
      for (const border of borders) {
        for (const nearest of [false, true]) {
          for (const [deg, s, tx] of [[17, 1.1, 2.3], [-33, 0.8, -4.1], [90, 1.3, 0.7]]) {
            const m = chain(about(w / 2, h / 2, chain(rotate(deg), scale(s))), translate(tx, -1.7));
            const map = toSamplingTransform(m);
            const fill = 0.3;
            const expected = new Float32Array(src.length);
            warpInto(floats, Float32Array.from(map), expected, 1, h, w, c, nearest, ['constant', 'edge', 'reflect', 'reflect101', 'wrap'].indexOf(border), fill);
            const out = warp(src, h, w, c, map, { nearest, border, fill: Math.round(fill * 255) });
            let worst = 0;
            for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - Math.round(expected[i] * 255)));
            expect(worst, `${border} ${nearest ? 'nearest' : 'bilinear'} c=${c} ${deg}°`).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  it('the WebAssembly kernel loads here and gives exactly the JavaScript loop’s bytes', () => {
    expect(simdWarpAvailable()).toBe(true);
    const borders: BorderMode[] = ['constant', 'edge', 'reflect', 'reflect101', 'wrap'];
    for (const c of [1, 3]) {
      // Widths that leave 1, 3 and 0 columns after the kernel's four-pixel steps, and one below four.
      for (const [h, w] of [[31, 29], [17, 35], [2, 3], [64, 64]]) {
        const src = image(h, w, c, h + c);
        const table = identityTable(c);
        for (let k = 0; k < 256 * c; k++) table[k] = (k * 7 + 3) & 255; // any table: it must be applied identically
        for (const border of borders) {
          // The last shift moves the whole image out of view: every quad reads only the border.
          for (const [deg, s, tx, flip] of [[12, 1.07, 3.2, 1], [-47, 0.7, -5.5, -1], [180, 1.4, 0.25, 1], [5, 1, 150, 1]]) {
            const m = chain(about(w / 2, h / 2, chain(rotate(deg), scale(s * flip, s))), translate(tx, 2.1));
            const opts = { border, fill: 77 };
            useSimdWarp('always');
            const simd = warp(src, h, w, c, toSamplingTransform(m), opts, table);
            useSimdWarp('never');
            const js = warp(src, h, w, c, toSamplingTransform(m), opts, table);
            useSimdWarp('auto');
            expect(simd, `${h}×${w}×${c} ${border} ${deg}°`).toEqual(js);
          }
        }
      }
    }
  });

  it('fills positions beyond a perspective map’s horizon', () => {
    const src = image(4, 4, 1);
    // k = 1 − x: zero at x = 1, negative beyond: sources run off to infinity.
    const out = warp(src, 4, 4, 1, [1, 0, 0, 0, 1, 0, -1, 0], { border: 'reflect', fill: 9 });
    for (let r = 0; r < 4; r++) expect(at(out, 4, 1, r, 1)).toBe(9);
    expect(at(out, 4, 1, 2, 0)).toBe(at(src, 4, 1, 2, 0));
  });
});

describe('mapBytes', () => {
  it('applies channel k’s table to channel k', () => {
    const table = identityTable(2);
    for (let k = 0; k < 256; k++) table[k] = k >> 1;
    const dst = new Uint8Array(6);
    mapBytes(Uint8Array.from([0, 0, 100, 100, 255, 255]), 0, dst, 0, 3, 2, table);
    expect([...dst]).toEqual([0, 0, 50, 100, 127, 255]);
  });
});
