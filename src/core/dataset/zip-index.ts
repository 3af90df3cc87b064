/**
 * Random-access reading of a zip held in a Blob (a dropped File): the central directory is
 * read from the end of the file, then each entry is sliced and inflated on its own. Memory
 * holds one entry at a time, never the whole archive, and the full listing (names, sizes)
 * is known before any image is decoded, so layout and progress totals are exact.
 */
import { inflateSync, strFromU8 } from 'fflate';

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

async function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/**
 * Reads a Blob through a sliding window. Each Blob read is an asynchronous round trip (in a
 * browser, to where the file's bytes live), so thousands of small entries read one by one
 * cost far more than the bytes themselves; entries are laid out in order, so one window
 * read serves many of them. Memory holds one window, never the whole archive.
 */
export class WindowedReader {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private pending: Promise<void> | undefined;

  constructor(
    readonly blob: Blob,
    private readonly windowBytes = 8 * 2 ** 20,
  ) {}

  async read(start: number, end: number): Promise<Uint8Array> {
    end = Math.min(end, this.blob.size);
    start = Math.min(start, end);
    if (end - start > this.windowBytes) return readBytes(this.blob, start, end);
    for (;;) {
      if (start >= this.start && end <= this.start + this.bytes.length) {
        return this.bytes.subarray(start - this.start, end - this.start);
      }
      if (this.pending) {
        await this.pending;
        continue;
      }
      this.pending = readBytes(this.blob, start, Math.min(this.blob.size, start + this.windowBytes)).then((b) => {
        this.start = start;
        this.bytes = b;
        this.pending = undefined;
      });
    }
  }
}

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** Lists every entry of the zip from its central directory. */
export async function readZipIndex(blob: Blob): Promise<ZipEntry[]> {
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  const tailStart = Math.max(0, blob.size - 22 - 0xffff - 20);
  const tail = await readBytes(blob, tailStart, blob.size);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('not a zip file, or a truncated one: its end-of-archive record is missing');
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG) {
    const z64At = u64(tv, eocd - 20 + 8);
    const rec = await readBytes(blob, z64At, z64At + 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rv.getUint32(0, true) !== ZIP64_EOCD_SIG) throw new ZipFormatError('broken zip64 end-of-archive record');
    count = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
  }
  if (cdOffset + cdSize > blob.size) throw new ZipFormatError('the zip is truncated: its directory points past the end of the file');
  const cd = await readBytes(blob, cdOffset, cdOffset + cdSize);
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== CENTRAL_SIG) throw new ZipFormatError('the zip directory is corrupt');
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    let localHeaderOffset = v.getUint32(p + 42, true);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    // Bit 11 marks UTF-8 names; otherwise the spec says CP437, which latin1 matches for ASCII.
    const name = strFromU8(nameBytes, !(flags & 0x800));
    // Zip64 extended information replaces fields that are 0xffffffff, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = v.getUint16(e, true);
      const len = v.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) { size = u64(v, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(v, q); q += 8; }
        if (localHeaderOffset === 0xffffffff) { localHeaderOffset = u64(v, q); }
      }
      e += 4 + len;
    }
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method,
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localHeaderOffset,
    });
    p = extraEnd + commentLen;
  }
  return entries;
}

/** Reads and inflates one entry's bytes. */
export async function readZipEntry(blob: Blob, entry: ZipEntry, reader = new WindowedReader(blob, 0)): Promise<Uint8Array> {
  if (entry.encrypted) throw new ZipFormatError('the entry is encrypted');
  const header = (await reader.read(entry.localHeaderOffset, entry.localHeaderOffset + 30)).slice();
  const hv = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || hv.getUint32(0, true) !== LOCAL_SIG) throw new ZipFormatError('the entry\'s local header is corrupt');
  const dataStart = entry.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  if (dataStart + entry.compressedSize > blob.size) throw new ZipFormatError('the entry is truncated');
  const raw = await reader.read(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return raw.slice();
  if (entry.method === 8) {
    try {
      return inflateSync(raw, { out: new Uint8Array(entry.size) });
    } catch {
      throw new ZipFormatError('the entry\'s compressed data is corrupt');
    }
  }
  throw new ZipFormatError(`the entry uses compression method ${entry.method}, which is not supported (use deflate or store)`);
}
