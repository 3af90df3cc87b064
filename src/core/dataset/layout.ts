/**
 * Works out how a drop is organised from its file paths alone:
 *   ImageFolder         <class>/<image>
 *   ImageFolder+splits  <split>/<class>/<image>   (split ∈ train, val, test and their synonyms)
 *   flat                <image>                   (one unlabeled class)
 * A single wrapping folder (a dropped folder, a zip with one top folder) is peeled off first.
 */
import type { IngestReport, Split } from './types';

export type Layout = IngestReport['layout'];

const SPLIT_NAMES: Record<string, Split> = {
  train: 'train', training: 'train',
  val: 'val', valid: 'val', validation: 'val', dev: 'val',
  test: 'test', testing: 'test',
};

export function splitOf(folder: string): Split | undefined {
  return SPLIT_NAMES[folder.toLowerCase()];
}

export interface Placement {
  label: string;
  split: Split | null;
}

export interface LayoutPlan {
  layout: Layout;
  /** Segments removed from the front of every path (a wrapping folder). */
  root: string;
  /** Folders the layout names as classes (used to report empty classes). */
  classFolders: string[];
  place(path: string): Placement | { tooDeep: string };
}

function strip(segments: string[], rootDepth: number): string[] {
  return segments.slice(rootDepth);
}

/**
 * `files` are image-candidate paths (already checked safe), `folders` any directory paths seen
 * (zip directory entries, dropped empty folders), so empty class folders can be reported.
 */
export function planLayout(files: string[], folders: string[] = []): LayoutPlan {
  const split = (p: string) => p.split('/').filter(Boolean);
  const all = files.map(split);
  // Peel wrapping folders while every file shares the same first folder.
  let rootDepth = 0;
  for (;;) {
    const first = all[0]?.[rootDepth];
    if (first === undefined || all.some((s) => s.length <= rootDepth + 1 || s[rootDepth] !== first)) break;
    if (splitOf(first) && all.every((s) => s.length === rootDepth + 3)) break; // "train/<class>/x" stays a split
    rootDepth++;
  }
  const root = all[0]?.slice(0, rootDepth).join('/') ?? '';
  const rel = all.map((s) => strip(s, rootDepth));
  const depthCounts = new Map<number, number>();
  for (const s of rel) depthCounts.set(s.length, (depthCounts.get(s.length) ?? 0) + 1);
  const splitLike = rel.filter((s) => s.length === 3 && splitOf(s[0])).length;
  const classLike = depthCounts.get(2) ?? 0;
  const flatLike = depthCounts.get(1) ?? 0;

  let layout: Layout;
  if (splitLike > 0 && splitLike >= classLike && splitLike >= flatLike) layout = 'imagefolder-split';
  else if (classLike > 0 && classLike >= flatLike) layout = 'imagefolder';
  else layout = 'flat';

  const expected = layout === 'imagefolder-split' ? 'split/class/image' : layout === 'imagefolder' ? 'class/image' : 'image';
  const classFolders = new Set<string>();
  const relFolders = folders.map((f) => strip(split(f), rootDepth));
  for (const f of relFolders) {
    if (layout === 'imagefolder' && f.length === 1) classFolders.add(f[0]);
    if (layout === 'imagefolder-split' && f.length === 2 && splitOf(f[0])) classFolders.add(f[1]);
  }
  for (const s of rel) {
    if (layout === 'imagefolder' && s.length >= 2) classFolders.add(s[0]);
    if (layout === 'imagefolder-split' && s.length >= 3 && splitOf(s[0])) classFolders.add(s[1]);
  }

  return {
    layout,
    root,
    classFolders: [...classFolders],
    place(path: string) {
      const s = strip(split(path), rootDepth);
      const depth = expected.split('/').length;
      // Named tooDeep for history; a file beside the layout's folders gets a message that says so.
      const tooDeep = {
        tooDeep:
          s.length > depth
            ? `it sits at "${s.join('/')}", deeper than this drop's layout (${expected}); move it up a level or drop its folder on its own`
            : `it sits at "${s.join('/')}", outside this drop's layout (${expected}); move it into a class folder${layout === 'imagefolder-split' ? ' inside train/, val/ or test/' : ''}`,
      };
      if (layout === 'flat') return s.length === 1 ? { label: '', split: null } : tooDeep;
      if (layout === 'imagefolder') {
        if (s.length === 2) return { label: s[0], split: null };
        if (s.length === 1) return { label: '', split: null };
        return tooDeep;
      }
      if (s.length === 3 && splitOf(s[0])) return { label: s[1], split: splitOf(s[0])! };
      if (s.length === 2) return { label: s[0], split: null };
      return tooDeep;
    },
  };
}
