/**
 * A small lossless PNG encoder (8-bit grey, grey+alpha, RGB, RGBA) on fflate's zlib.
 * Why have one beside OffscreenCanvas.convertToBlob: it writes 1-channel images as grey PNGs
 * (a canvas always writes RGBA), its bytes are the same in every browser and in Node (so an
 * augmented image regenerated from its plan can be compared byte for byte), and it needs no canvas.
 */
import { zlibSync } from 'fflate';

export type PngChannels = 1 | 2 | 3 | 4;

const COLOR_TYPE: Record<PngChannels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, as PNG and zip use it). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * Writes row `cur` filtered with filter `f` into `dst` and returns the sum of absolute signed
 * residuals, stopping early once past `limit`. One loop per filter, over plain Uint8Arrays:
 * a per-byte switch or mixed array types makes this several times slower.
 */
function filterRow(f: number, cur: Uint8Array, prev: Uint8Array, bpp: number, dst: Uint8Array, limit: number): number {
  const n = dst.length;
  let cost = 0;
  let i = 0;
  // The first pixel has no left neighbour (a = c = 0).
  for (; i < bpp && i < n; i++) {
    const b = prev[i];
    const v = (cur[i] - (f === 2 || f === 4 ? b : f === 3 ? b >>> 1 : 0)) & 0xff;
    dst[i] = v;
    cost += v < 128 ? v : 256 - v;
  }
  switch (f) {
    case 0:
      for (; i < n && cost < limit; i++) {
        const v = cur[i];
        dst[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      break;
    case 1:
      for (; i < n && cost < limit; i++) {
        const v = (cur[i] - cur[i - bpp]) & 0xff;
        dst[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      break;
    case 2:
      for (; i < n && cost < limit; i++) {
        const v = (cur[i] - prev[i]) & 0xff;
        dst[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      break;
    case 3:
      for (; i < n && cost < limit; i++) {
        const v = (cur[i] - ((cur[i - bpp] + prev[i]) >>> 1)) & 0xff;
        dst[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      break;
    default:
      for (; i < n && cost < limit; i++) {
        const a = cur[i - bpp];
        const b = prev[i];
        const c = prev[i - bpp];
        const p = a + b - c;
        const pa = p > a ? p - a : a - p;
        const pb = p > b ? p - b : b - p;
        const pc = p > c ? p - c : c - p;
        const v = (cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
        dst[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
  }
  return cost;
}

/**
 * Filters every row with the filter that minimises the sum of absolute (signed) residuals,
 * libpng's heuristic: it usually compresses far better than no filtering.
 */
function filterRows(px: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const trial = new Uint8Array(stride);
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = y > 0 ? px.subarray(row - stride, row) : zeros;
    const cur = px.subarray(row, row + stride);
    const dst = out.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    let best = 0;
    let bestCost = filterRow(0, cur, prev, bpp, dst, Infinity);
    for (let f = 1; f < 5; f++) {
      const cost = filterRow(f, cur, prev, bpp, trial, bestCost);
      if (cost < bestCost) {
        bestCost = cost;
        best = f;
        dst.set(trial);
      }
    }
    out[y * (stride + 1)] = best;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes interleaved 8-bit pixels (row-major, `channels` values per pixel: a tensor's
 * HWC data or an ImageData's RGBA) as a PNG file.
 */
export function encodePng(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: PngChannels,
  level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6,
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`Bad PNG size ${width}×${height}`);
  if (!(channels in COLOR_TYPE)) throw new Error(`Bad PNG channel count ${channels}`);
  if (pixels.length !== width * height * channels) {
    throw new Error(`Expected ${width * height * channels} pixel values for ${width}×${height}×${channels}, got ${pixels.length}`);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[channels];
  // compression 0, filter method 0, no interlace
  const bytes = pixels instanceof Uint8Array ? pixels : new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  const idat = zlibSync(filterRows(bytes, width, height, channels), { level });
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
