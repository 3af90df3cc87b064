import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { ImageRecord, SampleKind, Split } from '../dataset/types';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from './options';
import { planExport, type ImageEntry } from './plan-export';
import { encodePng } from './png-encode';
import { augmentedOf, dataset, originals, parseCsv, record } from './test-fixtures';
import { writeExport, type ExportProgress } from './write-export';

const SIZE = 8;

/** Deterministic working pixels per record id. */
function pixels(id: string): Uint8Array {
  const px = new Uint8Array(SIZE * SIZE * 3);
  let h = 0;
  for (const c of id) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  for (let i = 0; i < px.length; i++) px[i] = (h + i * 37) & 0xff;
  return px;
}

const classes = ['猫', 'dog/wolf', 'Café'];
const sources = [...originals('猫', 12), ...originals('dog/wolf', 9), ...originals('Café', 5)].map((r) => ({
  ...r,
  bytes: 0,
  sourceName: `${r.label}/${r.id}.png`,
}));
const synthetic = [record({ id: 'syn-0', label: 'Café', kind: 'synthetic', sourceName: 'syn-0.png', recipe: { modelId: 'vae', checkpointStep: 5, seed: 1, label: 'Café' } })];
const records: ImageRecord[] = [...sources, ...augmentedOf(sources, 2), ...synthetic];
// The "original files": PNGs of other pixels than the working ones, so the test can tell which were used.
const originalFiles = new Map(sources.map((r) => [r.id, encodePng(pixels(`file:${r.id}`), SIZE, SIZE, 3)]));

async function getImageBytes(e: ImageEntry): Promise<Uint8Array> {
  await new Promise((r) => setTimeout(r, 0)); // async like a canvas encode
  return e.encode === null ? originalFiles.get(e.record.id)! : encodePng(pixels(e.record.id), SIZE, SIZE, 3);
}

function run(opts: ExportOptions, extra: { signal?: AbortSignal; onProgress?: (p: ExportProgress) => void; getImageBytes?: typeof getImageBytes } = {}) {
  const plan = planExport(records, opts, { dataset: dataset(classes, { format: { size: SIZE, channels: 3, fit: 'crop', background: '#000000' } }), toolVersion: '0.1.0', createdAt: Date.UTC(2024, 0, 1) });
  const chunks: Uint8Array[] = [];
  const done = writeExport(plan, {
    getImageBytes: extra.getImageBytes ?? getImageBytes,
    sink: async (c) => {
      chunks.push(c);
    },
    chunkBytes: 4096,
    signal: extra.signal,
    onProgress: extra.onProgress,
    progressIntervalMs: 0,
  });
  const zip = () => {
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return { plan, done, zip };
}

const opts: ExportOptions = { ...DEFAULT_EXPORT_OPTIONS, split: { mode: 'ratios', ratios: { train: 0.6, val: 0.2, test: 0.2 }, seed: 3, derivedInAllSplits: false } };

describe('writeExport: a real zip, read back', () => {
  it('holds exactly the planned files, the bytes asked for, and counts that match the manifest', async () => {
    const progress: ExportProgress[] = [];
    const { plan, done, zip } = run(opts, { onProgress: (p) => progress.push(p) });
    const result = await done;
    expect(result.status).toBe('done');
    const files = unzipSync(zip());
    expect(Object.keys(files).sort()).toEqual(plan.entries.map((e) => e.path).sort());
    expect(result.bytesWritten).toBe(zip().length);

    // every manifest row is a file with the right bytes: original files untouched, the rest encoded from working pixels
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest.files).toHaveLength(plan.rows.length);
    for (const row of manifest.files) {
      const expected = row.encoding === 'original' ? originalFiles.get(row.id)! : encodePng(pixels(row.id), SIZE, SIZE, 3);
      expect(Buffer.compare(files[row.path], expected), row.path).toBe(0);
    }
    // decode one augmented PNG: the working pixels come back
    const aug = manifest.files.find((r: { kind: string }) => r.kind === 'augmented');
    const decoded = PNG.sync.read(Buffer.from(files[aug.path]));
    const want = pixels(aug.id);
    expect(decoded.data[0]).toBe(want[0]);
    expect(decoded.data[4 * 5 + 2]).toBe(want[3 * 5 + 2]);

    // counts per class × split × kind, from the zip's own paths and manifest.csv, agree with manifest.json
    const csv = parseCsv(strFromU8(files['manifest.csv']));
    const col = (n: string) => csv[0].indexOf(n);
    const counted: Record<string, Record<Split, Record<SampleKind, number>>> = {};
    for (const r of csv.slice(1)) {
      const [label, split, kind] = [r[col('label')], r[col('split')] as Split, r[col('kind')] as SampleKind];
      expect(files[r[col('path')]]).toBeDefined();
      counted[label] ??= { train: { original: 0, augmented: 0, synthetic: 0 }, val: { original: 0, augmented: 0, synthetic: 0 }, test: { original: 0, augmented: 0, synthetic: 0 } };
      counted[label][split][kind]++;
    }
    expect(counted).toEqual(manifest.counts);
    // 猫: 12 sources → 7.2/2.4/2.4 → 7/3/2 (largest remainders .4,.4 tie → val), 2 augmented per train source
    expect(manifest.counts['猫'].train).toEqual({ original: 7, augmented: 14, synthetic: 0 });
    expect(manifest.counts['猫'].val).toEqual({ original: 3, augmented: 0, synthetic: 0 });
    expect(manifest.counts['Café'].train.synthetic).toBe(1);

    // unicode and slashes in class names: folders exist, names are UTF-8
    expect(Object.keys(files).some((p) => p.startsWith('train/猫/'))).toBe(true);
    expect(Object.keys(files).some((p) => p.startsWith('train/dog_wolf/'))).toBe(true);
    expect(manifest.classes.find((c: { label: string }) => c.label === 'dog/wolf').folder).toBe('dog_wolf');

    const readme = strFromU8(files['README.md']);
    expect(readme).toContain('datasets.ImageFolder(f"{DATA_DIR}/train"');
    expect(readme).toContain('image_dataset_from_directory');
    expect(readme).toContain('load_dataset("imagefolder", data_dir=DATA_DIR)');

    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ filesDone: plan.entries.length, imagesDone: plan.rows.length, imagesTotal: plan.rows.length, bytesWritten: result.bytesWritten });
    expect(progress.every((p, i) => i === 0 || p.bytesWritten >= progress[i - 1].bytesWritten)).toBe(true);
  });

  it('cancel midway: reports cancelled, stops asking for images, and leaves no valid zip', async () => {
    const ac = new AbortController();
    let asked = 0;
    const { plan, done, zip } = run(opts, {
      signal: ac.signal,
      getImageBytes: (e) => {
        asked++;
        if (asked === 10) ac.abort();
        return getImageBytes(e);
      },
    });
    const result = await done;
    expect(result.status).toBe('cancelled');
    expect(result.imagesWritten).toBeLessThan(10);
    expect(asked).toBeLessThan(10 + 5); // prefetch window, not the whole plan
    expect(asked).toBeLessThan(plan.rows.length);
    expect(() => unzipSync(zip())).toThrow();
  });

  it('an encoder error fails the export (no zip claimed as done)', async () => {
    const { done } = run(opts, {
      getImageBytes: async (e) => {
        if (e.record.kind === 'augmented') throw new Error('encode failed');
        return getImageBytes(e);
      },
    });
    await expect(done).rejects.toThrow('encode failed');
  });

  it('refuses a plan with errors', async () => {
    const { done } = run({ ...opts, include: { original: false, augmented: false, synthetic: false } });
    await expect(done).rejects.toThrow(/Nothing to export/);
  });
});
