/** The ingest worker: reads drops (files, folders, zips), decodes in parallel, stores in IndexedDB. */
import * as Comlink from 'comlink';
import { ingest, type FormatRequest, type IngestProgress } from '../src/core/dataset/ingest';
import type { IngestReport } from '../src/core/dataset/types';
import { getChunk, getDataset, getImages, writeBatch } from './shared/db';
import { decodeImage, sha256Hex } from './ingest/decode';
import { listSource, splitSources, type IngestSource } from './ingest/sources';

export interface IngestRequest {
  source: IngestSource;
  /** Add to this dataset; otherwise a new dataset is made. */
  datasetId?: string;
  newDatasetName?: string;
  format?: FormatRequest;
  classMap?: Record<string, string>;
}

export type IngestResult = IngestReport & { datasetId: string };

let cancelled = false;

async function ingestOne(source: IngestSource, req: IngestRequest, datasetId: string | undefined, onProgress: (p: IngestProgress) => void): Promise<IngestResult> {
  let listing;
  try {
    listing = await listSource(source);
  } catch (e) {
    return {
      datasetId: datasetId ?? '', sourceId: '', sourceName: source.name, filesSeen: 1, imported: 0,
      skipped: [{ path: source.name, reason: 'corrupt', message: `${(e as Error).message}; nothing in it was imported` }],
      duplicates: [], emptyClasses: [], layout: 'flat', elapsedMs: 0, cancelled: false,
    };
  }
  const meta = datasetId ? await getDataset(datasetId) : undefined;
  const existing = meta ? { meta, hashes: new Map((await getImages(meta.id)).map((r) => [r.hash, r.sourceName])) } : undefined;
  return ingest(
    {
      sourceName: listing.name,
      candidates: listing.candidates,
      folders: listing.folders,
      existing,
      newDatasetName: req.newDatasetName,
      format: req.format,
      classMap: req.classMap,
      onProgress,
      isCancelled: () => cancelled,
      concurrency: Math.max(4, (navigator.hardwareConcurrency || 2) * 2),
      flushEvery: 512,
    },
    {
      decode: decodeImage,
      sha256: sha256Hex,
      now: () => performance.now(),
      newId: () => crypto.randomUUID(),
      store: {
        async write(batch) {
          await writeBatch({
            meta: batch.meta,
            images: batch.images,
            chunks: batch.chunks.map((c) => ({ datasetId: batch.meta.id, chunk: c.chunk, data: c.data })),
            originals: batch.originals.map((o) => ({ ...o, datasetId: batch.meta.id })),
          });
        },
        async readChunk(chunk) {
          return meta ? (await getChunk(meta.id, chunk))?.data : undefined;
        },
      },
    },
  );
}

const api = {
  /** Imports a drop; zips inside it are imported as sources of their own, all into one dataset. */
  async run(req: IngestRequest, onProgress: (p: IngestProgress) => void): Promise<IngestResult[]> {
    cancelled = false;
    const reports: IngestResult[] = [];
    let datasetId = req.datasetId;
    for (const source of splitSources(req.source)) {
      if (cancelled) break;
      const report = await ingestOne(source, req, datasetId, onProgress);
      if (report.datasetId) datasetId = report.datasetId;
      reports.push(report);
    }
    return reports;
  },

  cancel(): void {
    cancelled = true;
  },
};

export type IngestApi = typeof api;
Comlink.expose(api);
