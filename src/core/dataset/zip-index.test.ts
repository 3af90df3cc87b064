import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readZipEntry, readZipIndex, WindowedReader, ZipFormatError } from './zip-index';

function blobOf(bytes: Uint8Array): Blob {
  return new Blob([bytes as BlobPart]);
}

describe('zip index', () => {
  const files = {
    'train/cats/a.png': strToU8('alpha'),
    'train/dogs/b.png': [new Uint8Array(5000).fill(7), { level: 9 }] as [Uint8Array, { level: 9 }],
    'test/貓/ç.png': [strToU8('unicode'), { level: 0 }] as [Uint8Array, { level: 0 }],
    'empty/': new Uint8Array(0),
  };
  const zip = zipSync(files, { mtime: new Date(2020, 0, 1) });

  it('lists every entry with names, sizes and directories', async () => {
    const entries = await readZipIndex(blobOf(zip));
    expect(entries.map((e) => e.name)).toEqual(['train/cats/a.png', 'train/dogs/b.png', 'test/貓/ç.png', 'empty/']);
    expect(entries.map((e) => e.isDirectory)).toEqual([false, false, false, true]);
    expect(entries[1].size).toBe(5000);
    expect(entries[1].method).toBe(8);
    expect(entries[1].compressedSize).toBeLessThan(100);
    expect(entries[2].method).toBe(0);
  });

  it('reads each entry back byte for byte, stored or deflated', async () => {
    const blob = blobOf(zip);
    const entries = await readZipIndex(blob);
    expect(new TextDecoder().decode(await readZipEntry(blob, entries[0]))).toBe('alpha');
    expect(await readZipEntry(blob, entries[1])).toEqual(new Uint8Array(5000).fill(7));
    expect(new TextDecoder().decode(await readZipEntry(blob, entries[2]))).toBe('unicode');
  });

  it('refuses a file that is not a zip, and a truncated zip, with a reason', async () => {
    await expect(readZipIndex(blobOf(strToU8('hello, not a zip at all')))).rejects.toThrow(ZipFormatError);
    await expect(readZipIndex(blobOf(zip.subarray(0, zip.length - 30)))).rejects.toThrow(/truncated|missing|corrupt/);
  });
});

describe('WindowedReader', () => {
  it('serves reads from one window and reads across window edges correctly', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const blob = new Blob([bytes]);
    let reads = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (...args: Parameters<Blob['slice']>) => {
      reads++;
      return slice(...args);
    };
    const reader = new WindowedReader(blob, 100);
    expect([...(await reader.read(10, 20))]).toEqual([...bytes.subarray(10, 20)]);
    expect([...(await reader.read(50, 90))]).toEqual([...bytes.subarray(50, 90)]);
    expect(reads).toBe(1);
    expect([...(await reader.read(95, 130))]).toEqual([...bytes.subarray(95, 130)]);
    expect([...(await reader.read(990, 1200))]).toEqual([...bytes.subarray(990, 1000)]);
    expect(await reader.read(5000, 5010)).toHaveLength(0);
  });
});
