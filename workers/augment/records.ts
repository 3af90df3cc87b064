/**
 * The augment worker's view of a dataset: its meta and records, loaded once and kept until the
 * workspace revision the UI passes changes (or this worker changes the dataset itself), plus the
 * lookups previews and materialising need (originals per split: the mixing partner pools).
 */
import { bySlot } from '../../src/core/dataset/summary';
import type { DatasetMeta, ImageRecord, Split } from '../../src/core/dataset/types';
import { getDataset, getImages } from '../shared/db';
import { forgetChunks } from '../shared/pixels';

export type SplitKey = Split | 'none';

export interface DatasetView {
  meta: DatasetMeta;
  records: ImageRecord[];
  byId: Map<string, ImageRecord>;
  /** Original images of each split, in slot order: a sample's mixing partners come from its own split. */
  pools: Map<SplitKey, string[]>;
}

const cache = new Map<string, { revision: number | undefined; view: Promise<DatasetView> }>();

export function splitKey(r: ImageRecord): SplitKey {
  return r.split ?? 'none';
}

function build(meta: DatasetMeta, records: ImageRecord[]): DatasetView {
  records.sort(bySlot);
  const pools = new Map<SplitKey, string[]>();
  for (const r of records) {
    if (r.kind !== 'original') continue;
    const k = splitKey(r);
    if (!pools.has(k)) pools.set(k, []);
    pools.get(k)!.push(r.id);
  }
  return { meta, records, byId: new Map(records.map((r) => [r.id, r])), pools };
}

/** The dataset as stored; reloaded when `revision` differs from the one it was loaded at. */
export function datasetView(datasetId: string, revision?: number): Promise<DatasetView> {
  const hit = cache.get(datasetId);
  if (hit && (revision === undefined || hit.revision === revision)) return hit.view;
  forgetChunks(datasetId);
  const view = (async () => {
    const meta = await getDataset(datasetId);
    if (!meta) throw new Error('This dataset no longer exists (it was deleted, perhaps in another tab).');
    return build(meta, await getImages(datasetId));
  })();
  cache.set(datasetId, { revision, view });
  view.catch(() => cache.get(datasetId)?.view === view && cache.delete(datasetId));
  return view;
}

/** After this worker changed the dataset: the new meta and records replace the cached view. */
export function updateView(datasetId: string, meta: DatasetMeta, records: ImageRecord[]): void {
  const hit = cache.get(datasetId);
  cache.set(datasetId, { revision: hit?.revision, view: Promise.resolve(build(meta, records)) });
}

export function forgetView(datasetId?: string): void {
  if (datasetId) cache.delete(datasetId);
  else cache.clear();
  forgetChunks(datasetId);
}
