/**
 * The order images are written in. The zip's order means nothing to its readers, but reading
 * pixels does: they are stored in chunks of chunkImagesOf(meta) images, and the plan's order (split,
 * class, kind) would visit every chunk once per class and split. Writing images in storage order
 * (an augmented image at its source's place) reads each chunk once and keeps every image's
 * variants together, which is also what batched regeneration wants.
 */
import type { ImageRecord } from '../dataset/types';
import type { ExportEntry, ExportPlan } from './plan-export';
import { rootSource } from './split';

/** Where a record's pixels (or its source's, for derived images) sit in storage. */
function storageKey(record: ImageRecord, byId: ReadonlyMap<string, ImageRecord>): [number, number] {
  const root = record.kind === 'augmented' ? rootSource(record, byId) : record;
  const at = typeof root === 'object' ? root : record;
  return [at.chunk, at.slot];
}

/** The same plan with its image entries in storage order; other entries keep their place before them. */
export function inStorageOrder(plan: ExportPlan, byId: ReadonlyMap<string, ImageRecord>): ExportPlan {
  const others: ExportEntry[] = [];
  const images: Array<{ entry: ExportEntry; chunk: number; slot: number; i: number }> = [];
  plan.entries.forEach((entry, i) => {
    if (entry.type !== 'image') others.push(entry);
    else {
      const [chunk, slot] = storageKey(entry.record, byId);
      images.push({ entry, chunk, slot, i });
    }
  });
  images.sort((a, b) => a.chunk - b.chunk || a.slot - b.slot || a.i - b.i);
  return { ...plan, entries: [...others, ...images.map((x) => x.entry)] };
}
