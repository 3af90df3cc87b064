/**
 * Streams a planned export into a zip: the worker supplies each image's bytes (original file,
 * or working pixels it encoded) and a sink for the zip's bytes. A few images are fetched ahead
 * so encoding overlaps writing; memory stays at about `prefetch` images plus one output chunk.
 */
import type { ExportEntry, ExportPlan, ImageEntry } from './plan-export';
import { ZipCancelledError, ZipStreamWriter, type ZipSink } from './zip-writer';

export interface ExportProgress {
  filesDone: number;
  filesTotal: number;
  imagesDone: number;
  imagesTotal: number;
  /** Bytes of zip the sink has accepted. */
  bytesWritten: number;
  elapsedMs: number;
}

export interface WriteExportOptions {
  /** The bytes of an image entry: `entry.encode === null` → the original file; else the working pixels encoded as asked. */
  getImageBytes: (entry: ImageEntry) => Promise<Uint8Array>;
  sink: ZipSink;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** At most one progress call per this many ms (the last one always comes). */
  progressIntervalMs?: number;
  /** Images fetched ahead of the one being written. */
  prefetch?: number;
  /** Output chunk size handed to the sink. */
  chunkBytes?: number;
  /** Monotonic clock in ms (injectable for tests). */
  now?: () => number;
}

export interface ExportResult {
  /** 'cancelled': the bytes written are not a valid zip and must be discarded. */
  status: 'done' | 'cancelled';
  bytesWritten: number;
  filesWritten: number;
  imagesWritten: number;
  elapsedMs: number;
}

const TEXT_PIECE_CHARS = 1 << 16;

/** Joins small text pieces (one manifest row each) into larger ones before compression. */
function* coalesce(pieces: Iterable<string>): Generator<string> {
  let buf = '';
  for (const p of pieces) {
    buf += p;
    if (buf.length >= TEXT_PIECE_CHARS) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export async function writeExport(plan: ExportPlan, options: WriteExportOptions): Promise<ExportResult> {
  if (plan.summary.errors.length > 0) throw new Error(plan.summary.errors.join(' '));
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { signal } = options;
  const writer = new ZipStreamWriter({ sink: options.sink, signal, chunkBytes: options.chunkBytes, mtime: plan.mtime });
  const entries = plan.entries;
  const imageIndices = entries.flatMap((e, i) => (e.type === 'image' ? [i] : []));
  const prefetch = Math.max(1, options.prefetch ?? 4);
  const fetched = new Map<number, Promise<Uint8Array>>();
  let nextFetch = 0; // position in imageIndices

  // Settles when the user cancels, so a slow encode does not hold up the cancellation.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ZipCancelledError());
  });
  aborted.catch(() => {});
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort);

  const fetchAhead = (upTo: number) => {
    while (nextFetch < imageIndices.length && nextFetch < upTo) {
      const i = imageIndices[nextFetch++];
      const p = options.getImageBytes(entries[i] as ImageEntry);
      p.catch(() => {}); // awaited later; not unhandled if we stop first
      fetched.set(i, p);
    }
  };

  let imagesDone = 0;
  let filesDone = 0;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    if (!options.onProgress) return;
    const t = now();
    if (!force && t - lastReport < (options.progressIntervalMs ?? 100)) return;
    lastReport = t;
    options.onProgress({
      filesDone,
      filesTotal: entries.length,
      imagesDone,
      imagesTotal: imageIndices.length,
      bytesWritten: writer.bytesWritten,
      elapsedMs: t - started,
    });
  };

  const addEntry = async (e: ExportEntry, i: number) => {
    switch (e.type) {
      case 'image': {
        fetchAhead(imagesDone + 1 + prefetch);
        const bytes = await Promise.race([fetched.get(i)!, aborted]);
        fetched.delete(i);
        await writer.add(e.path, bytes, { compress: e.compress });
        imagesDone++;
        return;
      }
      case 'text':
        return writer.add(e.path, coalesce(e.chunks()), { compress: e.compress });
      case 'bytes':
        return writer.add(e.path, e.data, { compress: e.compress });
      case 'directory':
        return writer.addDirectory(e.path);
    }
  };

  try {
    for (let i = 0; i < entries.length; i++) {
      await addEntry(entries[i], i);
      filesDone++;
      report(false);
    }
    await writer.finish();
    report(true);
    return { status: 'done', bytesWritten: writer.bytesWritten, filesWritten: filesDone, imagesWritten: imagesDone, elapsedMs: now() - started };
  } catch (e) {
    writer.abort();
    if (e instanceof ZipCancelledError) {
      report(true);
      return { status: 'cancelled', bytesWritten: writer.bytesWritten, filesWritten: filesDone, imagesWritten: imagesDone, elapsedMs: now() - started };
    }
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
