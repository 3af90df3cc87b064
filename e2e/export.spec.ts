/**
 * Exporting: the zip a user downloads (or writes into a file they chose) holds exactly what the
 * manifest says, with the right bytes and pixels, re-imports to the same classes, keeps unicode
 * and slash-containing class names, regenerates augmented images from their plans, and a cancelled
 * export leaves nothing claimed as done.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { compose, pipeline, pipelineToJson, plan, transformNode } from '../src/core/pipeline';
import { expect, expectClassCounts, openApp, skippedFiles, test, waitForImport } from './app';
import { imageFolder, png, zip } from './fixtures';

interface Row {
  path: string;
  label: string;
  class_folder: string;
  class_index: number;
  split: 'train' | 'val' | 'test';
  kind: 'original' | 'augmented' | 'synthetic';
  id: string;
  source_id: string | null;
  original_file_name: string;
  content_hash: string;
  encoding: string;
  pipeline_id: string | null;
  seed: number | null;
  variant: number | null;
  plan: { sampleId: string; steps: Array<{ name: string; params: Record<string, unknown> }> } | null;
}

interface Manifest {
  classes: Array<{ label: string; folder: string; index: number }>;
  counts: Record<string, Record<string, Record<string, number>>>;
  options: { layout: string; split: { mode: string; seed: number } };
  warnings: string[];
  files: Row[];
}

interface Exported {
  bytes: Buffer;
  files: Record<string, Uint8Array>;
  manifest: Manifest;
}

function readZip(bytes: Buffer): Exported {
  const files = unzipSync(new Uint8Array(bytes));
  return { bytes, files, manifest: JSON.parse(strFromU8(files['manifest.json'])) as Manifest };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Entry names and their general-purpose flags, read from the central directory by hand. */
function centralDirectory(zipBytes: Buffer): Array<{ name: string; utf8Flag: boolean }> {
  const eocd = zipBytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zipBytes.readUInt16LE(eocd + 10);
  let at = zipBytes.readUInt32LE(eocd + 16);
  const out: Array<{ name: string; utf8Flag: boolean }> = [];
  for (let i = 0; i < count; i++) {
    expect(zipBytes.readUInt32LE(at)).toBe(0x02014b50);
    const flags = zipBytes.readUInt16LE(at + 8);
    const nameLen = zipBytes.readUInt16LE(at + 28);
    const extraLen = zipBytes.readUInt16LE(at + 30);
    const commentLen = zipBytes.readUInt16LE(at + 32);
    out.push({ name: zipBytes.subarray(at + 46, at + 46 + nameLen).toString('utf8'), utf8Flag: (flags & 0x800) !== 0 });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Image entries of the zip (not folders, not the metadata files). */
function imagePaths(files: Record<string, Uint8Array>): string[] {
  return Object.keys(files).filter((p) => /\.(png|jpe?g|webp)$/i.test(p));
}

/** class label → split → kind → count, from the rows. */
function countRows(rows: readonly Row[]): Record<string, Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const r of rows) {
    const c = (out[r.label] ??= {});
    const s = (c[r.split] ??= {});
    s[r.kind] = (s[r.kind] ?? 0) + 1;
  }
  return out;
}

/** Largest-remainder split of n by 80/10/10, ties to train then val (what the issue asks for). */
function expectedSplit(n: number): Record<'train' | 'val' | 'test', number> {
  const exact = [0.8 * n, 0.1 * n, 0.1 * n];
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const i of order) if (left-- > 0) counts[i]++;
  return { train: counts[0], val: counts[1], test: counts[2] };
}

function rgbOf(pngBytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const img = PNG.sync.read(Buffer.from(pngBytes));
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) rgb.set(img.data.subarray(i * 4, i * 4 + 3), i * 3);
  return { width: img.width, height: img.height, rgb };
}

// The "ready for offline use" toast sits at the bottom right: dismiss it whenever it gets in the way.
test.beforeEach(async ({ page }) => {
  const toast = page.getByTestId('offline-ready');
  await page.addLocatorHandler(toast, async () => {
    await toast.getByRole('button').click();
  });
});

async function openExportTab(page: Page): Promise<void> {
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('export-summary')).toBeVisible();
  const download = page.getByTestId('export-save-download');
  if (await download.count()) await download.check();
}

/** Waits for the summary to reflect the current options (it is debounced). */
async function settledSummary(page: Page) {
  const summary = page.getByTestId('export-summary');
  await expect(summary).not.toHaveClass(/stale/);
  await expect(page.getByTestId('export-start')).toBeEnabled();
  return summary;
}

/** Clicks Start and reads the download back. */
async function exportAndDownload(page: Page): Promise<Exported> {
  await settledSummary(page);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-start').click()]);
  await expect(page.getByTestId('export-result')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  return readZip(readFileSync((await download.path())!));
}

/** The workspace's records, straight from IndexedDB. */
async function storedRecords(page: Page): Promise<Array<Record<string, unknown> & { id: string; label: string; chunk: number; slot: number; datasetId: string; sourceName: string }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('images').objectStore('images').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

test('ImageFolder export: files match the manifest one to one, bytes and pixels are right, and it re-imports to the same classes', async ({ page }) => {
  await openApp(page);
  const counts = { 猫: 30, café: 25, dog: 35 };
  // 28×28 grey PNGs: imported at 28×28×1, so re-encoded images must equal the source pixels exactly.
  const fixture: Record<string, Uint8Array> = {};
  let seed = 1;
  for (const [cls, n] of Object.entries(counts)) for (let i = 0; i < n; i++) fixture[`pets/${cls}/${cls}_${i}.png`] = png(28, 28, seed++, true);
  await page.getByTestId('import-files').setInputFiles({ name: 'pets.zip', mimeType: 'application/zip', buffer: zip(fixture) });
  expect(await waitForImport(page)).toEqual({ imported: 90, skipped: 0 });

  await openExportTab(page);
  await page.getByTestId('export-seed').fill('7');
  const summary = await settledSummary(page);
  await expect(summary).toHaveAttribute('data-images', '90');
  for (const [cls, n] of Object.entries(counts)) {
    const e = expectedSplit(n);
    const row = summary.locator(`[data-testid=export-class][data-class="${cls}"]`);
    for (const split of ['train', 'val', 'test'] as const) await expect(row.locator(`[data-split=${split}]`)).toHaveAttribute('data-original', String(e[split]));
  }

  const first = await exportAndDownload(page);
  const { files, manifest } = first;
  // One to one: every image in the zip has a manifest row and every row a file.
  const images = imagePaths(files).sort();
  expect(manifest.files.map((r) => r.path).sort()).toEqual(images);
  expect(images).toHaveLength(90);
  for (const name of ['README.md', 'manifest.json', 'manifest.csv']) expect(files[name], name).toBeDefined();
  // Counts per class × split × kind: from the paths, from the rows, and in the manifest header agree.
  const folderToLabel = new Map(manifest.classes.map((c) => [c.folder, c.label]));
  const fromPaths: Row[] = images.map((p) => {
    const [split, folder] = p.split('/');
    return { label: folderToLabel.get(folder)!, split, kind: 'original' } as Row;
  });
  expect(countRows(fromPaths)).toEqual(countRows(manifest.files));
  for (const [cls, n] of Object.entries(counts)) {
    const e = expectedSplit(n);
    expect(manifest.counts[cls]).toEqual({
      train: { original: e.train, augmented: 0, synthetic: 0 },
      val: { original: e.val, augmented: 0, synthetic: 0 },
      test: { original: e.test, augmented: 0, synthetic: 0 },
    });
  }
  // Originals are their own bytes, untouched, and the hash says so.
  for (const r of manifest.files) {
    expect(r.encoding).toBe('original');
    expect(Buffer.from(files[r.path]).equals(Buffer.from(fixture[r.original_file_name])), r.path).toBe(true);
    expect(r.content_hash).toBe(sha256(fixture[r.original_file_name]));
    expect(r.path.startsWith(`${r.split}/${r.class_folder}/`)).toBe(true);
  }
  // Unicode class names: kept as UTF-8 (NFC), with the zip's UTF-8 flag on exactly the non-ASCII names.
  const cd = centralDirectory(first.bytes);
  expect(cd.some((e) => e.name.startsWith('train/猫/'))).toBe(true);
  expect(cd.some((e) => e.name.startsWith('train/café/'))).toBe(true);
  for (const e of cd) expect(e.utf8Flag, e.name).toBe(/[^\x00-\x7f]/.test(e.name));
  // manifest.csv has the same rows.
  const csv = Papa.parse<Record<string, string>>(strFromU8(files['manifest.csv']), { header: true, skipEmptyLines: true });
  expect(csv.data.map((r) => r.path).sort()).toEqual(images);
  expect(csv.data.find((r) => r.path === manifest.files[0].path)?.content_hash).toBe(manifest.files[0].content_hash);
  // Options persist across a reload.
  await page.reload();
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('export-seed')).toHaveValue('7');

  // Re-encoded at the working resolution: PNGs whose pixels are the source pixels.
  await page.getByTestId('export-originals').selectOption('re-encode');
  const second = await exportAndDownload(page);
  const rows = second.manifest.files;
  expect(rows).toHaveLength(90);
  // The same seed gives the same split.
  expect(new Map(rows.map((r) => [r.id, r.split]))).toEqual(new Map(manifest.files.map((r) => [r.id, r.split])));
  for (const r of rows.filter((_, i) => i % 9 === 0)) {
    expect(r.encoding).toBe('png');
    const got = rgbOf(second.files[r.path]);
    const want = rgbOf(fixture[r.original_file_name]);
    expect([got.width, got.height]).toEqual([28, 28]);
    expect(Buffer.from(got.rgb).equals(Buffer.from(want.rgb)), r.path).toBe(true);
    // A grey working format is written as a grey PNG (colour type 0).
    expect(second.files[r.path][25]).toBe(0);
  }

  // Round trip: the first zip, imported as a new dataset, has the same classes and counts.
  await page.getByTestId('tab-data').click();
  await page.getByTestId('import-as-new').check();
  await page.getByTestId('import-files').setInputFiles({ name: 'exported.zip', mimeType: 'application/zip', buffer: first.bytes });
  expect(await waitForImport(page)).toEqual({ imported: 90, skipped: 3 });
  // The only files skipped are the export's own metadata.
  expect(Object.keys(await skippedFiles(page)).sort()).toEqual(['README.md', 'manifest.csv', 'manifest.json']);
  await expectClassCounts(page, counts);
  const stats = page.getByTestId('dataset-stats');
  const all = Object.values(counts).map(expectedSplit);
  const total = (s: 'train' | 'val' | 'test') => all.reduce((n, e) => n + e[s], 0);
  await expect(stats).toContainText(`train ${total('train')} · val ${total('val')} · test ${total('test')}`);
});

test('keep the data’s split, Hugging Face layout, slash and unicode class names, classes missing from a split', async ({ page }) => {
  await openApp(page);
  const a = {
    ...imageFolder({ shirt: 6, rare: 3 }, 28, 'a/train/'),
    ...imageFolder({ shirt: 2 }, 28, 'a/val/'),
    ...imageFolder({ shirt: 2 }, 28, 'a/test/'),
  };
  await page.getByTestId('import-files').setInputFiles({ name: 'a.zip', mimeType: 'application/zip', buffer: zip(a) });
  await waitForImport(page);
  // A second source whose classes are renamed to names a folder cannot have.
  const b = { ...imageFolder({ tee: 4, neko: 2 }, 28, 'b/train/'), ...imageFolder({ tee: 1, neko: 1 }, 28, 'b/test/') };
  await page.getByTestId('import-files').setInputFiles({ name: 'b.zip', mimeType: 'application/zip', buffer: zip(b) });
  await waitForImport(page);
  await page.getByTestId('merge-target-tee').fill('T-shirt/top');
  await page.getByTestId('merge-target-neko').fill('ねこ/猫 ✓');
  await page.getByTestId('merge-apply').click();
  await expectClassCounts(page, { shirt: 10, rare: 3, 'T-shirt/top': 5, 'ねこ/猫 ✓': 3 });

  await openExportTab(page);
  await page.getByTestId('export-layout').selectOption('hf-imagefolder');
  await page.getByTestId('export-split-mode').selectOption('keep');
  const summary = await settledSummary(page);
  await expect(summary.locator('[data-class="T-shirt/top"]')).toHaveAttribute('data-folder', 'T-shirt_top');
  await expect(summary.locator('[data-class="ねこ/猫 ✓"]')).toHaveAttribute('data-folder', 'ねこ_猫 ✓');
  await expect(page.getByTestId('export-warnings')).toContainText('“rare” (3 source image(s)) has none in val or test');

  const { files, manifest } = await exportAndDownload(page);
  expect(manifest.options.layout).toBe('hf-imagefolder');
  const folder = (label: string) => manifest.classes.find((c) => c.label === label)!.folder;
  expect(folder('T-shirt/top')).toBe('T-shirt_top');
  expect(folder('ねこ/猫 ✓')).toBe('ねこ_猫 ✓');
  // The data's own split is kept.
  expect(countRows(manifest.files)).toEqual({
    shirt: { train: { original: 6 }, val: { original: 2 }, test: { original: 2 } },
    rare: { train: { original: 3 } },
    'T-shirt/top': { train: { original: 4 }, test: { original: 1 } },
    'ねこ/猫 ✓': { train: { original: 2 }, test: { original: 1 } },
  });
  // Classes missing from a split still have their (empty) folder there, so class indices agree everywhere.
  for (const dir of ['val/rare/', 'test/rare/', 'val/T-shirt_top/', 'val/ねこ_猫 ✓/']) {
    expect(files[dir], dir).toBeDefined();
    expect(files[dir]).toHaveLength(0);
  }
  // Class indices are the code-point order of the folder names (what torchvision, Keras and HF assign).
  const sorted = manifest.classes.map((c) => c.folder).sort((x, y) => (x < y ? -1 : 1));
  for (const c of manifest.classes) expect(c.index).toBe(sorted.indexOf(c.folder));
  // Per split, metadata.csv lists every image of the split once, relative to it, with the real class name.
  for (const split of ['train', 'val', 'test']) {
    const meta = Papa.parse<{ file_name: string; label: string }>(strFromU8(files[`${split}/metadata.csv`]), { header: true, skipEmptyLines: true });
    expect(meta.meta.fields).toEqual(['file_name', 'label']);
    const inSplit = manifest.files.filter((r) => r.split === split);
    expect(meta.data.map((r) => `${split}/${r.file_name}`).sort()).toEqual(inSplit.map((r) => r.path).sort());
    for (const r of meta.data) expect(r.label).toBe(manifest.files.find((m) => m.path === `${split}/${r.file_name}`)!.label);
  }
  expect(imagePaths(files).sort()).toEqual(manifest.files.map((r) => r.path).sort());
  expect(strFromU8(files['README.md'])).toContain('T-shirt/top');
  // No path escapes the archive or carries a separator from a class name.
  for (const p of Object.keys(files)) expect(p.split('/').every((seg, i, all) => seg !== '..' && (seg !== '' || i === all.length - 1))).toBe(true);
});

test('summary errors block the export; JPEG re-encoding through the browser’s encoder', async ({ page }) => {
  await openApp(page);
  const source: Record<string, Uint8Array> = {};
  for (let i = 0; i < 6; i++) source[`${i < 3 ? 'a' : 'b'}/${i}.png`] = png(28, 28, i * 5, true);
  await page.getByTestId('import-files').setInputFiles({ name: 'x.zip', mimeType: 'application/zip', buffer: zip(source) });
  await waitForImport(page);
  await openExportTab(page);
  for (const s of ['train', 'val', 'test']) await page.getByTestId(`export-ratio-${s}`).fill('0');
  await expect(page.getByTestId('export-ratio-error')).toBeVisible();
  await expect(page.getByTestId('export-start')).toBeDisabled();
  await page.getByTestId('export-ratio-train').fill('1');
  await settledSummary(page);
  await page.getByTestId('export-include-original').uncheck();
  await expect(page.getByTestId('export-errors')).toContainText('Nothing to export');
  await expect(page.getByTestId('export-start')).toBeDisabled();

  // JPEG through the browser's encoder, at the quality chosen.
  await page.getByTestId('export-include-original').check();
  await page.getByTestId('export-originals').selectOption('re-encode');
  await page.getByTestId('export-format').selectOption('jpeg');
  await expect(page.getByTestId('export-quality')).toHaveValue('0.92');
  const { files, manifest } = await exportAndDownload(page);
  expect(manifest.files).toHaveLength(6);
  expect((manifest.options as unknown as { image: unknown }).image).toEqual({ format: 'jpeg', quality: 0.92 });
  for (const r of manifest.files) {
    expect(r.path).toMatch(/\.jpg$/);
    expect(r.encoding).toBe('jpeg');
    const img = jpeg.decode(files[r.path], { useTArray: true });
    expect([img.width, img.height]).toEqual([28, 28]);
    // Close to the source pixels (lossy, quality 92).
    const src = PNG.sync.read(Buffer.from(source[r.original_file_name]));
    let diff = 0;
    for (let i = 0; i < 28 * 28 * 4; i++) if (i % 4 !== 3) diff += Math.abs(img.data[i] - src.data[i]);
    expect(diff / (28 * 28 * 3)).toBeLessThan(12);
  }
});

test('augmented images: 2 variants per train image, regenerated from their plans at export, pixel-exact', async ({ page }) => {
  await openApp(page);
  const fixture = imageFolder({ left: 10, right: 10 }, 32, 'ab/');
  await page.getByTestId('import-format').locator('summary').click();
  await page.getByTestId('import-size').selectOption('32');
  await page.getByTestId('import-files').setInputFiles({ name: 'ab.zip', mimeType: 'application/zip', buffer: zip(fixture) });
  expect(await waitForImport(page)).toEqual({ imported: 20, skipped: 0 });

  // Make the augmented records as the augment engine would: plans drawn by plan() for every
  // source, pixels hashed. Exact geometric steps and an exact inversion, so the expected pixels
  // can be computed here by moving bytes.
  const records = await storedRecords(page);
  const datasetId = records[0].datasetId;
  const pixels: Record<string, number[]> = await page.evaluate(
    ({ datasetId, wanted }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('chunks').objectStore('chunks');
          const out: Record<string, number[]> = {};
          let left = wanted.length;
          for (const w of wanted) {
            const req = store.get([datasetId, w.chunk]);
            req.onsuccess = () => {
              out[w.id] = Array.from((req.result.data as Uint8Array).subarray(w.slot * 3072, (w.slot + 1) * 3072));
              if (--left === 0) resolve(out);
            };
            req.onerror = () => reject(req.error);
          }
        };
      }),
    { datasetId, wanted: records.map((r) => ({ id: r.id, chunk: r.chunk, slot: r.slot })) },
  );
  const p = pipeline(
    'e2e-geometry',
    'Flips, quarter turns, inversion',
    compose('root', [
      transformNode('h', 'HorizontalFlip', 0.5),
      transformNode('v', 'VerticalFlip', 0.5),
      transformNode('r', 'RandomRotate90', 1),
      transformNode('i', 'Invert', 0.5),
    ]),
  );
  const ids = records.map((r) => r.id);
  const augmented = [0, 1].flatMap((variant) =>
    plan(p, 1234, ids, variant, { pool: ids }).map((sp, k) => {
      const src = records[k];
      const expected = applySteps(Uint8Array.from(pixels[src.id]), 32, sp.steps);
      return {
        record: {
          id: `${src.id}~aug${variant}`,
          datasetId,
          label: src.label,
          split: null,
          kind: 'augmented',
          chunk: -1,
          slot: -1,
          sourceName: src.sourceName,
          sourceId: 'e2e-augment',
          width: 32,
          height: 32,
          channels: 3,
          bytes: 0,
          mime: 'image/png',
          // Variant 1 of the first three sources carries a wrong hash: the export must notice.
          hash: variant === 1 && k < 3 ? sha256(new Uint8Array(3072)) : sha256(expected),
          derivedFrom: src.id,
          recipe: { pipelineId: p.id, seed: 1234, variant, plan: sp },
        },
        expected,
      };
    }),
  );
  expect(new Set(augmented.map((a) => JSON.stringify(a.record.recipe.plan.steps.map((s) => s.name)))).size).toBeGreaterThan(3);
  // One synthetic image (stored pixels: here those of the first source) and its generator model.
  const synthetic = {
    ...augmented[0].record,
    id: 'synthetic-1',
    kind: 'synthetic',
    chunk: records[0].chunk,
    slot: records[0].slot,
    sourceName: 'generated/left-0.png',
    derivedFrom: undefined,
    hash: sha256(Uint8Array.from(pixels[records[0].id])),
    recipe: { modelId: 'gan-1', checkpointStep: 500, seed: 9, label: records[0].label },
  };
  const model = { generator: { modelJson: '{"format":"layers-model","modelTopology":{}}', weightsBin: new Uint8Array([1, 2, 3, 4]) } };
  await page.evaluate(
    ({ records, pipelineJson, datasetId, model }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'objects', 'datasets'], 'readwrite');
          for (const r of records) tx.objectStore('images').put(r);
          tx.objectStore('objects').put({ id: pipelineJson.id, kind: 'pipeline', updatedAt: Date.now(), value: pipelineJson });
          tx.objectStore('objects').put({ id: 'gan-1', kind: 'model', updatedAt: Date.now(), value: { generator: { ...model.generator, weightsBin: new Uint8Array(model.generator.weightsBin) } } });
          const meta = tx.objectStore('datasets').get(datasetId);
          meta.onsuccess = () => tx.objectStore('datasets').put({ ...meta.result, count: meta.result.count + records.length });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    // Plain JSON either way; typed loosely so Playwright's argument types stay shallow.
    {
      records: [...augmented.map((a) => a.record), synthetic] as unknown[],
      pipelineJson: pipelineToJson(p) as { id: string },
      datasetId,
      model: { generator: { modelJson: model.generator.modelJson, weightsBin: [...model.generator.weightsBin] } },
    },
  );
  await page.reload();

  await openExportTab(page);
  await page.getByTestId('export-include-models').check();
  const summary = await settledSummary(page);
  const { files, manifest } = await exportAndDownload(page);
  const originals = manifest.files.filter((r) => r.kind === 'original');
  // The synthetic image: its stored pixels, its recipe in the manifest, its generator model in the zip.
  const syn = manifest.files.filter((r) => r.kind === 'synthetic');
  expect(syn).toHaveLength(1);
  expect(syn[0]).toMatchObject({ id: 'synthetic-1', split: 'train', source_id: null, model_id: 'gan-1', checkpoint_step: 500, seed: 9, synthetic_class: records[0].label });
  expect(Buffer.from(rgbOf(files[syn[0].path]).rgb).equals(Buffer.from(pixels[records[0].id]))).toBe(true);
  expect(strFromU8(files['models/gan-1/generator/model.json'])).toBe(model.generator.modelJson);
  expect([...files['models/gan-1/generator/weights.bin']]).toEqual([1, 2, 3, 4]);
  const aug = manifest.files.filter((r) => r.kind === 'augmented');
  const trainSources = originals.filter((r) => r.split === 'train');
  expect(originals).toHaveLength(20);
  // Two variants of every train image, none of val/test images (they would leak).
  expect(aug).toHaveLength(2 * trainSources.length);
  expect(aug.every((r) => r.split === 'train')).toBe(true);
  expect(new Set(aug.map((r) => r.source_id))).toEqual(new Set(trainSources.map((r) => r.id)));
  await expect(page.getByTestId('export-excluded')).toContainText(String(2 * (20 - trainSources.length)));
  await expect(summary).toHaveAttribute('data-images', String(20 + aug.length + 1));
  expect(imagePaths(files).sort()).toEqual(manifest.files.map((r) => r.path).sort());

  // Every augmented file: the manifest carries its recipe, and its pixels are the plan applied to the source.
  const byId = new Map(augmented.map((a) => [a.record.id, a]));
  for (const r of aug) {
    const made = byId.get(r.id)!;
    expect(r.pipeline_id).toBe('e2e-geometry');
    expect(r.seed).toBe(1234);
    expect(r.variant).toBe(made.record.recipe.variant);
    expect(r.plan).toEqual(made.record.recipe.plan);
    expect(r.encoding).toBe('png');
    expect(r.path).toMatch(/_aug[01]\.png$/);
    const got = rgbOf(files[r.path]);
    expect(Buffer.from(got.rgb).equals(Buffer.from(made.expected)), `${r.path}: ${JSON.stringify(r.plan?.steps)}`).toBe(true);
  }
  // The page regenerated each image from its plan and compared it with the pixels recorded for it.
  const wrong = aug.filter((r) => r.variant === 1 && records.slice(0, 3).some((s) => s.id === r.source_id)).length;
  const regen = page.getByTestId('export-regeneration');
  await expect(regen).toHaveAttribute('data-regenerated', String(aug.length));
  await expect(regen).toHaveAttribute('data-checked', String(aug.length));
  await expect(regen).toHaveAttribute('data-mismatched', String(wrong));
  // The pipeline travels with the zip, in our format and Albumentations'.
  expect(JSON.parse(strFromU8(files['pipeline.json']))).toEqual(pipelineToJson(p));
  const albu = JSON.parse(strFromU8(files['albumentations.json']));
  expect(albu.transform.transforms.map((t: { __class_fullname__: string }) => t.__class_fullname__)).toEqual(['HorizontalFlip', 'VerticalFlip', 'RandomRotate90', 'InvertImg']);

  // The switch that lets generated images follow their source into val/test says what it costs.
  await page.getByTestId('export-derived-all-splits').check();
  await expect(page.getByTestId('export-derived-warning')).toBeVisible();
  await expect(page.getByTestId('export-excluded')).toHaveCount(0);
  await expect(summary).toHaveAttribute('data-images', String(20 + 40 + 1));
  await expect(page.getByTestId('export-warnings')).toContainText('are in val or test, following their source');
});

test('augmented in the Augment tab: the export regenerates every image from its plan, byte for byte what was materialised', async ({ page }) => {
  await openApp(page);
  const fixture: Record<string, Uint8Array> = {};
  for (let i = 0; i < 20; i++) fixture[`${i % 2 ? 'cat' : 'dog'}/${i}.png`] = png(28, 28, 100 + i, true);
  await page.getByTestId('import-files').setInputFiles({ name: 'pets.zip', mimeType: 'application/zip', buffer: zip(fixture) });
  expect(await waitForImport(page)).toEqual({ imported: 20, skipped: 0 });
  await page.getByTestId('tab-augment').click();
  await expect(page.getByTestId('pipeline-editor')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('materialise-variants').fill('2');
  await page.getByTestId('materialise-start').click();
  await expect(page.getByTestId('materialise-result')).toHaveAttribute('data-created', '40', { timeout: 120_000 });

  await openExportTab(page);
  const { files, manifest } = await exportAndDownload(page);
  const train = manifest.files.filter((r) => r.kind === 'original' && r.split === 'train');
  const aug = manifest.files.filter((r) => r.kind === 'augmented');
  expect(aug).toHaveLength(2 * train.length);
  expect(aug.every((r) => r.split === 'train' && r.plan !== null && r.pipeline_id !== null)).toBe(true);
  // Every augmented image was regenerated in the page from its plan and matched the pixels the
  // Augment tab made (their SHA-256, recorded when they were materialised).
  const regen = page.getByTestId('export-regeneration');
  await expect(regen).toHaveAttribute('data-regenerated', String(aug.length));
  await expect(regen).toHaveAttribute('data-checked', String(aug.length));
  await expect(regen).toHaveAttribute('data-mismatched', '0');
  // And byte for byte: the exported pixels are the stored ones.
  const records = await storedRecords(page);
  const byId = new Map(records.map((r) => [r.id, r]));
  const stored: Record<string, number[]> = await page.evaluate(
    (wanted) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onsuccess = () => {
          const store = open.result.transaction('chunks').objectStore('chunks');
          const out: Record<string, number[]> = {};
          let left = wanted.length;
          for (const w of wanted) {
            const req = store.get([w.datasetId, w.chunk]);
            req.onsuccess = () => {
              out[w.id] = Array.from((req.result.data as Uint8Array).subarray(w.slot * 784, (w.slot + 1) * 784));
              if (--left === 0) resolve(out);
            };
            req.onerror = () => reject(req.error);
          }
        };
      }),
    aug.map((r) => ({ id: r.id, datasetId: byId.get(r.id)!.datasetId, chunk: byId.get(r.id)!.chunk, slot: byId.get(r.id)!.slot })),
  );
  for (const r of aug) {
    const grey = rgbOf(files[r.path]).rgb.filter((_, i) => i % 3 === 0);
    expect(Buffer.from(grey).equals(Buffer.from(stored[r.id])), r.path).toBe(true);
  }
  // The pipeline that made them is in the zip.
  const ids = new Set(aug.map((r) => r.pipeline_id));
  expect(ids.size).toBe(1);
  expect(JSON.parse(strFromU8(files['pipeline.json'])).id).toBe([...ids][0]);
  expect(files['albumentations.json']).toBeDefined();
});

test('cancel midway: no download is claimed, and a chosen file is left as it was; uncancelled, the file is the zip', async ({ page }) => {
  // A File System Access picker that hands out a file in the origin-private file system, which
  // the test can read back (a real FileSystemFileHandle: the worker writes through createWritable()).
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: () => Promise<FileSystemFileHandle> }).showSaveFilePicker = async () =>
      (await navigator.storage.getDirectory()).getFileHandle('chosen.zip', { create: true });
  });
  await openApp(page);
  // 1,600 images re-encoded as PNG: long enough to cancel in the middle, quick to import.
  await page.getByTestId('import-files').setInputFiles({ name: 'many.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ x: 800, y: 800 }, 64)) });
  expect(await waitForImport(page)).toEqual({ imported: 1600, skipped: 0 });
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));

  await page.getByTestId('tab-export').click();
  await page.getByTestId('export-originals').selectOption('re-encode');
  await page.getByTestId('export-save-download').check();
  await settledSummary(page);
  const cancelMidway = async () => {
    await page.getByTestId('export-start').click();
    const progress = page.getByTestId('export-progress');
    await expect.poll(async () => Number(await progress.getAttribute('data-images-done')), { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(5);
    await page.getByTestId('export-cancel').click();
    await expect(page.getByTestId('export-result')).toHaveAttribute('data-status', 'cancelled');
    expect(Number(await page.getByTestId('export-result').getAttribute('data-images'))).toBeLessThan(1600);
  };
  await cancelMidway();
  await expect(page.getByTestId('export-result')).toContainText('nothing was downloaded');
  await page.waitForTimeout(1000);
  expect(downloads).toEqual([]);

  // The same through a file the user chose: it holds what it held before.
  const readChosen = () =>
    page.evaluate(async () => {
      const f = await (await (await navigator.storage.getDirectory()).getFileHandle('chosen.zip')).getFile();
      const b = new Uint8Array(await f.arrayBuffer());
      let s = '';
      for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return btoa(s);
    });
  await page.evaluate(async () => {
    const w = await (await (await navigator.storage.getDirectory()).getFileHandle('chosen.zip', { create: true })).createWritable();
    await w.write('what was there before');
    await w.close();
  });
  await page.getByTestId('export-save-picker').check();
  await cancelMidway();
  await expect(page.getByTestId('export-result')).toContainText('the file was left as it was');
  expect(Buffer.from(await readChosen(), 'base64').toString()).toBe('what was there before');

  // Not cancelled: the chosen file becomes the zip, and still no download.
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('export-result')).toContainText('Saved chosen.zip');
  const { files, manifest } = readZip(Buffer.from(await readChosen(), 'base64'));
  expect(manifest.files).toHaveLength(1600);
  expect(imagePaths(files)).toHaveLength(1600);
  expect(rgbOf(files[manifest.files[0].path]).width).toBe(64);
  expect(downloads).toEqual([]);
});

/** Applies flips, quarter turns and inversions to size×size RGB pixels, step by step, by moving bytes. */
function applySteps(px: Uint8Array, n: number, steps: ReadonlyArray<{ name: string; params: unknown }>): Uint8Array {
  let cur = px;
  // The engine composes all geometric steps into one warp at the first geometric step's place;
  // inversion is point-wise, so applying steps in order gives the same pixels.
  for (const s of steps) {
    if (s.name === 'Invert') {
      cur = cur.map((v) => 255 - v);
      continue;
    }
    const next = new Uint8Array(cur.length);
    const turns = s.name === 'RandomRotate90' ? (s.params as { turns: number }).turns : 0;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let sx = x;
        let sy = y;
        if (s.name === 'HorizontalFlip') sx = n - 1 - x;
        else if (s.name === 'VerticalFlip') sy = n - 1 - y;
        else if (s.name === 'RandomRotate90') for (let k = 0; k < turns; k++) [sx, sy] = [n - 1 - sy, sx];
        else throw new Error(`applySteps does not know ${s.name}`);
        next.set(cur.subarray((sy * n + sx) * 3, (sy * n + sx) * 3 + 3), (y * n + x) * 3);
      }
    }
    cur = next;
  }
  return cur;
}

/**
 * Saves stand-in Evaluate experiments (no report) straight into IndexedDB, as the Evaluate worker
 * stores them: in the dataset of the saved experiment `beside`, or in another.
 */
async function putExperimentsBeside(page: Page, beside: string, experiments: Array<{ id: string; createdAt: number; sameDataset: boolean }>): Promise<void> {
  await page.evaluate(
    ([besideId, list]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('objects', 'readwrite');
          const store = tx.objectStore('objects');
          const existing = store.get(besideId);
          existing.onsuccess = () => {
            const datasetId: string = existing.result.value.datasetId;
            for (const { id, createdAt, sameDataset } of list) {
              store.put({ id, kind: 'experiment', updatedAt: createdAt, value: { id, createdAt, title: id, datasetId: sameDataset ? datasetId : 'another-dataset' } });
            }
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [beside, experiments] as const,
  );
}

test('the latest Evaluate experiment report goes into the zip, on by default, and can be left out', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByTestId('import-files').setInputFiles({ name: 'tiny.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ ant: 15, bee: 15 }, 16)) });
  expect(await waitForImport(page)).toEqual({ imported: 30, skipped: 0 });

  // No experiment yet: the option is not offered.
  await openExportTab(page);
  await settledSummary(page);
  await expect(page.getByTestId('export-experiment-option')).toHaveCount(0);

  // A tiny experiment: real vs augmented, 2 seeds, 3 steps.
  await page.getByTestId('tab-evaluate').click();
  await page.getByTestId('eval-arm-augmented').check();
  await page.getByTestId('eval-seeds').fill('2');
  await page.getByTestId('eval-budget-mode').selectOption('steps');
  await page.getByTestId('eval-steps').fill('3');
  await page.getByTestId('eval-start').click();
  await expect(page.getByTestId('eval-results')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('eval-history-item')).toHaveCount(1);

  await openExportTab(page);
  const option = page.getByTestId('export-experiment-option');
  await expect(option).toContainText('Include the latest experiment report');
  await expect(page.getByTestId('export-include-experiment')).toBeChecked();
  await expect(page.getByTestId('export-extras')).toContainText('reports/experiment.json');
  const { files, manifest } = await exportAndDownload(page);
  const report = JSON.parse(strFromU8(files['reports/experiment.json']));
  expect(report.schema).toBe('augment-studio/evaluate-report');
  const labels = report.experiments[0].arms.map((a: { label: string }) => a.label);
  expect(labels).toEqual(['Real only', 'Real + augmentation']);
  const html = strFromU8(files['reports/experiment.html']);
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('Real + augmentation');
  const header = manifest as unknown as { experimentReport: { id: string; createdAt: string; json: string; html: string } };
  expect(header.experimentReport.id).toBe(await option.getAttribute('data-experiment-id'));
  expect(Math.abs(Date.parse(header.experimentReport.createdAt) - Date.now())).toBeLessThan(10 * 60_000);
  expect([header.experimentReport.json, header.experimentReport.html]).toEqual(['reports/experiment.json', 'reports/experiment.html']);
  const readme = strFromU8(files['README.md']);
  expect(readme).toContain('## Evaluate experiment');
  for (const label of labels) expect(readme).toContain(`| ${label} | `);
  expect(readme).toContain(report.experiments[0].verdicts[0].text.slice(0, 30));
  expect(manifest.files).toHaveLength(30);

  // Turned off: the zip is as it would be without an experiment.
  await page.getByTestId('export-include-experiment').uncheck();
  await expect(page.getByTestId('export-extras')).toHaveCount(0);
  const off = await exportAndDownload(page);
  expect(Object.keys(off.files).filter((p) => p.startsWith('reports/'))).toEqual([]);
  expect('experimentReport' in off.manifest).toBe(false);
  expect(strFromU8(off.files['README.md'])).not.toContain('Evaluate');

  // "Latest" is per dataset: an older experiment of this dataset and a newer one of another leave
  // the option as it was; a newer one of this dataset takes its place.
  const latest = (await option.getAttribute('data-experiment-id'))!;
  const now = Date.now();
  await putExperimentsBeside(page, latest, [
    { id: 'experiment:1000000000000-older', createdAt: 1_000_000_000_000, sameDataset: true },
    { id: `experiment:${now + 60_000}-other`, createdAt: now + 60_000, sameDataset: false },
  ]);
  await page.getByTestId('tab-evaluate').click();
  await openExportTab(page);
  await expect(page.getByTestId('export-experiment-option')).toHaveAttribute('data-experiment-id', latest);
  await putExperimentsBeside(page, latest, [{ id: `experiment:${now + 30_000}-newer`, createdAt: now + 30_000, sameDataset: true }]);
  await page.getByTestId('tab-evaluate').click();
  await openExportTab(page);
  await expect(page.getByTestId('export-experiment-option')).toHaveAttribute('data-experiment-id', `experiment:${now + 30_000}-newer`);
});

test('a workspace saved by the first version of the database opens and its experiments are indexed by dataset; a newer version elsewhere asks for a reload', async ({ page }) => {
  // The stores as version 1 made them, with three experiments, before the app has ever run here.
  await page.goto('/icons/icon-192.png');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('augment-studio', 1);
        open.onerror = () => reject(open.error);
        open.onupgradeneeded = () => {
          const d = open.result;
          d.createObjectStore('datasets', { keyPath: 'id' });
          d.createObjectStore('images', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
          d.createObjectStore('chunks', { keyPath: ['datasetId', 'chunk'] });
          d.createObjectStore('originals', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
          d.createObjectStore('objects', { keyPath: 'id' }).createIndex('byKind', 'kind');
        };
        open.onsuccess = () => {
          const tx = open.result.transaction('objects', 'readwrite');
          for (const [id, datasetId, createdAt] of [['experiment:3000-c', 'ds-old', 3000], ['experiment:1000-a', 'ds-old', 1000], ['experiment:2000-b', 'ds-other', 2000]] as const) {
            tx.objectStore('objects').put({ id, kind: 'experiment', updatedAt: createdAt, value: { id, datasetId, createdAt, title: id } });
          }
          tx.objectStore('objects').put({ id: 'settings', kind: 'settings', updatedAt: 1, value: { theme: 'dark' } });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  await openApp(page);
  // The app upgrades it and works: an import lands next to what was there.
  await page.getByTestId('import-files').setInputFiles({ name: 'tiny.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ ant: 3, bee: 3 }, 16)) });
  expect(await waitForImport(page)).toEqual({ imported: 6, skipped: 0 });
  const upgraded = await page.evaluate(
    () =>
      new Promise<{ version: number; oldDataset: string[]; objects: number }>((resolve, reject) => {
        const open = indexedDB.open('augment-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('objects').objectStore('objects');
          const byDataset = store.index('byKindDatasetTime').getAll(IDBKeyRange.bound(['experiment', 'ds-old', -Infinity], ['experiment', 'ds-old', Infinity]));
          const all = store.count();
          all.onsuccess = () => {
            resolve({ version: open.result.version, oldDataset: byDataset.result.map((o: { id: string }) => o.id), objects: all.result });
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
  expect(upgraded.version).toBe(2);
  expect(upgraded.oldDataset).toEqual(['experiment:1000-a', 'experiment:3000-c']); // oldest first
  expect(upgraded.objects).toBeGreaterThanOrEqual(4);

  // A newer version in another tab upgrades it again: this tab's workers let go of the database,
  // and what needs it next says to reload, instead of failing with the database's own error.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('augment-studio', 3);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
      }),
  );
  await page.getByTestId('import-files').setInputFiles({ name: 'more.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ ant: 2 }, 16)) });
  await expect(page.getByTestId('ingest-error')).toContainText('a newer version of Augment Studio, open in another tab, has upgraded this workspace; reload this tab to go on');
});
