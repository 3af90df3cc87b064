/** The dataset worker: answers the UI's questions about stored datasets (summaries, gallery pages, one image). */
import * as Comlink from 'comlink';
import { bySlot, matchesFilter, summarise, type DatasetSummary, type GalleryFilter } from '../src/core/dataset/summary';
import type { DatasetMeta, ImageRecord } from '../src/core/dataset/types';
import * as store from './shared/db';
import { forgetChunks, readPixels, toBitmap } from './shared/pixels';

interface Loaded {
  meta: DatasetMeta;
  records: ImageRecord[];
  filtered: Map<string, ImageRecord[]>;
}

const loaded = new Map<string, Promise<Loaded>>();

/** Loads a dataset's records once; a refresh while loading makes the next call load again. */
function load(datasetId: string): Promise<Loaded> {
  let l = loaded.get(datasetId);
  if (!l) {
    l = (async () => {
      const meta = await store.getDataset(datasetId);
      if (!meta) throw new Error('This dataset no longer exists (it was deleted, perhaps in another tab).');
      const records = (await store.getImages(datasetId)).sort(bySlot);
      return { meta, records, filtered: new Map() };
    })();
    loaded.set(datasetId, l);
    l.catch(() => loaded.get(datasetId) === l && loaded.delete(datasetId));
  }
  return l;
}

function filtered(l: Loaded, filter: GalleryFilter): ImageRecord[] {
  const key = JSON.stringify(filter);
  let out = l.filtered.get(key);
  if (!out) {
    out = l.records.filter((r) => matchesFilter(r, filter));
    l.filtered.set(key, out);
  }
  return out;
}

export interface GalleryPage {
  records: ImageRecord[];
  bitmaps: ImageBitmap[];
}

export interface ImageDetail {
  record: ImageRecord;
  bitmap: ImageBitmap;
  original?: Blob;
  derivedFromName?: string;
}

const api = {
  listDatasets: () => store.listDatasets(),

  /** Forgets cached records and pixels: call after another worker changed the dataset. */
  refresh(datasetId?: string): void {
    if (datasetId) loaded.delete(datasetId);
    else loaded.clear();
    forgetChunks(datasetId);
  },

  async summary(datasetId: string): Promise<{ meta: DatasetMeta; summary: DatasetSummary }> {
    const l = await load(datasetId);
    return { meta: l.meta, summary: summarise(l.records, l.meta.classes) };
  },

  async count(datasetId: string, filter: GalleryFilter): Promise<number> {
    return filtered(await load(datasetId), filter).length;
  },

  async page(datasetId: string, filter: GalleryFilter, offset: number, limit: number): Promise<GalleryPage> {
    const l = await load(datasetId);
    const records = filtered(l, filter).slice(offset, offset + limit);
    const bitmaps = await Promise.all(records.map(async (r) => toBitmap(l.meta, await readPixels(l.meta, r))));
    return Comlink.transfer({ records, bitmaps }, bitmaps);
  },

  async image(datasetId: string, id: string): Promise<ImageDetail> {
    const l = await load(datasetId);
    const record = l.records.find((r) => r.id === id);
    if (!record) throw new Error('That image is no longer in the dataset.');
    const bitmap = await toBitmap(l.meta, await readPixels(l.meta, record));
    const original = record.kind === 'original' ? await store.getOriginal(id) : undefined;
    const derivedFromName = record.derivedFrom ? l.records.find((r) => r.id === record.derivedFrom)?.sourceName : undefined;
    return Comlink.transfer({ record, bitmap, original, derivedFromName }, [bitmap]);
  },

  /** The classes of one import with their counts (for the class-mapping step of a merge). */
  async sourceLabels(datasetId: string, sourceId: string): Promise<Array<{ label: string; count: number }>> {
    const counts = new Map<string, number>();
    for (const r of (await load(datasetId)).records) if (r.sourceId === sourceId) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
    return [...counts].map(([label, count]) => ({ label, count }));
  },

  /** Removes every image one import brought in (e.g. an import interrupted by a reload). */
  async removeSource(datasetId: string, sourceId: string): Promise<DatasetMeta> {
    const l = await load(datasetId);
    const gone = l.records.filter((r) => r.sourceId === sourceId);
    l.records = l.records.filter((r) => r.sourceId !== sourceId);
    const used = new Set(l.records.map((r) => r.label));
    l.meta = {
      ...l.meta,
      count: l.records.length,
      sources: l.meta.sources.filter((s) => s.id !== sourceId),
      classes: l.meta.classes.filter((c) => used.has(c)),
    };
    await store.deleteImages(l.meta, gone.map((r) => r.id));
    l.filtered.clear();
    return l.meta;
  },

  /** Marks an interrupted import as kept as it is. */
  async keepSource(datasetId: string, sourceId: string): Promise<DatasetMeta> {
    const l = await load(datasetId);
    l.meta = { ...l.meta, sources: l.meta.sources.map((s) => (s.id === sourceId ? { ...s, complete: true } : s)) };
    await store.putImages(l.meta, []);
    return l.meta;
  },

  /** Deletes everything the workspace holds in this browser. */
  async clearWorkspace(): Promise<void> {
    await store.clearAll();
    api.refresh();
  },

  async deleteDataset(datasetId: string): Promise<void> {
    await store.deleteDataset(datasetId);
    api.refresh(datasetId);
  },

  /**
   * Renames or merges classes: every image labelled with a key of `mapping` gets the value.
   * `sourceId` limits it to the images of one import (the class-mapping step of a merge).
   */
  async relabel(datasetId: string, mapping: Record<string, string>, sourceId?: string): Promise<DatasetMeta> {
    const l = await load(datasetId);
    const changed: ImageRecord[] = [];
    for (const r of l.records) {
      const to = mapping[r.label];
      if (to !== undefined && to !== r.label && (!sourceId || r.sourceId === sourceId)) {
        r.label = to;
        changed.push(r);
      }
    }
    const used = new Set(l.records.map((r) => r.label));
    const mappedAway = (c: string) => mapping[c] !== undefined && mapping[c] !== c;
    const order = l.meta.classes.map((c) => (!sourceId && mappedAway(c) ? mapping[c] : c));
    const classes = [...new Set([...order, ...used])].filter((c) => used.has(c) || !mappedAway(c));
    l.meta = { ...l.meta, classes };
    await store.putImages(l.meta, changed);
    l.filtered.clear();
    return l.meta;
  },

  async renameDataset(datasetId: string, name: string): Promise<DatasetMeta> {
    const l = await load(datasetId);
    l.meta = { ...l.meta, name: name.trim() || l.meta.name };
    await store.putImages(l.meta, []);
    return l.meta;
  },
};

export type DatasetApi = typeof api;
Comlink.expose(api);
