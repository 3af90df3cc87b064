/**
 * Fast path for small PNGs: decoding them in JavaScript (fast-png) costs microseconds, while a
 * round trip through the browser's image decoder costs milliseconds each, which dominates
 * imports of many small images (MNIST-like data). Anything unusual returns null and goes to
 * the browser's decoder instead.
 */
import { convertIndexedToRgb, decode } from 'fast-png';
import { parseHexColour } from './fit';

export interface RgbaImage {
  width: number;
  height: number;
  /** 8-bit RGBA, not premultiplied. */
  data: Uint8ClampedArray;
}

export function decodePngRgba(bytes: Uint8Array): RgbaImage | null {
  let png;
  try {
    png = decode(bytes);
  } catch {
    return null;
  }
  const { width, height } = png;
  const n = width * height;
  let src: ArrayLike<number> = png.data;
  let channels = png.channels;
  if (png.palette) {
    src = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
  } else if (png.depth !== 8 && png.depth !== 16) {
    return null; // 1/2/4-bit grey: rare, let the browser handle it
  } else if (png.transparency) {
    return null; // colour-key transparency: let the browser handle it
  }
  if (src.length !== n * channels) return null;
  const shift = !png.palette && png.depth === 16 ? 8 : 0;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const v0 = src[s] >> shift;
    if (channels <= 2) {
      out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = v0;
      out[i * 4 + 3] = channels === 2 ? src[s + 1] >> shift : 255;
    } else {
      out[i * 4] = v0;
      out[i * 4 + 1] = src[s + 1] >> shift;
      out[i * 4 + 2] = src[s + 2] >> shift;
      out[i * 4 + 3] = channels === 4 ? src[s + 3] >> shift : 255;
    }
  }
  return { width, height, data: out };
}

/** Alpha-composites RGBA over an opaque background colour, in place; returns the same array. */
export function compositeOnBackground(rgba: Uint8ClampedArray, background: string): Uint8ClampedArray {
  const [br, bg, bb] = parseHexColour(background);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    if (a === 255) continue;
    const t = a / 255;
    rgba[i] = Math.round(rgba[i] * t + br * (1 - t));
    rgba[i + 1] = Math.round(rgba[i + 1] * t + bg * (1 - t));
    rgba[i + 2] = Math.round(rgba[i + 2] * t + bb * (1 - t));
    rgba[i + 3] = 255;
  }
  return rgba;
}
