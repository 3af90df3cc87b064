import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from './png-encode';
import { readZipEntry, readZipIndex } from '../dataset/zip-index';
import { centralEntry, localHeader, zip64CentralFields } from './zip-format';
import { ZipCancelledError, ZipStreamWriter } from './zip-writer';

/** Deterministic pseudo-random bytes (xorshift), incompressible like image data. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** -1 when equal, else the first index where they differ (toEqual on megabytes is very slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A sink that collects chunks, yields to the event loop on each, and records whether calls ever overlapped. */
function collectingSink() {
  const chunks: Uint8Array[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink = async (c: Uint8Array) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 0));
    chunks.push(c.slice());
    inFlight--;
  };
  return { sink, chunks, maxInFlight: () => maxInFlight, bytes: () => concat(chunks) };
}

function findSignature(data: Uint8Array, sig: number): number {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i + 4 <= data.length; i++) if (v.getUint32(i, true) === sig) return i;
  return -1;
}

interface CentralEntry {
  name: string;
  flag: number;
  method: number;
  crc: number;
  size: number;
}

/** Reads the central directory by hand, to check flags and methods that unzip libraries hide. */
function centralDirectory(zip: Uint8Array): CentralEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  expect(v.getUint32(eocd, true)).toBe(0x06054b50);
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  const out: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const flag = v.getUint16(at + 8, true);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLen), !(flag & 0x800));
    out.push({ name, flag, method: v.getUint16(at + 10, true), crc: v.getUint32(at + 16, true), size: v.getUint32(at + 24, true) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const FILES: Array<{ path: string; data: Uint8Array; compress?: boolean }> = [
  { path: 'README.md', data: new TextEncoder().encode('# hello\n'.repeat(50)), compress: true },
  { path: 'empty.bin', data: new Uint8Array(0) },
  { path: 'train/cat/001.png', data: bytes(1, 1) },
  { path: 'train/猫/ü-é.png', data: bytes(100_000, 2) },
  { path: 'train/Café 🐱/家族👨‍👩‍👧.png', data: bytes(3_000_000, 3) }, // bigger than a chunk
  { path: 'val/Ελληνικά/x.png', data: bytes(5000, 4) },
];

async function writeAll(mtime = Date.UTC(2024, 0, 2, 3, 4, 6)) {
  const out = collectingSink();
  const w = new ZipStreamWriter({ sink: out.sink, chunkBytes: 1 << 16, mtime });
  for (const f of FILES) await w.add(f.path, f.data, { compress: f.compress });
  await w.add('manifest.csv', ['a,b\r\n', '1,2\r\n', new TextEncoder().encode('3,4\r\n')], { compress: true });
  await w.addDirectory('test/dog/');
  const result = await w.finish();
  return { out, w, result };
}

describe('ZipStreamWriter', () => {
  it('writes a zip that fflate reads back: every name (unicode included) and every byte', async () => {
    const { out, result } = await writeAll();
    const zip = out.bytes();
    expect(result.bytesWritten).toBe(zip.length);
    expect(result.entries).toBe(FILES.length + 2);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([...FILES.map((f) => f.path), 'manifest.csv', 'test/dog/'].sort());
    for (const f of FILES) expect(firstDifference(files[f.path], f.data), f.path).toBe(-1);
    expect(strFromU8(files['manifest.csv'])).toBe('a,b\r\n1,2\r\n3,4\r\n');
    expect(files['test/dog/'].length).toBe(0);
  });

  it('sets the UTF-8 flag (bit 11) exactly on non-ASCII names, stores images and deflates text', async () => {
    const { out } = await writeAll();
    const cd = centralDirectory(out.bytes());
    for (const e of cd) {
      const ascii = /^[\x00-\x7f]*$/.test(e.name);
      expect(Boolean(e.flag & 0x800), e.name).toBe(!ascii);
    }
    const byName = new Map(cd.map((e) => [e.name, e]));
    expect(byName.get('README.md')!.method).toBe(8);
    expect(byName.get('manifest.csv')!.method).toBe(8);
    expect(byName.get('train/猫/ü-é.png')!.method).toBe(0);
    // the CRC in the directory is the standard CRC-32 of the data
    const f = FILES[3];
    expect(byName.get(f.path)!.crc).toBe(crc32(f.data));
    expect(byName.get(f.path)!.size).toBe(f.data.length);
    // local headers carry the flag too
    const zip = out.bytes();
    const v = new DataView(zip.buffer);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(6, true) & 0x800).toBe(0); // README.md
  });

  it('is byte-reproducible for a fixed mtime', async () => {
    const a = (await writeAll()).out.bytes();
    const b = (await writeAll()).out.bytes();
    expect(firstDifference(a, b)).toBe(-1);
  });

  it('awaits the sink one chunk at a time, and keeps less than one chunk buffered after each entry', async () => {
    const out = collectingSink();
    const chunkBytes = 1 << 16;
    const w = new ZipStreamWriter({ sink: out.sink, chunkBytes });
    let total = 0;
    for (let i = 0; i < 60; i++) {
      const data = bytes(10_000 + i * 997, i + 10);
      total += data.length;
      await w.add(`f/${i}.png`, data);
      // what the sink has accepted trails what was added by less than one chunk: memory is bounded
      expect(total - w.bytesWritten).toBeLessThan(chunkBytes);
      expect(w.bytesPending).toBeLessThan(chunkBytes);
    }
    await w.finish();
    expect(out.maxInFlight()).toBe(1);
    // small entries were coalesced: far fewer sink calls than entries × 3 pieces
    expect(out.chunks.length).toBeLessThan(60);
    expect(Object.keys(unzipSync(out.bytes()))).toHaveLength(60);
  });

  it('cancel midway (AbortSignal): add rejects with ZipCancelledError and what was written is no zip', async () => {
    const out = collectingSink();
    const ac = new AbortController();
    const w = new ZipStreamWriter({ sink: out.sink, signal: ac.signal, chunkBytes: 4096 });
    await w.add('a.png', bytes(10_000, 1));
    const big = w.add('b.png', bytes(200_000, 2));
    ac.abort();
    await expect(big).rejects.toBeInstanceOf(ZipCancelledError);
    expect(w.state).toBe('cancelled');
    await expect(w.add('c.png', bytes(10, 3))).rejects.toBeInstanceOf(ZipCancelledError);
    await expect(w.finish()).rejects.toBeInstanceOf(ZipCancelledError);
    const partial = out.bytes();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(210_000);
    expect(() => unzipSync(partial)).toThrow();
    // no central directory header, no end-of-central-directory record
    expect(findSignature(partial, 0x02014b50)).toBe(-1);
    expect(findSignature(partial, 0x06054b50)).toBe(-1);
  });

  it('abort() between entries: finish() rejects, no central directory', async () => {
    const out = collectingSink();
    const w = new ZipStreamWriter({ sink: out.sink });
    await w.add('a.png', bytes(1000, 1));
    w.abort();
    await expect(w.finish()).rejects.toBeInstanceOf(ZipCancelledError);
    expect(() => unzipSync(out.bytes())).toThrow();
  });

  it('a failing sink fails the writer', async () => {
    const w = new ZipStreamWriter({
      sink: () => {
        throw new Error('disk full');
      },
      chunkBytes: 1024,
    });
    await expect(w.add('a.png', bytes(5000, 1))).rejects.toThrow('disk full');
    expect(w.state).toBe('failed');
    await expect(w.add('b.png', bytes(5, 1))).rejects.toThrow(/failed/);
  });

  it('rejects unsafe paths and concurrent calls', async () => {
    const w = new ZipStreamWriter({ sink: () => {} });
    await expect(w.add('../evil.png', bytes(5, 1))).rejects.toThrow(/Unsafe path/);
    const w2 = new ZipStreamWriter({ sink: () => new Promise((r) => setTimeout(r, 5)), chunkBytes: 1024 });
    const first = w2.add('a.png', bytes(5000, 1));
    await expect(w2.add('b.png', bytes(5, 1))).rejects.toThrow(/before the previous call finished/);
    await first;
  });

  it('a small archive is a classic zip: no ZIP64 record, versions 1.0/2.0, CRC and sizes in the local headers', async () => {
    const { out } = await writeAll();
    const zip = out.bytes();
    const v = new DataView(zip.buffer);
    expect(v.getUint32(zip.length - 22, true)).toBe(0x06054b50);
    expect(findSignature(zip, 0x06064b50)).toBe(-1);
    expect(findSignature(zip, 0x07064b50)).toBe(-1);
    // First entry (README.md, given whole): final CRC and sizes up front, no data descriptor.
    const readme = FILES[0].data;
    expect(v.getUint16(4, true)).toBe(20);
    expect(v.getUint16(6, true) & 0x8).toBe(0);
    expect(v.getUint32(14, true)).toBe(crc32(readme));
    expect(v.getUint32(22, true)).toBe(readme.length);
    expect(v.getUint32(18, true)).toBeLessThan(readme.length);
  });

  it('stores text that deflating would not shrink', async () => {
    const out = collectingSink();
    const w = new ZipStreamWriter({ sink: out.sink });
    const noise = bytes(4000, 9);
    await w.add('noise.bin', noise, { compress: true });
    await w.finish();
    const [e] = centralDirectory(out.bytes());
    expect(e.method).toBe(0);
    expect(firstDifference(unzipSync(out.bytes())['noise.bin'], noise)).toBe(-1);
  });

  it('more than 65,534 entries: a ZIP64 end record and locator, read back by our reader and checked by hand', async () => {
    const n = 70_000;
    const out: Uint8Array[] = [];
    const w = new ZipStreamWriter({ sink: (c) => void out.push(c.slice()), mtime: Date.UTC(2024, 0, 1) });
    const content = (i: number) => new TextEncoder().encode(`file ${i}`);
    for (let i = 0; i < n; i++) await w.add(`d${i % 7}/f${i}.txt`, i % 1000 === 0 ? content(i) : new Uint8Array(0));
    await w.finish();
    const zip = concat(out);
    const v = new DataView(zip.buffer);
    // Classic end record: counts marked 0xffff; directory size and offset still fit.
    const eocd = zip.length - 22;
    expect(v.getUint32(eocd, true)).toBe(0x06054b50);
    expect(v.getUint16(eocd + 8, true)).toBe(0xffff);
    expect(v.getUint16(eocd + 10, true)).toBe(0xffff);
    // Locator right before it, pointing at the ZIP64 end record right before that.
    const locator = eocd - 20;
    const record = locator - 56;
    expect(v.getUint32(locator, true)).toBe(0x07064b50);
    expect(v.getUint32(locator + 4, true)).toBe(0);
    expect(Number(v.getBigUint64(locator + 8, true))).toBe(record);
    expect(v.getUint32(locator + 16, true)).toBe(1);
    expect(v.getUint32(record, true)).toBe(0x06064b50);
    expect(Number(v.getBigUint64(record + 4, true))).toBe(44);
    expect(v.getUint16(record + 14, true)).toBe(45);
    expect(Number(v.getBigUint64(record + 24, true))).toBe(n);
    expect(Number(v.getBigUint64(record + 32, true))).toBe(n);
    const cdSize = Number(v.getBigUint64(record + 40, true));
    const cdOffset = Number(v.getBigUint64(record + 48, true));
    expect(cdOffset + cdSize).toBe(record);
    expect(v.getUint32(cdOffset, true)).toBe(0x02014b50);
    expect(v.getUint32(eocd + 12, true)).toBe(cdSize);
    expect(v.getUint32(eocd + 16, true)).toBe(cdOffset);

    const blob = new Blob([zip as Uint8Array<ArrayBuffer>]);
    const entries = await readZipIndex(blob);
    expect(entries).toHaveLength(n);
    expect(entries[0].name).toBe('d0/f0.txt');
    expect(entries[n - 1].name).toBe(`d${(n - 1) % 7}/f${n - 1}.txt`);
    for (const i of [0, 1000, 69_000]) expect(new TextDecoder().decode(await readZipEntry(blob, entries[i]))).toBe(`file ${i}`);
    expect(entries[12_345].size).toBe(0);
  });

  it('offsets past 4 GiB go into ZIP64 extra fields (archive placed after 4 GiB of other bytes)', async () => {
    const start = 2 ** 32 - 100;
    const out: Uint8Array[] = [];
    const w = new ZipStreamWriter({ sink: (c) => void out.push(c.slice()), startOffset: start });
    const files = [
      { path: 'a.png', data: bytes(20, 1) }, // local header at start: fits in 32 bits
      { path: 'b.png', data: bytes(40, 2) }, // at start + 55: fits
      { path: 'c.png', data: bytes(60, 3) }, // at start + 130 ≥ 2^32: ZIP64
      { path: 'd.txt', data: new TextEncoder().encode('hello '.repeat(100)) },
    ];
    for (const f of files) await w.add(f.path, f.data, { compress: f.path.endsWith('.txt') });
    await w.finish();
    const zip = concat(out);
    // A Blob-like view of a file whose first `start` bytes are something else (zeros here).
    const shifted = {
      size: start + zip.length,
      slice(a: number, b: number) {
        const lo = Math.max(a, start);
        const pad = new Uint8Array(Math.max(0, Math.min(b, start) - a));
        return new Blob([pad, zip.subarray(lo - start, Math.max(lo, b) - start) as Uint8Array<ArrayBuffer>]);
      },
    } as unknown as Blob;
    const entries = await readZipIndex(shifted);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.path));
    expect(entries.map((e) => e.localHeaderOffset)).toEqual([start, start + 55, start + 130, start + 225]);
    for (const [i, f] of files.entries()) expect(firstDifference(await readZipEntry(shifted, entries[i]), f.data), f.path).toBe(-1);
    // By hand: c.png's directory entry marks its offset and carries it in a 0x0001 extra field; a.png has none.
    const v = new DataView(zip.buffer);
    const record = zip.length - 22 - 20 - 56;
    expect(v.getUint32(record, true)).toBe(0x06064b50);
    const cdOffset = Number(v.getBigUint64(record + 48, true));
    expect(cdOffset).toBeGreaterThan(2 ** 32);
    expect(v.getUint32(zip.length - 22 + 16, true)).toBe(0xffffffff);
    let at = cdOffset - start;
    const seen: Array<{ offsetField: number; extra: number[] }> = [];
    for (let i = 0; i < files.length; i++) {
      const nameLen = v.getUint16(at + 28, true);
      const extraLen = v.getUint16(at + 30, true);
      const extra: number[] = [];
      if (extraLen) {
        expect(v.getUint16(at + 46 + nameLen, true)).toBe(1);
        for (let k = 0; k < v.getUint16(at + 46 + nameLen + 2, true) / 8; k++) extra.push(Number(v.getBigUint64(at + 46 + nameLen + 4 + 8 * k, true)));
      }
      seen.push({ offsetField: v.getUint32(at + 42, true), extra });
      at += 46 + nameLen + extraLen;
    }
    expect(seen).toEqual([
      { offsetField: start, extra: [] },
      { offsetField: start + 55, extra: [] },
      { offsetField: 0xffffffff, extra: [start + 130] },
      { offsetField: 0xffffffff, extra: [start + 225] },
    ]);
  });

  it('sizes past 4 GiB: local header and directory entry mark them and carry them in ZIP64 extras', () => {
    const e = { name: new TextEncoder().encode('huge.bin'), flags: 0, method: 0, dosTime: 0, dosDate: 0x21, crc: 0x12345678, size: 5e9, compressedSize: 5e9, offset: 1000, directory: false };
    expect(zip64CentralFields(e)).toEqual([5e9, 5e9]);
    const lh = localHeader(e);
    const lv = new DataView(lh.buffer);
    expect(lv.getUint16(4, true)).toBe(45);
    expect([lv.getUint32(18, true), lv.getUint32(22, true)]).toEqual([0xffffffff, 0xffffffff]);
    expect(lv.getUint16(28, true)).toBe(20);
    expect([lv.getUint16(38, true), lv.getUint16(40, true)]).toEqual([1, 16]);
    expect([Number(lv.getBigUint64(42, true)), Number(lv.getBigUint64(50, true))]).toEqual([5e9, 5e9]);
    const ce = centralEntry(e);
    const cv = new DataView(ce.buffer);
    expect([cv.getUint32(20, true), cv.getUint32(24, true), cv.getUint32(42, true)]).toEqual([0xffffffff, 0xffffffff, 1000]);
    expect([cv.getUint16(54, true), cv.getUint16(56, true)]).toEqual([1, 16]);
    expect([Number(cv.getBigUint64(58, true)), Number(cv.getBigUint64(66, true))]).toEqual([5e9, 5e9]);
    // Below 4 GiB: no extra at all.
    expect(localHeader({ ...e, size: 10, compressedSize: 10 }).length).toBe(30 + 8);
    expect(centralEntry({ ...e, size: 10, compressedSize: 10 }).length).toBe(46 + 8);
  });
});
