import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from './png-encode';
import { ZIP_MAX_ENTRIES, ZipCancelledError, ZipLimitError, ZipStreamWriter } from './zip-writer';

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

  it(`refuses entry ${ZIP_MAX_ENTRIES + 1} (no ZIP64) instead of writing a corrupt directory`, async () => {
    const w = new ZipStreamWriter({ sink: () => {} });
    const empty = new Uint8Array(0);
    for (let i = 0; i < ZIP_MAX_ENTRIES; i++) await w.add(`${i}`, empty);
    await expect(w.add('one-too-many', empty)).rejects.toBeInstanceOf(ZipLimitError);
  });
});
