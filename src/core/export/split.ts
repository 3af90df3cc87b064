/**
 * Train/val/test assignment without leaks: the split is drawn over source images, stratified
 * by class and seeded; every derived image (augmented, or synthetic made from a source) lands
 * in its source's split, and by default only train keeps derived images.
 */
import { CounterRng } from '../rng';
import { SPLITS, type ImageRecord, type SampleKind, type Split } from '../dataset/types';

export interface SplitRatios {
  train: number;
  val: number;
  test: number;
}

export interface SplitOptions {
  /** 'ratios': draw a new split; 'keep': keep the split that came with the data, drawing only the missing ones. */
  mode: 'ratios' | 'keep';
  /** Relative sizes; normalised, so 80/10/10 and 0.8/0.1/0.1 are the same. */
  ratios: SplitRatios;
  seed: number;
  /** Let augmented/synthetic images follow their source into val and test (off by default: it inflates evaluation). */
  derivedInAllSplits: boolean;
}

export const DEFAULT_SPLIT_OPTIONS: SplitOptions = {
  mode: 'ratios',
  ratios: { train: 0.8, val: 0.1, test: 0.1 },
  seed: 0,
  derivedInAllSplits: false,
};

export interface DuplicateMember {
  id: string;
  split: Split;
  label: string;
  kind: SampleKind;
  sourceName: string;
}

/** Images with the same content hash that ended up in different splits. */
export interface DuplicateAcrossSplits {
  hash: string;
  members: DuplicateMember[];
}

export type ExclusionReason = 'derived-outside-train';

export interface SplitAssignment {
  /** The split of every record that may be exported (all records minus `excluded`). */
  splitOf: Map<string, Split>;
  excluded: Array<{ id: string; reason: ExclusionReason }>;
  duplicates: DuplicateAcrossSplits[];
  /** Sentences for the user: what is unusual about this split. */
  warnings: string[];
}

/**
 * Splits `n` items by `ratios` with the largest-remainder method, so the counts sum to `n`
 * and each is within one of its exact share. Ties go to train, then val, then test.
 */
export function allocateCounts(n: number, ratios: SplitRatios): Record<Split, number> {
  const weights = SPLITS.map((s) => ratios[s]);
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new Error(`Split ratios must be finite and non-negative: ${JSON.stringify(ratios)}`);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('Split ratios sum to zero');
  const exact = weights.map((w) => (n * w) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    counts[i]++;
    left--;
  }
  return { train: counts[0], val: counts[1], test: counts[2] };
}

/**
 * Orders a class's images by a seeded per-image key, then cuts by the counts. Keying each image
 * on its own (not shuffling the list) keeps the assignment stable when images are added.
 */
function drawSplits(ids: readonly string[], ratios: SplitRatios, seed: number, into: Map<string, Split>): void {
  const keyed = ids.map((id) => ({ id, key: new CounterRng(seed, 'split', id).next() }));
  keyed.sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counts = allocateCounts(keyed.length, ratios);
  let i = 0;
  for (const split of SPLITS) {
    for (let k = 0; k < counts[split]; k++) into.set(keyed[i++].id, split);
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const quoteLabel = (label: string) => (label === '' ? '(unlabeled)' : `“${label}”`);

/** Assigns every record a split, or excludes it; see the module comment for the rules. */
export function assignSplits(records: readonly ImageRecord[], options: SplitOptions): SplitAssignment {
  const warnings: string[] = [];
  const splitOf = new Map<string, Split>();
  const byId = new Map(records.map((r) => [r.id, r]));
  const sources = records.filter((r) => r.kind === 'original');

  // 1. Sources: kept as they came (mode 'keep'), the rest drawn per class.
  const toDraw = options.mode === 'keep' ? sources.filter((r) => r.split === null) : sources;
  if (options.mode === 'keep') {
    for (const r of sources) if (r.split !== null) splitOf.set(r.id, r.split);
    if (sources.length > 0 && toDraw.length === sources.length) warnings.push('No split came with the data: all images were split by the ratios.');
    else if (toDraw.length > 0) warnings.push(`${toDraw.length} images came without a split and were split by the ratios.`);
  }
  for (const group of groupBy(toDraw, (r) => r.label).values()) drawSplits(group.map((r) => r.id), options.ratios, options.seed, splitOf);
  warnings.push(...missingClassWarnings(sources, splitOf, options));

  // 2. Derived images follow the source at the root of their derivation chain.
  let orphans = 0;
  const excluded: SplitAssignment['excluded'] = [];
  let derivedOutsideTrain = 0;
  for (const r of records) {
    if (r.kind === 'original') continue;
    const root = rootSource(r, byId);
    if (root === 'missing') orphans++;
    const split = root === 'missing' || root === 'none' ? 'train' : splitOf.get(root.id)!;
    if (split !== 'train' && !options.derivedInAllSplits) {
      excluded.push({ id: r.id, reason: 'derived-outside-train' });
      continue;
    }
    if (split !== 'train') derivedOutsideTrain++;
    splitOf.set(r.id, split);
  }
  if (orphans > 0) warnings.push(`${orphans} augmented/synthetic image(s) derive from an image no longer in the workspace: they were put in train.`);
  if (derivedOutsideTrain > 0) {
    warnings.push(
      `${derivedOutsideTrain} augmented/synthetic image(s) are in val or test, following their source. ` +
        'Accuracy measured on them says how well a model fits generated images, not real ones.',
    );
  }

  // 3. Exact duplicates across splits leak test images into training.
  const duplicates = duplicatesAcrossSplits(records.filter((r) => splitOf.has(r.id)), splitOf);
  if (duplicates.length > 0) {
    const images = duplicates.reduce((n, d) => n + d.members.length, 0);
    warnings.push(`${duplicates.length} identical image(s) (same content hash) appear in more than one split (${images} files): evaluation may be optimistic.`);
  }
  return { splitOf, excluded, duplicates, warnings };
}

/** A class absent from a split that is in use makes per-split class indices disagree and metrics undefined. */
function missingClassWarnings(sources: readonly ImageRecord[], splitOf: ReadonlyMap<string, Split>, options: SplitOptions): string[] {
  const inUse = new Set<Split>(options.mode === 'ratios' ? SPLITS.filter((s) => options.ratios[s] > 0) : splitOf.values());
  const out: string[] = [];
  for (const [label, group] of groupBy(sources, (r) => r.label)) {
    const present = new Set(group.map((r) => splitOf.get(r.id)));
    const missing = SPLITS.filter((s) => inUse.has(s) && !present.has(s));
    if (missing.length > 0) out.push(`Class ${quoteLabel(label)} (${group.length} source image(s)) has none in ${missing.join(' or ')}.`);
  }
  return out;
}

/** The original image a derived one comes from, 'none' for synthetic images made from noise, 'missing' if the chain is broken. */
export function rootSource(record: ImageRecord, byId: ReadonlyMap<string, ImageRecord>): ImageRecord | 'none' | 'missing' {
  let r = record;
  const seen = new Set<string>();
  while (r.kind !== 'original') {
    if (r.derivedFrom === undefined) return 'none';
    if (seen.has(r.id)) return 'missing';
    seen.add(r.id);
    const parent = byId.get(r.derivedFrom);
    if (!parent) return 'missing';
    r = parent;
  }
  return r;
}

function duplicatesAcrossSplits(records: readonly ImageRecord[], splitOf: ReadonlyMap<string, Split>): DuplicateAcrossSplits[] {
  const out: DuplicateAcrossSplits[] = [];
  for (const [hash, group] of groupBy(records, (r) => r.hash)) {
    if (hash === '' || group.length < 2) continue;
    const splits = new Set(group.map((r) => splitOf.get(r.id)));
    if (splits.size < 2) continue;
    out.push({
      hash,
      members: group.map((r) => ({ id: r.id, split: splitOf.get(r.id)!, label: r.label, kind: r.kind, sourceName: r.sourceName })),
    });
  }
  return out.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
}
