/** The images behind a confusion-matrix cell, as bitmaps at working resolution. */
import type { DatasetMeta } from '../../src/core/dataset/types';
import { getDataset, getImage } from '../shared/db';
import { readPixels, toBitmap } from '../shared/pixels';

export async function thumbnails(ids: readonly string[]): Promise<Array<{ id: string; label: string; sourceName: string; bitmap: ImageBitmap }>> {
  const metas = new Map<string, DatasetMeta | undefined>();
  const out: Array<{ id: string; label: string; sourceName: string; bitmap: ImageBitmap }> = [];
  for (const id of ids) {
    const r = await getImage(id);
    if (!r) continue;
    if (!metas.has(r.datasetId)) metas.set(r.datasetId, await getDataset(r.datasetId));
    const meta = metas.get(r.datasetId);
    if (!meta) continue;
    out.push({ id, label: r.label, sourceName: r.sourceName, bitmap: await toBitmap(meta, await readPixels(meta, r)) });
  }
  return out;
}
