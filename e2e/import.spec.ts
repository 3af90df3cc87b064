/** Bringing data in: a dropped zip, a picked folder, a reload, and a merge of two sources. */
import { expectClassCounts, dropFile, expect, openApp, test, waitForImport } from './app';
import { folder, imageFolder, jpg, zip } from './fixtures';

test('dropping an ImageFolder zip with train/test splits imports the right counts per class', async ({ page }) => {
  await openApp(page);
  const files = { ...imageFolder({ cat: 6, dog: 4 }, 40, 'pets/train/'), ...imageFolder({ cat: 2, dog: 1 }, 40, 'pets/test/') };
  files['pets/train/dog/photo.jpg'] = jpg(50, 30, 3);
  await dropFile(page, 'pets.zip', zip(files));
  expect(await waitForImport(page)).toEqual({ imported: 14, skipped: 0 });
  await expectClassCounts(page, { cat: 8, dog: 6 });
  await expect(page.getByTestId('dataset-stats')).toContainText('train 11 · test 3');
  await expect(page.getByTestId('dataset-facts')).toContainText('64×64×3');
});

test('picking a folder imports it, and a reload keeps the dataset', async ({ page }) => {
  await openApp(page);
  const dir = folder('flowers', imageFolder({ rose: 3, tulip: 5 }, 24));
  await page.getByTestId('import-folder').setInputFiles(dir);
  expect(await waitForImport(page)).toEqual({ imported: 8, skipped: 0 });
  await expectClassCounts(page, { rose: 3, tulip: 5 });

  await page.reload();
  await expectClassCounts(page, { rose: 3, tulip: 5 });
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', '8');
  await expect(page.getByTestId('gallery-tile').first().locator('canvas')).toBeVisible();
});

test('a second source merges into the dataset with its classes mapped as asked; exact duplicates are kept once', async ({ page }) => {
  await openApp(page);
  const first = imageFolder({ shirt: 3, shoe: 2 }, 28, 'a/');
  await page.getByTestId('import-files').setInputFiles({ name: 'a.zip', mimeType: 'application/zip', buffer: zip(first) });
  await waitForImport(page);
  await expectClassCounts(page, { shirt: 3, shoe: 2 });

  const second = { ...imageFolder({ Shirts: 2, boots: 4, hat: 1 }, 28, 'b/'), 'b/Shirts/copy.png': first['a/shirt/shirt_0.png'] };
  await page.getByTestId('import-files').setInputFiles({ name: 'b.zip', mimeType: 'application/zip', buffer: zip(second) });
  const report = await waitForImport(page);
  expect(report).toEqual({ imported: 7, skipped: 1 });
  await expect(page.getByTestId('skipped-file')).toHaveAttribute('data-reason', 'duplicate');

  await expect(page.getByTestId('merge-mapping')).toBeVisible();
  await page.getByTestId('merge-target-Shirts').fill('shirt');
  await page.getByTestId('merge-target-boots').fill('shoe');
  await page.getByTestId('merge-apply').click();
  await expect(page.getByTestId('merge-mapping')).toHaveCount(0);
  await expectClassCounts(page, { shirt: 5, shoe: 6, hat: 1 });
});

test('a reload in the middle of an import keeps what was stored and says the import was interrupted', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('import-files').setInputFiles({ name: 'many.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ a: 2500, b: 2500 }, 16)) });
  // Images are stored in batches and shown as they arrive: once some show, reload mid-import.
  await expect.poll(async () => Number((await page.getByTestId('gallery').getAttribute('data-total').catch(() => '0')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('ingest-progress')).toBeVisible();
  await page.reload();
  const banner = page.getByTestId('interrupted-import');
  await expect(banner).toContainText('many.zip');
  await expect(banner).toContainText('was interrupted');
  const total = Number(await page.getByTestId('gallery').getAttribute('data-total'));
  expect(total).toBeGreaterThan(500);
  expect(total).toBeLessThan(5000);
  await page.getByTestId('interrupted-keep').click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', String(total));
  await expect(page.getByTestId('interrupted-import')).toHaveCount(0);
});
