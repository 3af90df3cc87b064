/**
 * The workspace in IndexedDB (through idb): dataset metadata, image records, working-resolution
 * pixels in chunks of chunkImagesOf(meta) images (src/core/dataset/chunks.ts), original file
 * bytes, and the stores later features use.
 * Workers own storage; the main thread asks them.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { chunkImagesOf, pixelIndexOf } from '../../src/core/dataset/chunks';
import type { DatasetMeta, ImageRecord } from '../../src/core/dataset/types';

export interface PixelChunk {
  datasetId: string;
  chunk: number;
  /** chunkImagesOf(meta) × size × size × channels bytes. */
  data: Uint8Array;
}

/**
 * An original file's bytes. Stored as bytes, not as a Blob: each Blob in IndexedDB is a file of
 * its own on disk and a registry round trip to make, which costs milliseconds per image.
 */
export interface OriginalFile {
  id: string;
  datasetId: string;
  bytes: Uint8Array;
  mime: string;
}

/** A saved value keyed by a string: pipelines, models, checkpoints, experiment results, settings. */
export interface KeyedValue {
  id: string;
  kind: string;
  updatedAt: number;
  value: unknown;
}

interface StudioDb extends DBSchema {
  datasets: { key: string; value: DatasetMeta };
  images: { key: string; value: ImageRecord; indexes: { byDataset: string } };
  chunks: { key: [string, number]; value: PixelChunk };
  originals: { key: string; value: OriginalFile; indexes: { byDataset: string } };
  /** Pipelines, models, checkpoints, experiments, settings: `kind` tells which. */
  objects: { key: string; value: KeyedValue; indexes: { byKind: string; byKindDatasetTime: [string, string, number] } };
}

export const DB_NAME = 'augment-studio';
/** 1: the stores; 2: objects indexed by kind, dataset and time (a dataset's latest experiment). */
const DB_VERSION = 2;

let dbPromise: Promise<IDBPDatabase<StudioDb>> | undefined;

export function db(): Promise<IDBPDatabase<StudioDb>> {
  dbPromise ??= openDB<StudioDb>(DB_NAME, DB_VERSION, {
    upgrade(d, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        d.createObjectStore('datasets', { keyPath: 'id' });
        d.createObjectStore('images', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
        d.createObjectStore('chunks', { keyPath: ['datasetId', 'chunk'] });
        d.createObjectStore('originals', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
        d.createObjectStore('objects', { keyPath: 'id' }).createIndex('byKind', 'kind');
      }
      if (oldVersion < 2) {
        // Objects that belong to a dataset and have a time (experiments): a dataset's newest is one
        // cursor step, without reading the others. Objects without both are left out of it.
        tx.objectStore('objects').createIndex('byKindDatasetTime', ['kind', 'value.datasetId', 'value.createdAt']);
      }
    },
    blocking() {
      // A newer version of the app opened the database: let it upgrade.
      void dbPromise?.then((d) => d.close());
      dbPromise = undefined;
    },
  }).catch((e: unknown) => {
    dbPromise = undefined;
    // This tab's code is older than the workspace: only a reload brings the code that reads it.
    throw (e as { name?: string })?.name === 'VersionError' ? new Error(NEWER_VERSION_MESSAGE) : e;
  });
  return dbPromise;
}

export const NEWER_VERSION_MESSAGE = 'a newer version of Augment Studio, open in another tab, has upgraded this workspace; reload this tab to go on';

export async function listDatasets(): Promise<DatasetMeta[]> {
  const all = await (await db()).getAll('datasets');
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function getDataset(id: string): Promise<DatasetMeta | undefined> {
  return (await db()).get('datasets', id);
}

export async function getImages(datasetId: string): Promise<ImageRecord[]> {
  return (await db()).getAllFromIndex('images', 'byDataset', datasetId);
}

export async function getImage(id: string): Promise<ImageRecord | undefined> {
  return (await db()).get('images', id);
}

export async function getChunk(datasetId: string, chunk: number): Promise<PixelChunk | undefined> {
  return (await db()).get('chunks', [datasetId, chunk]);
}

export async function getOriginal(id: string): Promise<Blob | undefined> {
  const o = await (await db()).get('originals', id);
  return o ? new Blob([o.bytes as BlobPart], { type: o.mime }) : undefined;
}

export async function getOriginalBytes(id: string): Promise<Uint8Array | undefined> {
  return (await (await db()).get('originals', id))?.bytes;
}

/** Writes a batch of images, their pixel chunks and originals, and the dataset meta, atomically. */
export async function writeBatch(batch: {
  meta: DatasetMeta;
  images: ImageRecord[];
  chunks: PixelChunk[];
  originals: OriginalFile[];
}): Promise<void> {
  const tx = (await db()).transaction(['datasets', 'images', 'chunks', 'originals'], 'readwrite', { durability: 'relaxed' });
  const writes: Promise<unknown>[] = [tx.objectStore('datasets').put(batch.meta)];
  for (const r of batch.images) writes.push(tx.objectStore('images').put(r));
  for (const c of batch.chunks) writes.push(tx.objectStore('chunks').put(c));
  for (const o of batch.originals) writes.push(tx.objectStore('originals').put(o));
  await Promise.all([...writes, tx.done]);
}

export async function putImages(meta: DatasetMeta, images: ImageRecord[]): Promise<void> {
  await writeBatch({ meta, images, chunks: [], originals: [] });
}

export async function deleteImages(meta: DatasetMeta, ids: string[]): Promise<void> {
  const tx = (await db()).transaction(['datasets', 'images', 'originals'], 'readwrite');
  const writes: Promise<unknown>[] = [tx.objectStore('datasets').put(meta)];
  for (const id of ids) {
    writes.push(tx.objectStore('images').delete(id), tx.objectStore('originals').delete(id));
  }
  await Promise.all([...writes, tx.done]);
}

export async function deleteDataset(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['datasets', 'images', 'chunks', 'originals'], 'readwrite');
  const images = tx.objectStore('images');
  const originals = tx.objectStore('originals');
  const deletes: Promise<unknown>[] = [tx.objectStore('datasets').delete(id)];
  for (const key of await images.index('byDataset').getAllKeys(id)) deletes.push(images.delete(key));
  for (const key of await originals.index('byDataset').getAllKeys(id)) deletes.push(originals.delete(key));
  deletes.push(tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])));
  await Promise.all([...deletes, tx.done]);
}

export async function putObject(kind: string, id: string, value: unknown): Promise<void> {
  await (await db()).put('objects', { id, kind, updatedAt: Date.now(), value });
}

export async function getObject<T>(id: string): Promise<T | undefined> {
  return (await (await db()).get('objects', id))?.value as T | undefined;
}

export async function listObjects(kind: string): Promise<KeyedValue[]> {
  return (await db()).getAllFromIndex('objects', 'byKind', kind);
}

export async function deleteObject(id: string): Promise<void> {
  await (await db()).delete('objects', id);
}

/** Empties the whole workspace: every dataset, image, original and saved object. */
export async function clearAll(): Promise<void> {
  const tx = (await db()).transaction(['datasets', 'images', 'chunks', 'originals', 'objects'], 'readwrite');
  await Promise.all([
    tx.objectStore('datasets').clear(),
    tx.objectStore('images').clear(),
    tx.objectStore('chunks').clear(),
    tx.objectStore('originals').clear(),
    tx.objectStore('objects').clear(),
    tx.done,
  ]);
}

/** Many originals' bytes in one read transaction (requests inside one transaction pipeline; separate ones do not). */
export async function getOriginalsBytes(ids: readonly string[]): Promise<Array<Uint8Array | undefined>> {
  const tx = (await db()).transaction('originals', 'readonly');
  const store = tx.objectStore('originals');
  const out = await Promise.all(ids.map(async (id) => (await store.get(id))?.bytes));
  await tx.done;
  return out;
}

/** Many chunks of pixels in one read transaction. */
export async function getChunks(datasetId: string, chunks: readonly number[]): Promise<Array<PixelChunk | undefined>> {
  const tx = (await db()).transaction('chunks', 'readonly');
  const store = tx.objectStore('chunks');
  const out = await Promise.all(chunks.map((c) => store.get([datasetId, c])));
  await tx.done;
  return out;
}

/**
 * Appends derived images (augmented, synthetic) and the chunks holding their pixels in one
 * transaction, and moves the dataset's count and nextSlot on. `fromSlot` is the nextSlot the
 * caller allocated from: if another writer moved it meanwhile, nothing is written and it throws.
 */
export async function appendImages(datasetId: string, fromSlot: number, images: ImageRecord[], chunks: PixelChunk[]): Promise<DatasetMeta> {
  const tx = (await db()).transaction(['datasets', 'images', 'chunks'], 'readwrite', { durability: 'relaxed' });
  const meta = await tx.objectStore('datasets').get(datasetId);
  if (!meta || meta.nextSlot !== fromSlot) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error(meta ? 'The dataset changed while images were being added to it (an import ran at the same time); run it again.' : 'This dataset no longer exists.');
  }
  const end = images.reduce((m, r) => Math.max(m, pixelIndexOf(meta, r) + 1), fromSlot);
  const next: DatasetMeta = { ...meta, count: meta.count + images.length, nextSlot: end };
  const writes: Promise<unknown>[] = [tx.objectStore('datasets').put(next)];
  for (const c of chunks) writes.push(tx.objectStore('chunks').put(c));
  for (const r of images) writes.push(tx.objectStore('images').put(r));
  await Promise.all([...writes, tx.done]);
  return next;
}

/**
 * Deletes images that have no original file (derived ones) in one transaction; when the highest
 * slots become free, nextSlot moves back and whole chunks past it are deleted, so space is reused.
 */
export async function deleteDerivedImages(datasetId: string, ids: readonly string[]): Promise<DatasetMeta> {
  const tx = (await db()).transaction(['datasets', 'images', 'chunks'], 'readwrite');
  const meta = await tx.objectStore('datasets').get(datasetId);
  if (!meta) {
    await tx.done;
    throw new Error('This dataset no longer exists.');
  }
  const gone = new Set(ids);
  const images = tx.objectStore('images');
  const all = await images.index('byDataset').getAll(datasetId);
  let end = 0;
  const deletes: Promise<unknown>[] = [];
  let removed = 0;
  for (const r of all) {
    if (gone.has(r.id)) {
      deletes.push(images.delete(r.id));
      removed++;
    } else end = Math.max(end, pixelIndexOf(meta, r) + 1);
  }
  const nextSlot = Math.min(meta.nextSlot, end);
  const next: DatasetMeta = { ...meta, count: meta.count - removed, nextSlot };
  const firstFreeChunk = Math.ceil(nextSlot / chunkImagesOf(meta));
  deletes.push(tx.objectStore('chunks').delete(IDBKeyRange.bound([datasetId, firstFreeChunk], [datasetId, Number.MAX_SAFE_INTEGER])));
  deletes.push(tx.objectStore('datasets').put(next));
  await Promise.all([...deletes, tx.done]);
  return next;
}

/**
 * The newest saved Evaluate experiment of a dataset, or undefined: objects of kind 'experiment'
 * hold `{ id, datasetId, datasetName, createdAt, title, status, backend, report }`, where `report`
 * is an EvaluateReport (src/core/evaluate/report.ts; write it with reportToJson / reportToHtml).
 * See workers/evaluate/history.ts.
 */
export async function latestExperiment<T extends { datasetId: string; createdAt: number } = { datasetId: string; createdAt: number; report: unknown }>(
  datasetId: string,
): Promise<T | undefined> {
  const newest = await (await db()).transaction('objects').store.index('byKindDatasetTime').openCursor(experimentsRange(datasetId), 'prev');
  return newest?.value.value as T | undefined;
}

/** A dataset's saved Evaluate experiments (values as latestExperiment describes), oldest first. */
export async function experimentsOf<T>(datasetId: string): Promise<T[]> {
  return (await (await db()).getAllFromIndex('objects', 'byKindDatasetTime', experimentsRange(datasetId))).map((o) => o.value as T);
}

const experimentsRange = (datasetId: string) => IDBKeyRange.bound(['experiment', datasetId, -Infinity], ['experiment', datasetId, Infinity]);
