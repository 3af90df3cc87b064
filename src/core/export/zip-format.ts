/**
 * The byte layout of a zip (PKWARE APPNOTE 6.3.10): local headers, data descriptors, central
 * directory entries, and the end records, with ZIP64 where a count, size or offset does not fit
 * the classic fields. Pure functions over numbers; the streaming lives in zip-writer.ts.
 */

export const SIG_LOCAL = 0x04034b50;
export const SIG_DESCRIPTOR = 0x08074b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_EOCD = 0x06054b50;

/** Classic 32-bit fields hold values below this; the value itself marks "see the ZIP64 field". */
export const U32_MARK = 0xffffffff;
/** Classic 16-bit entry counts hold values below this. */
export const U16_MARK = 0xffff;

export const FLAG_DESCRIPTOR = 0x0008;
export const FLAG_UTF8 = 0x0800;
export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;

const ZIP64_EXTRA_ID = 0x0001;
/** Version 4.5: ZIP64. Made by Unix (3), so the permissions in the external attributes apply. */
const VERSION_ZIP64 = 45;
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const UNIX_FILE = 0o100644;
const UNIX_DIR = 0o040755;
const MSDOS_DIR = 0x10;

export interface EntryInfo {
  /** UTF-8 name bytes. */
  name: Uint8Array;
  /** General-purpose flags (UTF-8, data descriptor). */
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
  directory: boolean;
}

/** MS-DOS date and time (local time, 2-second steps), as zip tools read them; clamped to 1980–2107. */
export function dosDateTime(ms: number): { time: number; date: number } {
  const d = new Date(ms);
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  const early = d.getFullYear() < 1980;
  return {
    time: early ? 0 : (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >>> 1),
    date: early ? (0 << 9) | (1 << 5) | 1 : ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function setU64(v: DataView, at: number, n: number): void {
  v.setUint32(at, n % 2 ** 32, true);
  v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
}

const needs64 = (n: number) => n >= U32_MARK;

/** The ZIP64 values a central directory entry carries: in this order, only those that do not fit. */
export function zip64CentralFields(e: Pick<EntryInfo, 'size' | 'compressedSize' | 'offset'>): number[] {
  return [e.size, e.compressedSize, e.offset].filter(needs64);
}

function versionNeeded(e: EntryInfo, zip64: boolean): number {
  if (zip64) return VERSION_ZIP64;
  return e.method === METHOD_DEFLATE || e.directory ? 20 : 10;
}

/**
 * The local file header. With a data descriptor, CRC and sizes are zero here and follow the data
 * (such entries must stay under 4 GiB); otherwise they are final, in a ZIP64 extra field (both
 * sizes, as the spec requires there) when either does not fit.
 */
export function localHeader(e: EntryInfo): Uint8Array {
  const descriptor = (e.flags & FLAG_DESCRIPTOR) !== 0;
  const zip64 = !descriptor && (needs64(e.size) || needs64(e.compressedSize));
  const extraLen = zip64 ? 20 : 0;
  const out = new Uint8Array(30 + e.name.length + extraLen);
  const v = new DataView(out.buffer);
  v.setUint32(0, SIG_LOCAL, true);
  v.setUint16(4, versionNeeded(e, zip64), true);
  v.setUint16(6, e.flags, true);
  v.setUint16(8, e.method, true);
  v.setUint16(10, e.dosTime, true);
  v.setUint16(12, e.dosDate, true);
  v.setUint32(14, descriptor ? 0 : e.crc, true);
  v.setUint32(18, descriptor ? 0 : zip64 ? U32_MARK : e.compressedSize, true);
  v.setUint32(22, descriptor ? 0 : zip64 ? U32_MARK : e.size, true);
  v.setUint16(26, e.name.length, true);
  v.setUint16(28, extraLen, true);
  out.set(e.name, 30);
  if (zip64) {
    const at = 30 + e.name.length;
    v.setUint16(at, ZIP64_EXTRA_ID, true);
    v.setUint16(at + 2, 16, true);
    setU64(v, at + 4, e.size);
    setU64(v, at + 12, e.compressedSize);
  }
  return out;
}

/** The data descriptor after a streamed entry's data (32-bit sizes: streamed entries stay under 4 GiB). */
export function dataDescriptor(e: Pick<EntryInfo, 'crc' | 'compressedSize' | 'size'>): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint32(0, SIG_DESCRIPTOR, true);
  v.setUint32(4, e.crc, true);
  v.setUint32(8, e.compressedSize, true);
  v.setUint32(12, e.size, true);
  return out;
}

/** One central directory entry, with a ZIP64 extra field for the values that do not fit. */
export function centralEntry(e: EntryInfo): Uint8Array {
  const wide = zip64CentralFields(e);
  const extraLen = wide.length ? 4 + 8 * wide.length : 0;
  const out = new Uint8Array(46 + e.name.length + extraLen);
  const v = new DataView(out.buffer);
  v.setUint32(0, SIG_CENTRAL, true);
  v.setUint16(4, MADE_BY, true);
  v.setUint16(6, versionNeeded(e, wide.length > 0), true);
  v.setUint16(8, e.flags, true);
  v.setUint16(10, e.method, true);
  v.setUint16(12, e.dosTime, true);
  v.setUint16(14, e.dosDate, true);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, Math.min(e.compressedSize, U32_MARK), true);
  v.setUint32(24, Math.min(e.size, U32_MARK), true);
  v.setUint16(28, e.name.length, true);
  v.setUint16(30, extraLen, true);
  // comment length, disk number start, internal attributes: 0
  v.setUint32(38, e.directory ? ((UNIX_DIR << 16) | MSDOS_DIR) >>> 0 : (UNIX_FILE << 16) >>> 0, true);
  v.setUint32(42, Math.min(e.offset, U32_MARK), true);
  out.set(e.name, 46);
  if (wide.length) {
    const at = 46 + e.name.length;
    v.setUint16(at, ZIP64_EXTRA_ID, true);
    v.setUint16(at + 2, 8 * wide.length, true);
    wide.forEach((n, i) => setU64(v, at + 4 + 8 * i, n));
  }
  return out;
}

/**
 * The end of the archive: the ZIP64 end record and its locator when the entry count, the
 * directory's size or its offset does not fit the classic record, then the classic record
 * (with its overflowing fields set to their marks).
 */
export function endRecords(count: number, cdOffset: number, cdSize: number): Uint8Array {
  const zip64 = count >= U16_MARK || needs64(cdOffset) || needs64(cdSize);
  const out = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const v = new DataView(out.buffer);
  let at = 0;
  if (zip64) {
    const recordAt = cdOffset + cdSize;
    v.setUint32(0, SIG_ZIP64_EOCD, true);
    setU64(v, 4, 44); // size of the rest of this record
    v.setUint16(12, MADE_BY, true);
    v.setUint16(14, VERSION_ZIP64, true);
    // this disk, disk with the directory: 0
    setU64(v, 24, count);
    setU64(v, 32, count);
    setU64(v, 40, cdSize);
    setU64(v, 48, cdOffset);
    v.setUint32(56, SIG_ZIP64_LOCATOR, true);
    // disk with the ZIP64 end record: 0
    setU64(v, 64, recordAt);
    v.setUint32(72, 1, true); // total disks
    at = 76;
  }
  v.setUint32(at, SIG_EOCD, true);
  v.setUint16(at + 8, Math.min(count, U16_MARK), true);
  v.setUint16(at + 10, Math.min(count, U16_MARK), true);
  v.setUint32(at + 12, Math.min(cdSize, U32_MARK), true);
  v.setUint32(at + 16, Math.min(cdOffset, U32_MARK), true);
  return out;
}
