/**
 * Recognises an image by its first bytes (never by its extension) and reads its size from the
 * header, so that non-images, truncated files and oversized images are refused before decoding.
 */

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp';

export interface ImageHeader {
  mime: ImageMime;
  width: number;
  height: number;
  /** Channels declared by the header (1, 2 grey+alpha, 3, 4), or 0 when the header doesn't say. */
  channels: number;
}

export type SniffResult =
  | { ok: true; header: ImageHeader }
  | { ok: false; reason: 'not-an-image' | 'corrupt'; message: string };

/** Images over this many pixels are refused before decoding. */
export const MAX_PIXELS = 50_000_000;

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

function corrupt(what: string): SniffResult {
  return { ok: false, reason: 'corrupt', message: `the ${what} file is corrupt or truncated; re-export or re-download it` };
}

function sniffPng(b: Uint8Array, v: DataView): SniffResult {
  if (b.length < 33 || ascii(b, 12, 4) !== 'IHDR') return corrupt('PNG');
  // A complete PNG ends with the IEND chunk (a few trailing bytes are tolerated).
  const tail = ascii(b, Math.max(0, b.length - 64), Math.min(64, b.length));
  if (!tail.includes('IEND')) return corrupt('PNG');
  const colorType = b[25];
  const channels = ({ 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType] ?? 0;
  return { ok: true, header: { mime: 'image/png', width: v.getUint32(16), height: v.getUint32(20), channels } };
}

function sniffJpeg(b: Uint8Array, v: DataView): SniffResult {
  let p = 2;
  let header: ImageHeader | undefined;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return corrupt('JPEG');
    const marker = b[p + 1];
    if (marker === 0xff) { p++; continue; }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { p += 2; continue; }
    const len = v.getUint16(p + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (p + 10 > b.length) return corrupt('JPEG');
      header = { mime: 'image/jpeg', height: v.getUint16(p + 5), width: v.getUint16(p + 7), channels: b[p + 9] };
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    p += 2 + len;
  }
  if (!header) return corrupt('JPEG');
  // In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so an
  // end-of-image marker after the scan start means the file is complete.
  for (let i = b.length - 2; i > p; i--) {
    if (b[i] === 0xff && b[i + 1] === 0xd9) return { ok: true, header };
  }
  return corrupt('JPEG');
}

function sniffGif(b: Uint8Array, v: DataView): SniffResult {
  if (b.length < 13) return corrupt('GIF');
  return { ok: true, header: { mime: 'image/gif', width: v.getUint16(6, true), height: v.getUint16(8, true), channels: 0 } };
}

function sniffWebp(b: Uint8Array, v: DataView): SniffResult {
  if (b.length < 30 || v.getUint32(4, true) + 8 > b.length) return corrupt('WebP');
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    return { ok: true, header: { mime: 'image/webp', width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff, channels: 3 } };
  }
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return { ok: true, header: { mime: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, channels: 0 } };
  }
  if (chunk === 'VP8X') {
    const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { ok: true, header: { mime: 'image/webp', width: w, height: h, channels: b[20] & 0x10 ? 4 : 3 } };
  }
  return corrupt('WebP');
}

function sniffBmp(b: Uint8Array, v: DataView): SniffResult {
  if (b.length < 26 || v.getUint32(2, true) > b.length) return corrupt('BMP');
  return { ok: true, header: { mime: 'image/bmp', width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)), channels: 0 } };
}

export function sniffImage(bytes: Uint8Array): SniffResult {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b = bytes;
  let result: SniffResult | undefined;
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') result = sniffPng(b, v);
  else if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) result = sniffJpeg(b, v);
  else if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) result = sniffGif(b, v);
  else if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') result = sniffWebp(b, v);
  else if (b.length >= 2 && ascii(b, 0, 2) === 'BM') result = sniffBmp(b, v);
  if (!result) {
    return { ok: false, reason: 'not-an-image', message: 'its contents are not a PNG, JPEG, WebP, GIF or BMP image (whatever its name says)' };
  }
  if (result.ok && (result.header.width === 0 || result.header.height === 0)) return corrupt(result.header.mime.slice(6).toUpperCase());
  return result;
}

export function tooLargeMessage(h: ImageHeader): string {
  const mp = (h.width * h.height) / 1e6;
  return `it is ${h.width}×${h.height} (${mp.toFixed(0)} megapixels); images over ${MAX_PIXELS / 1e6} megapixels are refused before decoding to keep the tab's memory safe — downscale it first`;
}
