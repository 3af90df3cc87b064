/**
 * Where the zip's bytes go. A file the user chose (File System Access: writes land in a swap file
 * that becomes the file only on close(), so an aborted export leaves the file as it was), or Blob
 * parts folded into larger Blobs as they come (the browser keeps big Blobs out of the JS heap, on
 * disk if need be), returned as one Blob at the end.
 */
import type { ZipSink } from '../../src/core/export';

export interface ExportSink {
  kind: 'file' | 'blob';
  write: ZipSink;
  /** Finishes: the file is complete (nothing returned), or the Blob. */
  close(): Promise<Blob | undefined>;
  /** Discards everything written. */
  abort(): Promise<void>;
}

export async function fileSink(handle: FileSystemFileHandle): Promise<ExportSink> {
  const writable = await handle.createWritable({ keepExistingData: false });
  return {
    kind: 'file',
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    async close() {
      await writable.close();
      return undefined;
    },
    async abort() {
      await writable.abort().catch(() => {});
    },
  };
}

/** Parts are folded into a Blob every `foldBytes`, so the worker holds at most that much of the zip. */
export function blobSink(foldBytes = 16 * 2 ** 20): ExportSink {
  let blobs: Blob[] = [];
  let parts: Uint8Array[] = [];
  let pending = 0;
  const fold = () => {
    if (parts.length === 0) return;
    blobs.push(new Blob(parts as Uint8Array<ArrayBuffer>[]));
    parts = [];
    pending = 0;
  };
  return {
    kind: 'blob',
    write(chunk) {
      parts.push(chunk);
      pending += chunk.length;
      if (pending >= foldBytes) fold();
    },
    async close() {
      fold();
      const blob = new Blob(blobs, { type: 'application/zip' });
      blobs = [];
      return blob;
    },
    async abort() {
      blobs = [];
      parts = [];
    },
  };
}
