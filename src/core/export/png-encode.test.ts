import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, type PngChannels } from './png-encode';

function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The RGBA pixels a decoder must return for our interleaved input. */
function expectedRgba(px: Uint8Array, channels: PngChannels): Uint8Array {
  const n = px.length / channels;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const p = px.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, a] = channels === 1 ? [p[0], p[0], p[0], 255] : channels === 2 ? [p[0], p[0], p[0], p[1]] : channels === 3 ? [p[0], p[1], p[2], 255] : [p[0], p[1], p[2], p[3]];
    out.set([r, g, b, a], i * 4);
  }
  return out;
}

describe('encodePng', () => {
  it('crc32 gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it.each([1, 2, 3, 4] as PngChannels[])('%i channel(s): pngjs decodes the exact pixels', (channels) => {
    const [w, h] = [13, 7];
    const px = noise(w * h * channels, channels);
    const png = encodePng(px, w, h, channels);
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([w, h]);
    expect(Array.from(decoded.data)).toEqual(Array.from(expectedRgba(px, channels)));
    // colour type in IHDR: grey 0, grey+alpha 4, RGB 2, RGBA 6
    expect(png[25]).toBe({ 1: 0, 2: 4, 3: 2, 4: 6 }[channels]);
  });

  it('filters rows: a smooth gradient compresses far below its raw size', () => {
    const [w, h] = [64, 64];
    const px = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([x * 4, y * 4, (x + y) * 2], (y * w + x) * 3);
    const png = encodePng(px, w, h, 3);
    expect(png.length).toBeLessThan(px.length / 20);
    expect(Array.from(PNG.sync.read(Buffer.from(png)).data)).toEqual(Array.from(expectedRgba(px, 3)));
  });

  it('rejects a size that does not match the pixels', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2, 3)).toThrow(/Expected 12/);
  });
});
