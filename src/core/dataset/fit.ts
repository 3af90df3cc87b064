/** Where a source image lands in the square working canvas, and the pixel conversions after it. */
import type { Channels, Fit, WorkingFormat } from './types';

export interface DrawRect {
  /** Source rectangle. */
  sx: number; sy: number; sw: number; sh: number;
  /** Destination rectangle in the size×size canvas. */
  dx: number; dy: number; dw: number; dh: number;
}

export function fitRect(width: number, height: number, size: number, fit: Fit): DrawRect {
  if (fit === 'crop') {
    const side = Math.min(width, height);
    return { sx: (width - side) / 2, sy: (height - side) / 2, sw: side, sh: side, dx: 0, dy: 0, dw: size, dh: size };
  }
  const scale = size / Math.max(width, height);
  const dw = Math.max(1, Math.round(width * scale));
  const dh = Math.max(1, Math.round(height * scale));
  return { sx: 0, sy: 0, sw: width, sh: height, dx: Math.floor((size - dw) / 2), dy: Math.floor((size - dh) / 2), dw, dh };
}

/** RGBA (already composited on the background) → 1 or 3 interleaved channels. */
export function fromRgba(rgba: Uint8ClampedArray | Uint8Array, channels: Channels, out?: Uint8Array): Uint8Array {
  const n = rgba.length / 4;
  const dst = out ?? new Uint8Array(n * channels);
  if (channels === 3) {
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      dst[j] = rgba[i * 4];
      dst[j + 1] = rgba[i * 4 + 1];
      dst[j + 2] = rgba[i * 4 + 2];
    }
  } else {
    // ITU-R BT.601 luma, the weights PIL's convert('L') and OpenCV use.
    for (let i = 0; i < n; i++) {
      dst[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
    }
  }
  return dst;
}

/** 1 or 3 channels → RGBA for display. */
export function toRgba(pixels: Uint8Array, channels: Channels, out?: Uint8ClampedArray): Uint8ClampedArray {
  const n = pixels.length / channels;
  const dst = out ?? new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const r = pixels[i * channels];
    dst[i * 4] = r;
    dst[i * 4 + 1] = channels === 3 ? pixels[i * 3 + 1] : r;
    dst[i * 4 + 2] = channels === 3 ? pixels[i * 3 + 2] : r;
    dst[i * 4 + 3] = 255;
  }
  return dst;
}

/** True when every pixel has R = G = B (a grey image, whatever its file format says). */
export function isGrey(rgba: Uint8ClampedArray | Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

export const WORKING_SIZES = [28, 32, 64, 128, 256] as const;

/** The default working format for a dataset whose first image looks like this. */
export function autoFormat(first: { width: number; height: number; grey: boolean }, overrides: Partial<WorkingFormat> = {}): WorkingFormat {
  const channels: Channels = overrides.channels ?? (first.grey ? 1 : 3);
  const size = overrides.size ?? (channels === 1 && first.width === 28 && first.height === 28 ? 28 : 64);
  return { size, channels, fit: overrides.fit ?? 'letterbox', background: overrides.background ?? '#ffffff' };
}

export function parseHexColour(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return [255, 255, 255];
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
