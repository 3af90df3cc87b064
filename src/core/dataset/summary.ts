/** What the Data tab shows about a dataset: class balance, splits, kinds, image sizes, channels. */
import type { ImageRecord, SampleKind, Split } from './types';

export interface ClassCount {
  label: string;
  count: number;
  bySplit: Record<Split | 'none', number>;
  byKind: Record<SampleKind, number>;
}

export interface RangeStats {
  min: number;
  median: number;
  max: number;
}

export interface DatasetSummary {
  total: number;
  classes: ClassCount[];
  bySplit: Record<Split | 'none', number>;
  byKind: Record<SampleKind, number>;
  /** Sizes of the original images (originals only). */
  width: RangeStats;
  height: RangeStats;
  /** Originals by channel count of the source file: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: Record<string, number>;
  /** Originals by file type. */
  mimes: Record<string, number>;
  originalBytes: number;
}

export interface GalleryFilter {
  label?: string;
  split?: Split | 'none';
  kind?: SampleKind;
}

const zeroSplits = () => ({ train: 0, val: 0, test: 0, none: 0 });
const zeroKinds = () => ({ original: 0, augmented: 0, synthetic: 0 });

function range(values: number[]): RangeStats {
  if (!values.length) return { min: 0, median: 0, max: 0 };
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1] };
}

export function summarise(records: ImageRecord[], classOrder: string[]): DatasetSummary {
  const byClass = new Map<string, ClassCount>();
  for (const label of classOrder) byClass.set(label, { label, count: 0, bySplit: zeroSplits(), byKind: zeroKinds() });
  const bySplit = zeroSplits();
  const byKind = zeroKinds();
  const channels: Record<string, number> = {};
  const mimes: Record<string, number> = {};
  const widths: number[] = [];
  const heights: number[] = [];
  let originalBytes = 0;
  for (const r of records) {
    let c = byClass.get(r.label);
    if (!c) byClass.set(r.label, (c = { label: r.label, count: 0, bySplit: zeroSplits(), byKind: zeroKinds() }));
    const split = r.split ?? 'none';
    c.count++;
    c.bySplit[split]++;
    c.byKind[r.kind]++;
    bySplit[split]++;
    byKind[r.kind]++;
    if (r.kind === 'original') {
      widths.push(r.width);
      heights.push(r.height);
      channels[r.channels] = (channels[r.channels] ?? 0) + 1;
      mimes[r.mime] = (mimes[r.mime] ?? 0) + 1;
      originalBytes += r.bytes;
    }
  }
  return {
    total: records.length,
    classes: [...byClass.values()],
    bySplit,
    byKind,
    width: range(widths),
    height: range(heights),
    channels,
    mimes,
    originalBytes,
  };
}

export function matchesFilter(r: ImageRecord, f: GalleryFilter): boolean {
  return (f.label === undefined || r.label === f.label) && (f.split === undefined || (r.split ?? 'none') === f.split) && (f.kind === undefined || r.kind === f.kind);
}

/** Gallery order: by pixel slot, i.e. the order images were imported or made. */
export function bySlot(a: ImageRecord, b: ImageRecord): number {
  return a.chunk - b.chunk || a.slot - b.slot;
}
