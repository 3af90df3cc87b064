/** Test data made in the test with real encoders: PNG (pngjs), JPEG (jpeg-js), zip (fflate). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A PNG filled with a colour pattern that depends on `seed` (so every file has different bytes). */
export function png(width: number, height: number, seed = 0, grey = false): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = (x * 7 + seed * 31) % 256;
      const g = grey ? r : (y * 5 + seed * 17) % 256;
      const b = grey ? r : (x * y + seed * 13) % 256;
      img.data.set([r, g, b, 255], i);
    }
  }
  // The seed's bytes in the first pixel keep images of different seeds distinct beyond 256.
  img.data.set(grey ? [seed % 256, seed % 256, seed % 256] : [seed & 255, (seed >> 8) & 255, (seed >> 16) & 255], 0);
  return PNG.sync.write(img);
}

export function jpg(width: number, height: number, seed = 0): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i + seed * 40) % 256, (i * 3) % 256, seed * 50 % 256, 255], i * 4);
  return Buffer.from(jpeg.encode({ data, width, height }, 85).data);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A real, valid, all-black greyscale PNG of any size (it compresses to almost nothing). */
export function blankPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const raw = Buffer.alloc(height * (width + 1)); // filter byte 0 + zero pixels per row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function zip(files: Record<string, Uint8Array>): Buffer {
  const tree: Zippable = {};
  for (const [path, bytes] of Object.entries(files)) tree[path] = [bytes, { level: 0 }];
  return Buffer.from(zipSync(tree));
}

/** Writes files under a new temporary folder and returns the folder. */
export function folder(name: string, files: Record<string, Uint8Array>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'augment-e2e-')), name);
  for (const [path, bytes] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

/** An ImageFolder with `counts[class]` images per class, each a distinct PNG. */
export function imageFolder(counts: Record<string, number>, size = 32, prefix = ''): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  // Distinct prefixes give distinct pixels, so only deliberate copies are duplicates.
  let seed = [...prefix].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) % 10007;
  for (const [cls, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) files[`${prefix}${cls}/${cls}_${i}.png`] = png(size, size, seed++);
  }
  return files;
}
