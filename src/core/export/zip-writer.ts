/**
 * A streaming zip writer: entries go in one at a time and their bytes leave through an async sink
 * (a File System Access writable, or an array of Blob parts) before the next entry is taken, so
 * memory holds one entry, one output chunk and the central directory (~100 bytes per entry), not
 * the archive. fflate does the deflating; the container is written here (zip-format.ts), because
 * fflate writes no ZIP64.
 *
 * - Images that are already compressed (PNG, JPEG, WebP) are stored; text is deflated (stored
 *   instead when deflating would not shrink it).
 * - Entries whose bytes are given whole carry their CRC and sizes in the local header (no data
 *   descriptor: even Java's streaming ZipInputStream reads them); streamed text gets a descriptor.
 * - Names are UTF-8, with the language-encoding flag (general purpose bit 11) on every entry whose
 *   name is not pure ASCII.
 * - ZIP64 when needed, and only then: more than 65,534 entries, or offsets or sizes past 4 GiB, get
 *   ZIP64 extra fields, the ZIP64 end record and its locator; a small archive is a classic zip.
 * - Cancelling (abort() or the AbortSignal) stops before the central directory: what reached
 *   the sink is not a valid zip, and add()/finish() reject with ZipCancelledError.
 */
import { Deflate, deflateSync } from 'fflate';
import { crc32 } from './png-encode';
import { assertSafeZipPath } from './sanitise';
import {
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  METHOD_DEFLATE,
  METHOD_STORE,
  U32_MARK,
  centralEntry,
  dataDescriptor,
  dosDateTime,
  endRecords,
  localHeader,
  type EntryInfo,
} from './zip-format';

/** Receives the archive's bytes in order; awaited before more are produced (backpressure). */
export type ZipSink = (chunk: Uint8Array) => void | Promise<void>;

export type EntryData = Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

export interface ZipWriterOptions {
  sink: ZipSink;
  signal?: AbortSignal;
  /** Small pieces (headers, small files) are gathered up to this many bytes before the sink sees them. */
  chunkBytes?: number;
  /** Modification time stamped on every entry (ms since epoch). A fixed value makes the archive byte-reproducible. */
  mtime?: number;
  /** Deflate level for compressed entries. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /**
   * Bytes already in the file before this archive (offsets are counted from the file's start):
   * for appending an archive, e.g. after a self-extractor stub. Default 0.
   */
  startOffset?: number;
}

export interface AddOptions {
  /** Deflate this entry (text, uncompressed images); default false: stored as is. */
  compress?: boolean;
}

/** With ZIP64 the format allows 2^64 − 1 entries; this writer keeps every count an exact JS number. */
export const ZIP_MAX_ENTRIES = Number.MAX_SAFE_INTEGER;
/** Streamed entries (data descriptor with 32-bit sizes) stay below this many bytes. */
export const ZIP_MAX_STREAMED_BYTES = U32_MARK - 1;
export const DEFAULT_CHUNK_BYTES = 1 << 20;

export class ZipCancelledError extends Error {
  constructor() {
    super('Export cancelled: the zip was not finished');
    this.name = 'AbortError';
  }
}

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

export type ZipWriterState = 'open' | 'finished' | 'cancelled' | 'failed';

const NON_ASCII = /[^\x00-\x7f]/;

/** A growing byte buffer: the central directory, ~100 bytes per entry, kept compact. */
class ByteBuilder {
  private buf = new Uint8Array(1 << 16);
  length = 0;

  push(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes.length));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes in pieces of at most `size` (views, not copies). */
  *pieces(size: number): Generator<Uint8Array> {
    for (let at = 0; at < this.length; at += size) yield this.buf.subarray(at, Math.min(this.length, at + size));
  }
}

export class ZipStreamWriter {
  private readonly sink: ZipSink;
  private readonly signal?: AbortSignal;
  private readonly chunkBytes: number;
  private readonly level: NonNullable<ZipWriterOptions['level']>;
  private readonly dos: { time: number; date: number };
  private readonly encoder = new TextEncoder();
  private readonly central = new ByteBuilder();
  private readonly start: number;
  private buffer: Uint8Array | null = null;
  private fill = 0;
  /** Absolute offset of the next byte produced (startOffset + bytes produced). */
  private offset: number;
  private written = 0;
  private entries = 0;
  private busy = false;
  private _state: ZipWriterState = 'open';

  constructor(options: ZipWriterOptions) {
    this.sink = options.sink;
    this.signal = options.signal;
    this.chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.dos = dosDateTime(options.mtime ?? Date.now());
    this.level = options.level ?? 6;
    this.start = this.offset = options.startOffset ?? 0;
  }

  /** Bytes the sink has accepted. */
  get bytesWritten(): number {
    return this.written;
  }

  /** Bytes produced but not yet accepted by the sink (the coalescing buffer): stays under `chunkBytes` between calls. */
  get bytesPending(): number {
    return this.offset - this.start - this.written;
  }

  get entryCount(): number {
    return this.entries;
  }

  get state(): ZipWriterState {
    return this._state;
  }

  /** Adds one entry and resolves once its bytes have gone to the sink (except the tail kept for coalescing). */
  async add(path: string, data: EntryData, options: AddOptions = {}): Promise<void> {
    this.enter();
    try {
      assertSafeZipPath(path);
      if (path.endsWith('/')) throw new Error(`Not a file path: ${path}`);
      if (data instanceof Uint8Array) await this.addWhole(path, data, options.compress === true);
      else await this.addStreamed(path, data, options.compress === true);
      this.entries++;
    } catch (e) {
      throw this.failWith(e);
    } finally {
      this.busy = false;
    }
  }

  /** Adds an empty folder: a name ending in '/', no data. */
  async addDirectory(path: string): Promise<void> {
    this.enter();
    try {
      assertSafeZipPath(path);
      if (!path.endsWith('/')) throw new Error(`A folder path ends with '/': ${path}`);
      const e = this.entry(path, 0, METHOD_STORE, true);
      await this.collect(localHeader(e));
      this.central.push(centralEntry(e));
      this.entries++;
    } catch (e) {
      throw this.failWith(e);
    } finally {
      this.busy = false;
    }
  }

  /** Writes the central directory and the end records, and flushes everything to the sink. */
  async finish(): Promise<{ bytesWritten: number; entries: number }> {
    this.enter();
    try {
      const cdOffset = this.offset;
      for (const piece of this.central.pieces(this.chunkBytes)) await this.collect(piece);
      await this.collect(endRecords(this.entries, cdOffset, this.offset - cdOffset));
      await this.flush();
      this._state = 'finished';
      return { bytesWritten: this.written, entries: this.entries };
    } catch (e) {
      throw this.failWith(e);
    } finally {
      this.busy = false;
    }
  }

  /** Stops for good: no central directory is written; a running add() rejects with ZipCancelledError. */
  abort(): void {
    if (this._state !== 'open') return;
    this._state = 'cancelled';
    this.buffer = null;
  }

  private entry(path: string, flags: number, method: number, directory = false): EntryInfo {
    return {
      name: this.encoder.encode(path),
      flags: flags | (NON_ASCII.test(path) ? FLAG_UTF8 : 0),
      method,
      dosTime: this.dos.time,
      dosDate: this.dos.date,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.offset,
      directory,
    };
  }

  /** Bytes known up front: CRC and sizes go into the local header. */
  private async addWhole(path: string, data: Uint8Array, compress: boolean): Promise<void> {
    let body = data;
    let method = METHOD_STORE;
    if (compress && data.length > 0) {
      const deflated = deflateSync(data, { level: this.level });
      if (deflated.length < data.length) {
        body = deflated;
        method = METHOD_DEFLATE;
      }
    }
    const e = this.entry(path, 0, method);
    e.crc = crc32(data);
    e.size = data.length;
    e.compressedSize = body.length;
    await this.collect(localHeader(e));
    await this.collect(body);
    this.central.push(centralEntry(e));
  }

  /** Bytes arriving in pieces (the manifest): CRC and sizes follow the data in a descriptor. */
  private async addStreamed(path: string, data: Exclude<EntryData, Uint8Array>, compress: boolean): Promise<void> {
    const e = this.entry(path, FLAG_DESCRIPTOR, compress ? METHOD_DEFLATE : METHOD_STORE);
    await this.collect(localHeader(e));
    const out: Uint8Array[] = [];
    const deflate = compress ? new Deflate({ level: this.level }, (chunk) => out.push(chunk)) : null;
    const emit = async () => {
      for (const chunk of out.splice(0)) {
        e.compressedSize += chunk.length;
        await this.collect(chunk);
      }
    };
    for await (const part of data) {
      const bytes = typeof part === 'string' ? this.encoder.encode(part) : part;
      if (bytes.length === 0) continue;
      e.crc = crc32(bytes, e.crc);
      e.size += bytes.length;
      if (e.size > ZIP_MAX_STREAMED_BYTES) throw new ZipLimitError(`${path} is larger than 4 GiB, which a streamed zip entry cannot be.`);
      if (deflate) deflate.push(bytes, false);
      else out.push(bytes);
      await emit();
    }
    deflate?.push(new Uint8Array(0), true);
    await emit();
    await this.collect(dataDescriptor(e));
    this.central.push(centralEntry(e));
  }

  private enter(): void {
    this.throwIfStopped();
    if (this.busy) throw new Error('ZipStreamWriter: add() or finish() called before the previous call finished');
    this.busy = true;
  }

  private throwIfStopped(): void {
    if (this.signal?.aborted) this.abort();
    if (this._state === 'cancelled') throw new ZipCancelledError();
    if (this._state !== 'open') throw new Error(`ZipStreamWriter is ${this._state}`);
  }

  private failWith(e: unknown): unknown {
    if (this._state === 'cancelled' || e instanceof ZipCancelledError) {
      this.abort();
      return e instanceof ZipCancelledError ? e : new ZipCancelledError();
    }
    if (this._state === 'open') {
      this._state = 'failed';
      this.buffer = null;
    }
    return e;
  }

  /** Takes produced bytes: small ones are gathered into a chunk, big ones go straight to the sink. */
  private async collect(chunk: Uint8Array): Promise<void> {
    this.throwIfStopped();
    this.offset += chunk.length;
    if (this.fill + chunk.length > this.chunkBytes) await this.flush();
    if (chunk.length >= this.chunkBytes) {
      // Big pieces (image data) go straight through: no copy.
      await this.emit(chunk);
      return;
    }
    this.buffer ??= new Uint8Array(this.chunkBytes);
    this.buffer.set(chunk, this.fill);
    this.fill += chunk.length;
  }

  private async flush(): Promise<void> {
    if (this.fill === 0 || !this.buffer) return;
    // The sink may keep the chunk (Blob parts), so a full buffer is handed over and a new one started.
    const out = this.fill === this.chunkBytes ? this.buffer : this.buffer.slice(0, this.fill);
    this.buffer = this.fill === this.chunkBytes ? null : this.buffer;
    this.fill = 0;
    await this.emit(out);
  }

  private async emit(chunk: Uint8Array): Promise<void> {
    this.throwIfStopped();
    await this.sink(chunk);
    this.written += chunk.length;
  }
}
