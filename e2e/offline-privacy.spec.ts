/** Offline and private: the installed app reloads with the network off; it is installable; it allows no other origin. */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { classCounts, expect, openApp, test, waitForImport } from './app';
import { imageFolder, zip } from './fixtures';

/** Waits until the service worker has installed (precached everything) and activated. */
async function waitForServiceWorker(page: import('@playwright/test').Page): Promise<void> {
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state), { timeout: 60_000 }).toBe('activated');
}

test('after one visit the studio loads and shows the dataset with the network off', async ({ page, context }) => {
  await openApp(page, { sample: true });
  await waitForImport(page);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('network-state')).toHaveText('offline');
  expect(Object.keys(await classCounts(page))).toHaveLength(10);
  await expect(page.getByTestId('gallery-tile').first().locator('canvas')).toBeVisible();
  await expect(page.getByTestId('backend')).toContainText('wasm', { timeout: 60_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('offline, the whole journey works: import, augment preview, one epoch of training, export', async ({ page, context }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('network-state')).toHaveText('offline');

  // Import: the ingest worker and its decoders come from the cache.
  await page.getByTestId('import-files').setInputFiles({ name: 'plane.zip', mimeType: 'application/zip', buffer: zip(imageFolder({ cat: 12, dog: 12 }, 28)) });
  expect(await waitForImport(page)).toEqual({ imported: 24, skipped: 0 });

  // Augment: the preview grid fills (the augment worker, its helpers and the WASM binaries).
  await page.getByTestId('tab-augment').click();
  const grid = page.getByTestId('preview-grid');
  await expect(grid.getByTestId('preview-tile').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview-status')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });

  // Generate: one epoch of a tiny DCGAN runs to the end (the train worker and its kernels).
  await page.getByTestId('tab-generate').click();
  await expect(page.getByTestId('train-backend')).toContainText('wasm', { timeout: 60_000 });
  await page.getByTestId('train-model').selectOption('dcgan');
  await page.getByTestId('train-width').fill('8');
  await page.getByTestId('train-latent').fill('16');
  await page.getByTestId('train-batch').fill('8');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  expect(Number(await status.getAttribute('data-step'))).toBeGreaterThanOrEqual(2);

  // Export: the zip is written and downloaded with the network off.
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('export-summary')).toBeVisible();
  const download = page.getByTestId('export-save-download');
  if (await download.count()) await download.check();
  await expect(page.getByTestId('export-start')).toBeEnabled();
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-start').click()]);
  await expect(page.getByTestId('export-result')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const names = Object.keys(unzipSync(new Uint8Array(readFileSync((await file.path())!))));
  expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(24);
  expect(names).toContain('manifest.json');
});

test('the web app manifest meets the installability criteria', async ({ page, request }) => {
  await openApp(page);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'Augment Studio', short_name: 'Augment Studio', display: 'standalone', theme_color: '#1f6feb' });
  expect(manifest.start_url).toBeTruthy();
  const pngIcons = manifest.icons.filter((i: { type: string }) => i.type === 'image/png');
  for (const size of [192, 512]) {
    const icon = pngIcons.find((i: { sizes: string }) => i.sizes === `${size}x${size}`);
    expect(icon, `a ${size}px PNG icon`).toBeTruthy();
    const bytes = await (await request.get(new URL(icon.src, new URL(href!, page.url())).href)).body();
    // The PNG header's IHDR holds the real width and height.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([size, size]);
  }
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  // A service worker with a fetch handler controls the page.
  await waitForServiceWorker(page);
  const sw = await (await request.get('sw.js')).text();
  expect(sw).toMatch(/precache|addEventListener\("fetch"|registerRoute/);
});

test('a Content-Security-Policy allows only this origin, with no eval or inline scripts', async ({ page }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self' blob: data:");
  expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*;.*script|script-src[^;]*'unsafe-inline'/);
  // The browser enforces it: an injected inline script does not run.
  const inlineRan = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/collect', { method: 'POST', body: 'x' });
      return 'sent';
    } catch {
      return 'blocked';
    }
  });
  expect(blocked).toBe('blocked');
  // The About panel says so in words.
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('about')).toContainText('never leave this browser');
  expect(readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')).toMatch(/Nothing is uploaded/);
});
