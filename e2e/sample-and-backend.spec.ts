/** First visit: the embedded sample appears with its classes; the status bar says which backend runs and why. */
import { expectClassCounts, expect, openApp, test, waitForImport } from './app';

const SAMPLE_CLASSES = ['0_tshirt_top', '1_trouser', '2_pullover', '3_dress', '4_coat', '5_sandal', '6_shirt', '7_sneaker', '8_bag', '9_ankle_boot'];

test('a first visit shows the Fashion-MNIST sample: 10 classes of 700 images, in the gallery', async ({ page, requests }) => {
  await openApp(page, { sample: true });
  const report = await waitForImport(page);
  expect(report).toEqual({ imported: 7000, skipped: 0 });
  await expectClassCounts(page, Object.fromEntries(SAMPLE_CLASSES.map((c) => [c, 700])));
  await expect(page.getByTestId('dataset-facts')).toContainText('28×28×1');
  await expect(page.getByTestId('dataset-stats')).toContainText('train 6,000 · test 1,000');
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', '7000');
  await expect(page.getByTestId('gallery-tile').first().locator('canvas')).toBeVisible();
  // Filtering by class narrows the gallery.
  await page.getByTestId('filter-class').selectOption('7_sneaker');
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', '700');
  await expect(page.getByTestId('gallery-tile').first()).toHaveAttribute('data-label', '7_sneaker');
  // Click-through shows one image large with its file name.
  await page.getByTestId('gallery-tile').first().click();
  await expect(page.getByTestId('viewer-file')).toContainText('7_sneaker/');
  expect(requests.length).toBeGreaterThan(0);
});

test('the backend badge says WASM runs and why the software GPU was skipped; forcing WebGPU computes what WASM does', async ({ page }) => {
  await openApp(page);
  const badge = page.getByTestId('backend');
  await expect(badge).toContainText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('backend-reason')).toContainText('webgpu (the WebGPU adapter is a software fallback');

  await page.getByTestId('open-settings').click();
  await page.getByTestId('backend-override').selectOption('webgpu');
  await expect(badge).toContainText('webgpu', { timeout: 60_000 });
  await expect(badge).toContainText('forced', { ignoreCase: true }).catch(() => undefined);
  await page.getByTestId('backend-check-run').click();
  const check = page.getByTestId('backend-check');
  await expect(check).toContainText('webgpu matches wasm', { timeout: 120_000 });
});
