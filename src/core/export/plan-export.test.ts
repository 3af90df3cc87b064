import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../dataset/types';
import type { Layout } from './layout';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from './options';
import { planExport, type ExportContext, type ImageEntry, type TextEntry } from './plan-export';
import { assertSafeZipPath, collisionKey } from './sanitise';
import { dataset, parseCsv, record } from './test-fixtures';

const CREATED = Date.UTC(2024, 4, 6, 7, 8, 10);
const ctx = (classes: string[], extra: Partial<ExportContext> = {}): ExportContext => ({
  dataset: dataset(classes),
  toolVersion: '0.1.0',
  createdAt: CREATED,
  ...extra,
});
const options = (p: Partial<ExportOptions> = {}): ExportOptions => ({
  ...DEFAULT_EXPORT_OPTIONS,
  split: { ...DEFAULT_EXPORT_OPTIONS.split, mode: 'keep' },
  ...p,
});

/** Splits fixed by the data (mode 'keep'), so paths are exact. */
const FIXTURE: ImageRecord[] = [
  record({ id: 'c1', label: 'cat', split: 'train', sourceName: 'cat/001.png' }),
  record({ id: 'c2', label: 'cat', split: 'val', sourceName: 'cat/002.jpg', mime: 'image/jpeg' }),
  record({ id: 'd1', label: 'dog', split: 'test', sourceName: 'dog/001.png' }),
  record({ id: 'd2', label: 'dog', split: 'train', sourceName: 'dogs\\Photo.PNG' }),
  record({
    id: 'a0',
    label: 'cat',
    kind: 'augmented',
    derivedFrom: 'c1',
    sourceName: 'cat/001.png', // named like its source: gets a suffix
    recipe: { pipelineId: 'pipe-1', seed: 7, variant: 0, plan: [{ name: 'rotate', params: { angle: 12.5 } }] },
  }),
  record({ id: 'a1', label: 'cat', kind: 'augmented', derivedFrom: 'c2', sourceName: 'c2_aug.png', recipe: { pipelineId: 'pipe-1', seed: 7, variant: 0, plan: [] } }),
  record({
    id: 's1',
    label: 'dog',
    kind: 'synthetic',
    sourceName: 'gen/dog-0.png',
    recipe: { modelId: 'dcgan-1', checkpointStep: 1200, seed: 99, label: 'dog' },
  }),
];

const paths = (layout: Layout, p: Partial<ExportOptions> = {}) => planExport(FIXTURE, options({ layout, ...p }), ctx(['cat', 'dog'])).entries.map((e) => e.path);

function text(entry: TextEntry | undefined): string {
  return [...entry!.chunks()].join('');
}

describe('layouts: the exact paths', () => {
  it('ImageFolder: split/class/file, an empty folder where a split lacks a class', () => {
    expect(paths('imagefolder')).toEqual([
      'README.md',
      'manifest.json',
      'manifest.csv',
      'val/dog/',
      'test/cat/',
      'train/cat/001.png',
      'train/cat/001_aug0.png',
      'train/dog/Photo.png',
      'train/dog/dog-0.png',
      'val/cat/002.jpg',
      'test/dog/001.png',
    ]);
  });

  it('Hugging Face imagefolder: the same files plus <split>/metadata.csv with file_name relative to it', () => {
    const plan = planExport(FIXTURE, options({ layout: 'hf-imagefolder' }), ctx(['cat', 'dog']));
    expect(plan.entries.map((e) => e.path)).toEqual([
      'README.md',
      'manifest.json',
      'manifest.csv',
      'train/metadata.csv',
      'val/metadata.csv',
      'test/metadata.csv',
      'val/dog/',
      'test/cat/',
      'train/cat/001.png',
      'train/cat/001_aug0.png',
      'train/dog/Photo.png',
      'train/dog/dog-0.png',
      'val/cat/002.jpg',
      'test/dog/001.png',
    ]);
    const meta = (p: string) => text(plan.entries.find((e) => e.path === p) as TextEntry);
    expect(meta('train/metadata.csv')).toBe('file_name,label\r\ncat/001.png,cat\r\ncat/001_aug0.png,cat\r\ndog/Photo.png,dog\r\ndog/dog-0.png,dog\r\n');
    expect(meta('val/metadata.csv')).toBe('file_name,label\r\ncat/002.jpg,cat\r\n');
    expect(meta('test/metadata.csv')).toBe('file_name,label\r\ndog/001.png,dog\r\n');
  });

  it('flat CSV: images/ with names unique across classes, and labels.csv', () => {
    const plan = planExport(FIXTURE, options({ layout: 'flat-csv' }), ctx(['cat', 'dog']));
    expect(plan.entries.map((e) => e.path)).toEqual([
      'README.md',
      'manifest.json',
      'manifest.csv',
      'labels.csv',
      'images/001.png',
      'images/001_aug0.png',
      'images/Photo.png',
      'images/dog-0.png',
      'images/002.jpg',
      'images/001-2.png', // test/dog/001.png collides with cat's 001.png
    ]);
    expect(text(plan.entries.find((e) => e.path === 'labels.csv') as TextEntry)).toBe(
      'path,label,split\r\n' +
        'images/001.png,cat,train\r\nimages/001_aug0.png,cat,train\r\nimages/Photo.png,dog,train\r\n' +
        'images/dog-0.png,dog,train\r\nimages/002.jpg,cat,val\r\nimages/001-2.png,dog,test\r\n',
    );
  });

  it('re-encoded originals take the export format and extension', () => {
    const plan = planExport(FIXTURE, options({ originals: 're-encode', image: { format: 'webp', quality: 0.8 } }), ctx(['cat', 'dog']));
    const images = plan.entries.filter((e): e is ImageEntry => e.type === 'image');
    expect(images.map((e) => e.path)).toContain('val/cat/002.webp');
    expect(images.every((e) => e.encode?.format === 'webp' && e.encode.quality === 0.8 && !e.compress)).toBe(true);
  });

  it('original bytes: kept untouched (encode null); uncompressed formats are deflated', () => {
    const bmp = record({ id: 'b', label: 'cat', split: 'train', sourceName: 'x.bmp', mime: 'image/bmp' });
    const plan = planExport([bmp, ...FIXTURE], options(), ctx(['cat', 'dog']));
    const byPath = new Map(plan.entries.map((e) => [e.path, e]));
    expect((byPath.get('train/cat/x.bmp') as ImageEntry).compress).toBe(true);
    expect((byPath.get('train/cat/x.bmp') as ImageEntry).encode).toBeNull();
    expect((byPath.get('train/cat/001.png') as ImageEntry).compress).toBe(false);
    expect((byPath.get('train/cat/001_aug0.png') as ImageEntry).encode).toEqual({ format: 'png', quality: 0.92 });
  });
});

describe('manifest rows', () => {
  const plan = planExport(FIXTURE, options(), ctx(['cat', 'dog']));
  const images = plan.entries.filter((e): e is ImageEntry => e.type === 'image');

  it('match the image files one to one, in order', () => {
    expect(plan.rows.map((r) => r.path)).toEqual(images.map((e) => e.path));
    expect(new Set(plan.rows.map((r) => r.id)).size).toBe(plan.rows.length);
    expect(plan.rows.map((r) => r.id).sort()).toEqual(['a0', 'c1', 'c2', 'd1', 'd2', 's1']); // a1's source is in val
    expect(plan.summary.excludedDerived).toBe(1);
  });

  it('carry source, hash and recipe', () => {
    const row = (id: string) => plan.rows.find((r) => r.id === id)!;
    expect(row('c2')).toMatchObject({
      path: 'val/cat/002.jpg',
      label: 'cat',
      class_folder: 'cat',
      class_index: 0,
      split: 'val',
      kind: 'original',
      source_id: 'c2',
      original_file_name: 'cat/002.jpg',
      content_hash: 'hash-c2',
      encoding: 'original',
      pipeline_id: null,
      model_id: null,
    });
    expect(row('a0')).toMatchObject({
      kind: 'augmented',
      source_id: 'c1',
      original_file_name: 'cat/001.png',
      encoding: 'png',
      pipeline_id: 'pipe-1',
      seed: 7,
      variant: 0,
      plan: [{ name: 'rotate', params: { angle: 12.5 } }],
      model_id: null,
    });
    expect(row('s1')).toMatchObject({
      kind: 'synthetic',
      source_id: null,
      original_file_name: '',
      class_index: 1,
      model_id: 'dcgan-1',
      checkpoint_step: 1200,
      seed: 99,
      synthetic_class: 'dog',
      pipeline_id: null,
      plan: null,
    });
  });

  it('manifest.json parses, and its files are the rows; manifest.csv reads back to the same cells', () => {
    const json = JSON.parse(text(plan.entries.find((e) => e.path === 'manifest.json') as TextEntry));
    expect(json.format).toBe('augment-studio-export');
    expect(json.createdAt).toBe('2024-05-06T07:08:10.000Z');
    expect(json.files).toEqual(JSON.parse(JSON.stringify(plan.rows)));
    expect(json.classes).toEqual([
      { label: 'cat', folder: 'cat', index: 0 },
      { label: 'dog', folder: 'dog', index: 1 },
    ]);
    expect(json.counts.cat.train).toEqual({ original: 1, augmented: 1, synthetic: 0 });
    const csv = parseCsv(text(plan.entries.find((e) => e.path === 'manifest.csv') as TextEntry));
    expect(csv[0]).toContain('path');
    expect(csv.length).toBe(plan.rows.length + 1);
    const a0 = csv.find((r) => r.includes('a0'))!;
    const col = (name: string) => a0[csv[0].indexOf(name)];
    expect(JSON.parse(col('plan'))).toEqual([{ name: 'rotate', params: { angle: 12.5 } }]);
    expect(col('seed')).toBe('7');
    expect(col('model_id')).toBe('');
  });

  it('an empty manifest is still valid JSON', () => {
    const p = planExport([], options(), ctx(['cat']));
    expect(JSON.parse(text(p.entries.find((e) => e.path === 'manifest.json') as TextEntry)).files).toEqual([]);
    expect(p.summary.errors[0]).toMatch(/Nothing to export/);
  });
});

describe('nasty class and file names', () => {
  const nasty = ['猫', 'a/b', 'con', 'Cafe\u0301', 'café', '..', 'tab\tname', '🐱'.repeat(40)];
  const recs = nasty.flatMap((label, i) => [
    record({ id: `n${i}`, label, split: 'train', sourceName: `../../etc/${label}/passwd.png` }),
    record({ id: `m${i}`, label, split: 'train', sourceName: `C:\\Users\\x\\${'y'.repeat(300)}.png` }),
  ]);
  const plan = planExport(recs, options(), ctx(nasty));

  it('every path is safe and unique case-insensitively; folders map back to the class names', () => {
    for (const e of plan.entries) expect(() => assertSafeZipPath(e.path)).not.toThrow();
    const keys = plan.entries.map((e) => collisionKey(e.path));
    expect(new Set(keys).size).toBe(keys.length);
    const folders = plan.summary.classes;
    expect(folders.map((c) => c.label)).toEqual(nasty);
    expect(folders.map((c) => c.folder).slice(0, 7)).toEqual(['猫', 'a_b', 'con_', 'Café', 'café-2', '_', 'tab_name']);
    for (const row of plan.rows) {
      const cls = folders.find((c) => c.label === row.label)!;
      expect(row.path.startsWith(`train/${cls.folder}/`)).toBe(true);
      expect(row.class_folder).toBe(cls.folder);
    }
    // the sanitised file names: the last path segment only, capped
    expect(plan.rows.find((r) => r.id === 'n0')!.path).toBe('train/猫/passwd.png');
    expect(plan.rows.find((r) => r.id === 'm0')!.path).toBe(`train/猫/${'y'.repeat(96)}.png`);
  });
});

describe('options and warnings', () => {
  it('include switches: 0 augmented, 0 synthetic', () => {
    const plan = planExport(FIXTURE, options({ include: { original: true, augmented: false, synthetic: false } }), ctx(['cat', 'dog']));
    expect(plan.rows.every((r) => r.kind === 'original')).toBe(true);
    expect(plan.rows).toHaveLength(4);
  });

  it('an empty class is left out with a warning; ratios mode splits sources', () => {
    const recs = Array.from({ length: 10 }, (_, i) => record({ id: `c${i}`, label: 'cat' }));
    const plan = planExport(recs, { ...DEFAULT_EXPORT_OPTIONS }, ctx(['cat', 'zebra']));
    expect(plan.summary.classes.map((c) => c.label)).toEqual(['cat']);
    expect(plan.summary.warnings.some((w) => w.includes('“zebra”'))).toBe(true);
    expect(plan.summary.counts.cat).toEqual({
      train: { original: 8, augmented: 0, synthetic: 0 },
      val: { original: 1, augmented: 0, synthetic: 0 },
      test: { original: 1, augmented: 0, synthetic: 0 },
    });
  });

  it('extra files go in as given; a clash with a reserved path throws', () => {
    const extras = [
      { path: 'pipeline.json', data: '{"v":1}' },
      { path: 'models/gen/weights.bin', data: new Uint8Array([1, 2, 3]) },
    ];
    const plan = planExport(FIXTURE, options(), ctx(['cat', 'dog'], { extras }));
    expect(plan.entries.find((e) => e.path === 'models/gen/weights.bin')).toMatchObject({ type: 'bytes', compress: false });
    expect(() => planExport(FIXTURE, options(), ctx(['cat', 'dog'], { extras: [{ path: 'Manifest.JSON', data: '' }] }))).toThrow(/share the path/);
    expect(() => planExport(FIXTURE, options(), ctx(['cat', 'dog'], { extras: [{ path: '../x', data: '' }] }))).toThrow(/Unsafe/);
  });

  it('a label that differs from the dataset class only in normalisation is that class', () => {
    const recs = [record({ id: 'x', label: 'Cafe\u0301', split: 'train' }), record({ id: 'y', label: 'zz', split: 'train' })];
    const plan = planExport(recs, options(), ctx(['zz', 'Caf\u00e9']));
    expect(plan.summary.classes.map((c) => c.folder)).toEqual(['zz', 'Caf\u00e9']);
    expect(plan.summary.warnings.filter((w) => w.includes('no image to export'))).toEqual([]);
    expect(text(plan.entries[0] as TextEntry)).not.toContain('## Class folders');
  });

  it('a class folder never takes the name of HF metadata.csv', () => {
    const recs = [record({ id: 'x', label: 'metadata.csv', split: 'train' })];
    const plan = planExport(recs, options({ layout: 'hf-imagefolder' }), ctx(['metadata.csv']));
    expect(plan.rows[0].path).toBe('train/metadata.csv-2/x.png');
  });
});
