/**
 * One import (a drop of files, a folder or a zip) into a dataset: every candidate file is checked
 * (path, size, type, header, duplicates), decoded, fitted to the working format and stored in
 * pixel chunks, with its original bytes. Nothing is dropped silently: each skip has a reason.
 *
 * Decoding, hashing and storage are injected, so the same logic runs in the ingest worker
 * (createImageBitmap + OffscreenCanvas + IndexedDB) and in Node tests.
 */
import { planLayout } from './layout';
import { checkPath } from './paths';
import { kindByName } from './file-kind';
import { MAX_PIXELS, sniffImage, tooLargeMessage, type ImageHeader } from './sniff';
import { autoFormat, fromRgba, isGrey } from './fit';
import { bytesPerImage as bytesOf, chunkBytesOf, chunkImagesFor, chunkSlotOf } from './chunks';
import {
  type Channels,
  type DatasetMeta,
  type Fit,
  type ImageRecord,
  type IngestReport,
  type SkippedFile,
  type WorkingFormat,
} from './types';

/** A file of the drop, read lazily. */
export interface Candidate {
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
}

/** A decoded image, held until it has been rendered at the working format. */
export interface DecodedImage {
  width: number;
  height: number;
  /** RGBA at the working size, composited on the background and fitted. */
  render(format: WorkingFormat): Uint8ClampedArray;
  close(): void;
}

export interface IngestStore {
  write(batch: {
    meta: DatasetMeta;
    images: ImageRecord[];
    chunks: Array<{ chunk: number; data: Uint8Array }>;
    originals: Array<{ id: string; bytes: Uint8Array; mime: string }>;
  }): Promise<void>;
  /** The pixels of a partly filled chunk, to append to. */
  readChunk(chunk: number): Promise<Uint8Array | undefined>;
}

export interface IngestDeps {
  decode(bytes: Uint8Array, header: ImageHeader): Promise<DecodedImage>;
  sha256(bytes: Uint8Array): Promise<string>;
  store: IngestStore;
  now(): number;
  newId(): string;
}

export interface FormatRequest {
  size?: number;
  channels?: Channels;
  fit?: Fit;
  background?: string;
}

export interface IngestProgress {
  /** Known once the first image is stored. */
  datasetId?: string;
  done: number;
  total: number;
  imported: number;
  skipped: number;
  imagesPerSecond: number;
  current: string;
}

export interface IngestParams {
  sourceName: string;
  candidates: Candidate[];
  /** Directory paths seen in the drop (to report empty class folders). */
  folders?: string[];
  /** An existing dataset to add to; otherwise a new one is created. */
  existing?: { meta: DatasetMeta; hashes: Map<string, string> };
  newDatasetName?: string;
  format?: FormatRequest;
  /** Renames classes as they come in: incoming label → label in the dataset. */
  classMap?: Record<string, string>;
  onProgress?(p: IngestProgress): void;
  isCancelled?(): boolean;
  /** How many files are read and decoded at once. */
  concurrency?: number;
  /** Records per storage transaction. */
  flushEvery?: number;
}

/** Files over this size are refused before they are read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const naturalSort = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export async function ingest(params: IngestParams, deps: IngestDeps): Promise<IngestReport & { datasetId: string }> {
  const started = deps.now();
  const sourceId = deps.newId();
  const skipped: SkippedFile[] = [];
  const duplicates: IngestReport['duplicates'] = [];
  const skip = (path: string, reason: SkippedFile['reason'], message: string) => skipped.push({ path, reason, message });

  // 1. Paths: unsafe and system files are refused without reading them, and so are files whose
  // name says they are not images (README.md, manifest.json…): they are reported as such and
  // take no part in working out the layout, where they would look misplaced.
  const safe: Array<{ c: Candidate; path: string; imageNamed: boolean }> = [];
  for (const c of params.candidates) {
    const v = checkPath(c.path);
    if (v.skip) {
      skip(c.path, v.skip.reason, v.skip.message);
      continue;
    }
    const byName = kindByName(v.path);
    if (byName.kind === 'not-an-image') skip(c.path, 'not-an-image', byName.message);
    else safe.push({ c, path: v.path, imageNamed: byName.kind === 'image' });
  }
  // The layout is read from the files named as images; files with no telling name join it only
  // when there are none of those (a drop of extensionless images).
  const named = safe.filter((s) => s.imageNamed);
  const plan = planLayout((named.length ? named : safe).map((s) => s.path), params.folders ?? []);

  let meta: DatasetMeta | undefined = params.existing ? structuredClone(params.existing.meta) : undefined;
  const hashes = new Map(params.existing?.hashes ?? []);
  const classes = new Set(meta?.classes ?? []);
  const importedPerClass = new Map<string, number>();
  const mapLabel = (label: string) => params.classMap?.[label] ?? label;

  let chunkIndex = -1;
  let chunkData: Uint8Array | undefined;
  let chunkDirty = false;
  let pendingImages: ImageRecord[] = [];
  let pendingOriginals: Array<{ id: string; bytes: Uint8Array; mime: string }> = [];
  let imported = 0;
  let done = 0;
  const total = params.candidates.length;
  const flushEvery = params.flushEvery ?? 256;
  let lastProgress = 0;

  const bytesPerImage = () => bytesOf(meta!.format);

  // Writes run one after another in the background while decoding goes on; at most two
  // batches wait, so memory stays bounded, and the first storage error stops the import.
  let writeChain: Promise<void> = Promise.resolve();
  let writesQueued = 0;
  let writeError: unknown;
  const source = { id: sourceId, name: params.sourceName, importedAt: deps.now(), imported: 0, skipped: 0, complete: false };
  const flush = async (final = false) => {
    if (!meta || (!pendingImages.length && !chunkDirty && !final)) return;
    meta.classes = [...classes].sort(naturalSort);
    if (!meta.sources.some((s) => s.id === sourceId)) meta.sources.push(source);
    Object.assign(meta.sources.find((s) => s.id === sourceId)!, { imported, skipped: skipped.length, complete: final });
    const batch = {
      meta: structuredClone(meta),
      images: pendingImages,
      chunks: chunkDirty && chunkData ? [{ chunk: chunkIndex, data: chunkData.slice() }] : [],
      originals: pendingOriginals,
    };
    pendingImages = [];
    pendingOriginals = [];
    chunkDirty = false;
    writesQueued++;
    writeChain = writeChain
      .then(() => (writeError ? undefined : deps.store.write(batch)))
      .catch((e) => {
        writeError ??= e;
      })
      .finally(() => {
        writesQueued--;
      });
    if (writesQueued > 2 || final) await writeChain;
    if (writeError) throw writeError;
  };

  // Slots are taken and filled one at a time: a chunk change flushes the previous chunk, which
  // must already hold every pixel written to it.
  let slotLock: Promise<unknown> = Promise.resolve();
  const storePixels = (rgba: Uint8ClampedArray): Promise<number> => {
    const next = slotLock.then(async () => {
      const slot = meta!.nextSlot++;
      // A merge keeps the chunk size the dataset was created with (its meta says which).
      const { chunk, slot: inChunk } = chunkSlotOf(meta!, slot);
      if (chunk !== chunkIndex) {
        if (chunkDirty) await flush();
        chunkData = (await deps.store.readChunk(chunk)) ?? new Uint8Array(chunkBytesOf(meta!));
        chunkIndex = chunk;
      }
      const at = inChunk * bytesPerImage();
      fromRgba(rgba, meta!.format.channels, chunkData!.subarray(at, at + bytesPerImage()));
      chunkDirty = true;
      return slot;
    });
    slotLock = next.catch(() => undefined);
    return next;
  };

  const report = (current: string) => {
    const t = deps.now();
    if (!params.onProgress || (t - lastProgress < 100 && done < total)) return;
    lastProgress = t;
    const secs = Math.max(1e-3, (t - started) / 1000);
    params.onProgress({ datasetId: meta?.id, done, total, imported, skipped: skipped.length, imagesPerSecond: imported / secs, current });
  };

  // 2. Each safe file: place it, check it, decode it, store it.
  const processOne = async ({ c, path, imageNamed }: { c: Candidate; path: string; imageNamed: boolean }) => {
    const placed = plan.place(path);
    // A misplaced file named as an image is refused unread; one with no telling name is sniffed
    // first, so a stray non-image is reported as that rather than as misplaced.
    if ('tooDeep' in placed && imageNamed) return skip(c.path, 'too-deep', placed.tooDeep);
    if (c.size === 0) return skip(c.path, 'empty-file', 'the file is empty (0 bytes)');
    if (c.size > MAX_FILE_BYTES) {
      return skip(c.path, 'too-large', `the file is ${(c.size / 2 ** 20).toFixed(0)} MB; files over ${MAX_FILE_BYTES / 2 ** 20} MB are refused`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await c.read();
    } catch (e) {
      return skip(c.path, 'corrupt', `it could not be read: ${(e as Error).message}`);
    }
    if (bytes.length === 0) return skip(c.path, 'empty-file', 'the file is empty (0 bytes)');
    const sniffed = sniffImage(bytes);
    if (!sniffed.ok) return skip(c.path, sniffed.reason, sniffed.message);
    if ('tooDeep' in placed) return skip(c.path, 'too-deep', placed.tooDeep);
    const header = sniffed.header;
    if (header.width * header.height > MAX_PIXELS) return skip(c.path, 'too-large', tooLargeMessage(header));
    const hash = await deps.sha256(bytes);
    const seen = hashes.get(hash);
    if (seen !== undefined) {
      duplicates.push({ path: c.path, keptAs: seen });
      return skip(c.path, 'duplicate', `it has exactly the same bytes as "${seen}", which is kept once`);
    }
    hashes.set(hash, c.path);
    let decoded: DecodedImage;
    try {
      decoded = await deps.decode(bytes, header);
    } catch {
      hashes.delete(hash);
      return skip(c.path, 'corrupt', `the ${header.mime.slice(6).toUpperCase()} data could not be decoded (corrupt or truncated); re-export it`);
    }
    try {
      if (params.isCancelled?.()) return skip(c.path, 'cancelled', 'the import was cancelled before this file was stored');
      if (!meta) {
        // The first decoded image decides the working format (unless the user chose it).
        const probe = decoded.render({ size: 28, channels: 3, fit: 'letterbox', background: params.format?.background ?? '#ffffff' });
        const grey = isGrey(probe);
        const format = autoFormat({ width: decoded.width, height: decoded.height, grey }, params.format);
        meta = {
          id: deps.newId(),
          name: params.newDatasetName ?? params.sourceName,
          createdAt: deps.now(),
          format,
          classes: [],
          sources: [],
          count: 0,
          nextSlot: 0,
          chunkImages: chunkImagesFor(format),
        };
      }
      const rgba = decoded.render(meta.format);
      const slot = await storePixels(rgba);
      const label = mapLabel(placed.label);
      classes.add(label);
      importedPerClass.set(label, (importedPerClass.get(label) ?? 0) + 1);
      const id = deps.newId();
      pendingImages.push({
        id,
        datasetId: meta.id,
        label,
        split: placed.split,
        kind: 'original',
        ...chunkSlotOf(meta, slot),
        sourceName: c.path,
        sourceId,
        width: header.width,
        height: header.height,
        channels: header.channels || (isGrey(rgba) ? 1 : 3),
        bytes: bytes.length,
        mime: header.mime,
        hash,
      });
      pendingOriginals.push({ id, bytes, mime: header.mime });
      meta.count++;
      imported++;
      if (pendingImages.length >= flushEvery) await flush();
    } finally {
      decoded.close();
    }
  };

  // A window of files in flight: decoding runs in parallel, slots are taken in completion order.
  const queue = safe.slice();
  let cancelled = false;
  // Decoding small images can run on resolved promises alone (microtasks), which would starve
  // the event loop: storage callbacks and the Cancel message could never run. Yield regularly.
  let lastYield = deps.now();
  const yieldToEventLoop = async () => {
    if (deps.now() - lastYield < 25) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    lastYield = deps.now();
  };
  const workers = Array.from({ length: Math.max(1, params.concurrency ?? 6) }, async () => {
    for (;;) {
      await yieldToEventLoop();
      if (params.isCancelled?.()) {
        cancelled = true;
        return;
      }
      const next = queue.shift();
      if (!next) return;
      await processOne(next);
      done++;
      report(next.path);
    }
  });
  done += params.candidates.length - safe.length;
  await Promise.all(workers);
  if (cancelled) {
    for (const q of queue) skip(q.c.path, 'cancelled', 'the import was cancelled before this file was read');
  }

  const emptyClasses = plan.classFolders.map(mapLabel).filter((l) => !importedPerClass.has(l) && !classes.has(l));
  if (meta) await flush(true);
  done = total;
  report('');
  return {
    datasetId: meta?.id ?? params.existing?.meta.id ?? '',
    sourceId,
    sourceName: params.sourceName,
    filesSeen: total,
    imported,
    skipped,
    duplicates,
    emptyClasses,
    layout: plan.layout,
    elapsedMs: deps.now() - started,
    cancelled,
  };
}
