// First-load transfer: gzip and brotli sizes of the main chunk and of the lazily loaded worker/WASM chunks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const kb = (n) => +(n / 1024).toFixed(1);

export function bundleSizes(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const mainSrc = html.match(/<script[^>]+src="\/?([^"]+\.js)"/)[1];
  const mainCss = html.match(/<link[^>]+href="\/?([^"]+\.css)"/)?.[1];
  const files = readdirSync(join(dist, 'assets')).map((f) => join('assets', f));
  const sizes = (file) => {
    const buf = readFileSync(join(dist, file));
    return { rawKB: kb(buf.length), gzipKB: kb(gzipSync(buf, { level: 9 }).length), brotliKB: kb(brotliCompressSync(buf).length) };
  };
  const lazy = {};
  for (const f of files) {
    if (f === mainSrc || f === mainCss || !/\.(js|wasm)$/.test(f)) continue;
    lazy[f.replace(/^assets\//, '').replace(/-[\w-]{8}\./, '.')] = sizes(f);
  }
  const total = files.reduce((a, f) => a + statSync(join(dist, f)).size, 0);
  return { main: { js: sizes(mainSrc), css: mainCss ? sizes(mainCss) : null }, lazy, allAssetsRawKB: kb(total) };
}

/** Time to interactive on a warm load: the second visit, served by the service worker. */
export async function warmLoad(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
  await page.goto(url);
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', null, { timeout: 120_000 });
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    await page.reload();
    await page.getByTestId('tab-data').waitFor();
    await page.getByTestId('backend').getByText('wasm', { exact: false }).first().waitFor({ timeout: 120_000 }).catch(() => undefined);
    times.push(Date.now() - t0);
  }
  const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
  await context.close();
  return { serviceWorkerControlled: controlled, interactiveMs: Math.min(...times), runsMs: times };
}
