/**
 * Plans an export: which records go in, in which split, under which path, encoded how, plus
 * the manifest, datasheet and layout index files. Pure and cheap (no pixels): the worker runs
 * it to show the summary before exporting, then streams the entries with writeExport().
 */
import { SPLITS, type DatasetMeta, type ImageRecord, type SampleKind, type Split } from '../dataset/types';
import { csvLine } from './csv';
import { renderDatasheet } from './datasheet';
import { manifestExperimentReport, type ExperimentReportInfo } from './experiment-report';
import {
  DATASHEET_PATH,
  HF_METADATA_COLUMNS,
  LABELS_CSV_COLUMNS,
  LABELS_CSV_PATH,
  MANIFEST_CSV_PATH,
  MANIFEST_JSON_PATH,
  hfFileName,
  hfMetadataPath,
  imageDir,
  joinPath,
  looksLikeHfSplit,
} from './layout';
import {
  countTable,
  manifestCsvChunks,
  manifestJsonChunks,
  manifestRow,
  type CountTable,
  type ManifestHeader,
  type ManifestRow,
} from './manifest';
import { IMAGE_FORMAT_EXT, type ExportOptions, type ImageFormat } from './options';
import {
  UniqueNames,
  assertSafeZipPath,
  baseName,
  classFolders,
  collisionKey,
  compareCodePoints,
  splitExtension,
  type ClassFolder,
} from './sanitise';
import { assignSplits, rootSource, type DuplicateAcrossSplits } from './split';

export const TOOL_NAME = 'Augment Studio';

/** A file the worker adds as it is (pipeline.json, albumentations.json, a generator model…). */
export interface ExtraFile {
  /** Relative path with '/' separators, e.g. "models/gen-1/model.json". */
  path: string;
  data: Uint8Array | string;
  /** Deflate it (default: true for text, false for bytes). */
  compress?: boolean;
}

export interface ExportContext {
  dataset: DatasetMeta;
  toolVersion: string;
  /** When the export was made (ms since epoch): in the datasheet, the manifest and every entry's timestamp. */
  createdAt: number;
  extras?: readonly ExtraFile[];
  /** Notes from the caller (e.g. a pipeline that could not be found), shown with the split's warnings and written into README and manifest. */
  warnings?: readonly string[];
  /** The latest Evaluate experiment whose report files are among `extras` (experimentReportExtras): summarised in README, pointed to from manifest.json. */
  experimentReport?: ExperimentReportInfo | null;
}

export interface ImageEntry {
  type: 'image';
  path: string;
  /** Deflate (only for original files in an uncompressed format such as BMP or TIFF). */
  compress: boolean;
  record: ImageRecord;
  /** null: the original file's bytes, untouched; otherwise encode the working pixels in this format. */
  encode: { format: ImageFormat; quality: number } | null;
  row: ManifestRow;
}

export interface TextEntry {
  type: 'text';
  path: string;
  compress: boolean;
  /** The text, produced lazily in pieces (the manifest of 50,000 images is never one string). */
  chunks: () => Iterable<string>;
}

export interface BytesEntry {
  type: 'bytes';
  path: string;
  compress: boolean;
  data: Uint8Array;
}

/** An empty folder, so a class missing from one split still has its folder (same class indices everywhere). */
export interface DirectoryEntry {
  type: 'directory';
  /** Ends with '/'. */
  path: string;
}

export type ExportEntry = ImageEntry | TextEntry | BytesEntry | DirectoryEntry;

/** What the UI shows before exporting; plain data. */
export interface ExportSummary {
  /** Entries in the zip (files and folders). */
  files: number;
  images: number;
  counts: CountTable;
  classes: ClassFolder[];
  /** Derived images left out because their source is in val/test. */
  excludedDerived: number;
  duplicates: DuplicateAcrossSplits[];
  warnings: string[];
  /** Problems that stop the export. */
  errors: string[];
  /** Sum of the original files' sizes that go in untouched (the rest is encoded, size unknown until then). */
  originalBytes: number;
}

export interface ExportPlan {
  entries: ExportEntry[];
  /** The manifest rows, one per image entry, in the same order. */
  rows: ManifestRow[];
  summary: ExportSummary;
  /** Timestamp for every entry (ms). */
  mtime: number;
}

const KINDS: readonly SampleKind[] = ['original', 'augmented', 'synthetic'];

const MIME_EXT: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'image/bmp': '.bmp',
  'image/tiff': '.tif',
  'image/avif': '.avif',
};
// Formats whose bytes are already compressed: deflating them again costs time and gains nothing.
const COMPRESSED_MIMES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);

/** Class labels in display order: the dataset's, then others by code point, unlabeled last. */
function orderLabels(present: ReadonlySet<string>, datasetClasses: readonly string[]): string[] {
  // Matched in NFC: a label typed as "e + combining accent" is the dataset's "é".
  const rank = new Map(datasetClasses.map((c, i) => [c.normalize('NFC'), i]));
  const known = [...present].filter((l) => rank.has(l.normalize('NFC'))).sort((a, b) => rank.get(a.normalize('NFC'))! - rank.get(b.normalize('NFC'))!);
  const knownSet = new Set(known);
  const others = [...present].filter((l) => !knownSet.has(l) && l !== '').sort(compareCodePoints);
  return [...known, ...others, ...(present.has('') ? [''] : [])];
}

function fileStem(record: ImageRecord, byId: ReadonlyMap<string, ImageRecord>): string {
  const stem = splitExtension(baseName(record.sourceName))[0] || record.id;
  if (record.kind === 'original') return stem;
  // A derived image named like its source would read as a copy of it: say what it is.
  const root = rootSource(record, byId);
  const rootStem = typeof root === 'object' ? splitExtension(baseName(root.sourceName))[0] : null;
  if (stem !== rootStem) return stem;
  const recipe = record.recipe as { variant?: number } | undefined;
  return record.kind === 'augmented' ? `${stem}_aug${recipe?.variant ?? ''}` : `${stem}_syn`;
}

function originalExt(record: ImageRecord): string {
  return MIME_EXT[record.mime] ?? (splitExtension(baseName(record.sourceName))[1] || '.bin');
}

export function planExport(records: readonly ImageRecord[], options: ExportOptions, context: ExportContext): ExportPlan {
  const assignment = assignSplits(records, options.split);
  const byId = new Map(records.map((r) => [r.id, r]));
  const order = new Map(records.map((r, i) => [r.id, i]));
  const chosen = records.filter((r) => assignment.splitOf.has(r.id) && options.include[r.kind]);
  const splitOf = (r: ImageRecord) => assignment.splitOf.get(r.id)!;

  const labels = orderLabels(new Set(chosen.map((r) => r.label)), context.dataset.classes);
  // In the HF layout metadata.csv sits beside the class folders: no folder may take its name.
  const classes = classFolders(labels, options.maxNameBytes, options.layout === 'hf-imagefolder' ? ['metadata.csv'] : []);
  const classOf = new Map(classes.map((c) => [c.label, c]));
  const labelRank = new Map(labels.map((l, i) => [l, i]));

  // Files grouped by split, class and kind (as a person browsing the zip expects), else in workspace order.
  chosen.sort(
    (a, b) =>
      SPLITS.indexOf(splitOf(a)) - SPLITS.indexOf(splitOf(b)) ||
      labelRank.get(a.label)! - labelRank.get(b.label)! ||
      KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) ||
      order.get(a.id)! - order.get(b.id)!,
  );

  const namers = new Map<string, UniqueNames>();
  const images: ImageEntry[] = [];
  let originalBytes = 0;
  for (const record of chosen) {
    const split = splitOf(record);
    const cls = classOf.get(record.label)!;
    const dir = imageDir(options.layout, split, cls.folder);
    let namer = namers.get(dir);
    if (!namer) namers.set(dir, (namer = new UniqueNames(options.maxNameBytes)));
    const keepOriginal = record.kind === 'original' && options.originals === 'original-bytes';
    const encode = keepOriginal ? null : { format: options.image.format, quality: options.image.quality };
    const ext = encode ? IMAGE_FORMAT_EXT[encode.format] : originalExt(record);
    const path = joinPath(dir, namer.claim(fileStem(record, byId), ext));
    if (keepOriginal) originalBytes += record.bytes;
    const row = manifestRow(record, { path, split, cls, encoding: encode ? encode.format : 'original' }, byId);
    images.push({ type: 'image', path, compress: keepOriginal && !COMPRESSED_MIMES.has(record.mime), record, encode, row });
  }
  const rows = images.map((e) => e.row);
  const splits = SPLITS.filter((s) => rows.some((r) => r.split === s));

  // Folder layouts: every split gets every class folder, so class indices agree across splits.
  const directories: DirectoryEntry[] = [];
  const splitsWithEmptyClasses: Split[] = [];
  if (options.layout !== 'flat-csv') {
    for (const split of splits) {
      const missing = classes.filter((c) => !namers.has(imageDir(options.layout, split, c.folder)));
      if (missing.length > 0) splitsWithEmptyClasses.push(split);
      for (const c of missing) directories.push({ type: 'directory', path: `${imageDir(options.layout, split, c.folder)}/` });
    }
  }

  const counts = countTable(rows);
  const warnings = [...assignment.warnings, ...(context.warnings ?? [])];
  const presentNfc = new Set(labels.map((l) => l.normalize('NFC')));
  const absent = context.dataset.classes.filter((c) => !presentNfc.has(c.normalize('NFC')));
  if (absent.length > 0) warnings.push(`Class(es) with no image to export, left out: ${absent.map((c) => `“${c}”`).join(', ')}.`);
  const lookalikes = options.layout === 'imagefolder' ? classes.filter((c) => looksLikeHfSplit(c.folder)) : [];
  if (lookalikes.length > 0) {
    warnings.push(
      `Class folder(s) ${lookalikes.map((c) => `“${c.folder}”`).join(', ')} look like split names to Hugging Face datasets: ` +
        'load_dataset("imagefolder") would also put their images into that split. torchvision and Keras are not affected; for Hugging Face use the layout with metadata.csv.',
    );
  }
  const createdAt = new Date(context.createdAt).toISOString();
  const excludedDerived = assignment.excluded.length;

  const datasheet = () =>
    renderDatasheet({
      datasetName: context.dataset.name,
      toolName: TOOL_NAME,
      toolVersion: context.toolVersion,
      createdAt,
      options,
      workingFormat: context.dataset.format,
      classes,
      counts,
      warnings,
      splits,
      extensions: [...new Set(rows.map((r) => splitExtension(r.path)[1]))],
      extraFiles: (context.extras ?? []).map((x) => x.path),
      excludedDerived,
      splitsWithEmptyClasses,
      experimentReport: context.experimentReport ?? null,
    });
  const header: ManifestHeader = {
    format: 'augment-studio-export',
    version: 1,
    tool: { name: TOOL_NAME, version: context.toolVersion },
    createdAt,
    dataset: { id: context.dataset.id, name: context.dataset.name, workingFormat: context.dataset.format },
    layout: options.layout,
    options,
    classes,
    counts,
    warnings,
    duplicatesAcrossSplits: assignment.duplicates,
    ...(context.experimentReport ? { experimentReport: manifestExperimentReport(context.experimentReport) } : {}),
  };

  const text = (path: string, chunks: () => Iterable<string>): TextEntry => ({ type: 'text', path, compress: true, chunks });
  const meta: ExportEntry[] = [
    text(DATASHEET_PATH, () => [datasheet()]),
    text(MANIFEST_JSON_PATH, () => manifestJsonChunks(header, rows)),
    text(MANIFEST_CSV_PATH, () => manifestCsvChunks(rows)),
  ];
  if (options.layout === 'hf-imagefolder') {
    for (const split of splits) {
      meta.push(
        text(hfMetadataPath(split), function* () {
          yield csvLine(HF_METADATA_COLUMNS);
          for (const r of rows) if (r.split === split) yield csvLine([hfFileName(r.path, split), r.label]);
        }),
      );
    }
  } else if (options.layout === 'flat-csv') {
    meta.push(
      text(LABELS_CSV_PATH, function* () {
        yield csvLine(LABELS_CSV_COLUMNS);
        for (const r of rows) yield csvLine([r.path, r.label, r.split]);
      }),
    );
  }
  for (const x of context.extras ?? []) {
    meta.push(
      typeof x.data === 'string'
        ? { type: 'text', path: x.path, compress: x.compress ?? true, chunks: ((s: string) => () => [s])(x.data) }
        : { type: 'bytes', path: x.path, compress: x.compress ?? false, data: x.data },
    );
  }

  const entries: ExportEntry[] = [...meta, ...directories, ...images];
  checkPaths(entries);
  const errors: string[] = [];
  if (images.length === 0) errors.push('Nothing to export: no image matches the chosen kinds.');
  return {
    entries,
    rows,
    mtime: context.createdAt,
    summary: {
      files: entries.length,
      images: images.length,
      counts,
      classes,
      excludedDerived,
      duplicates: assignment.duplicates,
      warnings,
      errors,
      originalBytes,
    },
  };
}

/** Every path safe and unique (case-insensitively: Windows and macOS would merge them on extraction). */
function checkPaths(entries: readonly ExportEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    assertSafeZipPath(e.path);
    const key = collisionKey(e.path);
    if (seen.has(key)) throw new Error(`Two files in the export share the path ${JSON.stringify(e.path)}`);
    seen.add(key);
  }
}
