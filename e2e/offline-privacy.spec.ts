/** Offline and private: the installed app reloads with the network off; it is installable; it allows no other origin. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classCounts, expect, openApp, test, waitForImport } from './app';

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
