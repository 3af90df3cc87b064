/** Turns what the user dropped into candidate files: loose files, folders, zips (read entry by entry). */
import type { Candidate } from '../../src/core/dataset/ingest';
import { readZipEntry, readZipIndex, WindowedReader } from '../../src/core/dataset/zip-index';

export interface DroppedFile {
  /** Path relative to what was dropped, e.g. "pets/cat/1.png". */
  path: string;
  file: File;
}

export type IngestSource =
  | { kind: 'files'; name: string; files: DroppedFile[]; folders?: string[] }
  | { kind: 'zip'; name: string; blob: Blob }
  | { kind: 'url'; name: string; url: string };

export interface SourceListing {
  name: string;
  candidates: Candidate[];
  folders: string[];
}

const isZip = (f: DroppedFile) => /\.zip$/i.test(f.file.name);

/** Loose files become one source; every zip in the drop becomes a source of its own. */
export function splitSources(source: IngestSource): IngestSource[] {
  if (source.kind !== 'files') return [source];
  const zips = source.files.filter(isZip);
  const loose = source.files.filter((f) => !isZip(f));
  const out: IngestSource[] = [];
  if (loose.length) out.push({ ...source, files: loose });
  for (const z of zips) out.push({ kind: 'zip', name: z.path, blob: z.file });
  return out;
}

export async function listSource(source: IngestSource): Promise<SourceListing> {
  if (source.kind === 'files') {
    return {
      name: source.name,
      folders: source.folders ?? [],
      candidates: source.files.map((f) => ({
        path: f.path,
        size: f.file.size,
        read: async () => new Uint8Array(await f.file.arrayBuffer()),
      })),
    };
  }
  let blob: Blob;
  if (source.kind === 'url') {
    const res = await fetch(source.url);
    if (!res.ok) throw new Error(`could not load ${source.url}: HTTP ${res.status}`);
    blob = await res.blob();
  } else {
    blob = source.blob;
  }
  const entries = await readZipIndex(blob);
  const reader = new WindowedReader(blob);
  return {
    name: source.name,
    folders: entries.filter((e) => e.isDirectory).map((e) => e.name),
    candidates: entries
      .filter((e) => !e.isDirectory)
      .map((e) => ({ path: e.name, size: e.size, read: () => readZipEntry(blob, e, reader) })),
  };
}
