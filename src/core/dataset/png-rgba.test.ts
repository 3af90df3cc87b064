import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { encode as encodeFast } from 'fast-png';
import { compositeOnBackground, decodePngRgba } from './png-rgba';

function encode(width: number, height: number, rgba: number[], colorType: 0 | 2 | 4 | 6): Uint8Array {
  const img = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  img.data = Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(img, { colorType, inputColorType: 6 }));
}

describe('decodePngRgba', () => {
  const pixels = [10, 20, 30, 255, 200, 100, 50, 128];
  it('decodes RGBA, RGB and grey PNGs to RGBA', () => {
    expect(decodePngRgba(encode(2, 1, pixels, 6))).toEqual({ width: 2, height: 1, data: new Uint8ClampedArray(pixels) });
    const opaque = [10, 20, 30, 255, 200, 100, 50, 255];
    expect([...decodePngRgba(encode(2, 1, opaque, 2))!.data]).toEqual(opaque);
    const grey = [77, 77, 77, 255, 5, 5, 5, 255];
    expect([...decodePngRgba(encode(2, 1, grey, 0))!.data]).toEqual(grey);
  });

  it('keeps the high byte of 16-bit samples', () => {
    // 16-bit RGBA: each sample v*256 + 3 has high byte v.
    const data = new Uint16Array(pixels.map((v) => v * 256 + 3));
    const png = encodeFast({ width: 2, height: 1, data, depth: 16, channels: 4 });
    expect([...decodePngRgba(png)!.data]).toEqual(pixels);
  });

  it('returns null for data it cannot read, for the browser to try', () => {
    expect(decodePngRgba(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('composites alpha over the background', () => {
    const out = compositeOnBackground(new Uint8ClampedArray([0, 0, 0, 128, 9, 9, 9, 255]), '#ffffff');
    expect([...out]).toEqual([127, 127, 127, 255, 9, 9, 9, 255]);
  });
});
