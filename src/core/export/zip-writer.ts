/**
 * A streaming zip writer on fflate's Zip: entries go in one at a time and their bytes leave
 * through an async sink (a File System Access writable, or an array of Blob parts) before the
 * next entry is taken, so memory holds one entry and one output chunk, not the archive.
 *
 * - Images that are already compressed (PNG, JPEG, WebP) are stored (ZipPassThrough); text
 *   is deflated (ZipDeflate).
 * - Names are UTF-8: fflate sets the language-encoding flag (general purpose bit 11) on every
 *   entry whose name is not pure ASCII (checked in the tests).
 * - Cancelling (abort() or the AbortSignal) stops before the central directory: what reached
 *   the sink is not a valid zip, and add()/finish() reject with ZipCancelledError.
 * - No ZIP64 (fflate does not write it): at most 65,535 entries and 4 GiB before the central
 *   directory. Both are checked; going past them throws ZipLimitError instead of writing a corrupt zip.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { assertSafeZipPath, utf8Length } from './sanitise';

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
}

export interface AddOptions {
  /** Deflate this entry (text, uncompressed images); default false: stored as is. */
  compress?: boolean;
}

export const ZIP_MAX_ENTRIES = 0xffff;
export const ZIP_MAX_OFFSET = 0xffffffff;
export const DEFAULT_CHUNK_BYTES = 1 << 20;

// Local header without the name, and the data descriptor fflate appends to each entry.
const LOCAL_HEADER_BYTES = 30;
const DATA_DESCRIPTOR_BYTES = 16;

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

export class ZipStreamWriter {
  private readonly zip: Zip;
  private readonly sink: ZipSink;
  private readonly signal?: AbortSignal;
  private readonly chunkBytes: number;
  private readonly mtime: number;
  private readonly level: NonNullable<ZipWriterOptions['level']>;
  private readonly encoder = new TextEncoder();
  private pending: Uint8Array[] = [];
  private zipError: unknown = null;
  private buffer: Uint8Array | null = null;
  private fill = 0;
  private produced = 0;
  private written = 0;
  private entries = 0;
  private busy = false;
  private _state: ZipWriterState = 'open';

  constructor(options: ZipWriterOptions) {
    this.sink = options.sink;
    this.signal = options.signal;
    this.chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.mtime = options.mtime ?? Date.now();
    this.level = options.level ?? 6;
    // fflate calls back synchronously while an entry is pushed; chunks wait here until drained to the sink.
    this.zip = new Zip((err, chunk) => {
      if (err) this.zipError ??= err;
      else {
        this.pending.push(chunk);
        this.produced += chunk.length;
      }
    });
  }

  /** Bytes the sink has accepted. */
  get bytesWritten(): number {
    return this.written;
  }

  /** Bytes produced but not yet accepted by the sink (the coalescing buffer): stays under `chunkBytes` between calls. */
  get bytesPending(): number {
    return this.produced - this.written;
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
      this.checkEntryCount();
      if (data instanceof Uint8Array) {
        // Stored size is known: refuse before writing rather than after. (Deflate may grow data by a few bytes per 64 KiB.)
        const bound = LOCAL_HEADER_BYTES + utf8Length(path) + data.length + Math.ceil(data.length / 16384) + 64 + DATA_DESCRIPTOR_BYTES;
        this.checkOffset(this.produced + bound);
      }
      const file = options.compress ? new ZipDeflate(path, { level: this.level }) : new ZipPassThrough(path);
      file.mtime = this.mtime;
      this.zip.add(file);
      this.entries++;
      if (data instanceof Uint8Array) {
        file.push(data, true);
        await this.drain();
      } else {
        for await (const part of data) {
          const bytes = typeof part === 'string' ? this.encoder.encode(part) : part;
          if (bytes.length === 0) continue;
          file.push(bytes, false);
          await this.drain();
        }
        file.push(new Uint8Array(0), true);
        await this.drain();
      }
      this.checkOffset(this.produced);
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
      this.checkEntryCount();
      const dir = new ZipPassThrough(path);
      dir.mtime = this.mtime;
      this.zip.add(dir);
      this.entries++;
      dir.push(new Uint8Array(0), true);
      await this.drain();
      this.checkOffset(this.produced);
    } catch (e) {
      throw this.failWith(e);
    } finally {
      this.busy = false;
    }
  }

  /** Writes the central directory and flushes everything to the sink. */
  async finish(): Promise<{ bytesWritten: number; entries: number }> {
    this.enter();
    try {
      this.zip.end();
      await this.drain();
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
    this.zip.terminate();
    this.pending = [];
    this.buffer = null;
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
      this.zip.terminate();
      this.pending = [];
      this.buffer = null;
    }
    return e;
  }

  private checkEntryCount(): void {
    if (this.entries >= ZIP_MAX_ENTRIES) {
      throw new ZipLimitError(`A zip without ZIP64 holds at most ${ZIP_MAX_ENTRIES} files; this export needs more. Export fewer images or split the export.`);
    }
  }

  private checkOffset(offset: number): void {
    if (offset > ZIP_MAX_OFFSET) {
      throw new ZipLimitError('A zip without ZIP64 holds at most 4 GiB; this export is larger. Choose a smaller format (JPEG/WebP) or split the export.');
    }
  }

  /** Moves what fflate produced to the sink, checking for cancellation between writes. */
  private async drain(): Promise<void> {
    if (this.zipError) throw this.zipError;
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) {
      this.throwIfStopped();
      await this.collect(chunk);
    }
  }

  private async collect(chunk: Uint8Array): Promise<void> {
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
