// Export throughput and memory, measured in headless Chromium against the production build:
// datasets are imported from generated zips through the app's own import, then exported from the
// Export tab (download mode) while the JS heap of the page and of the export worker is sampled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';

const MB = 2 ** 20;
const log = (msg) => process.stderr.write(`bench: export: ${msg}\n`);

/** A zip of `count` distinct size×size PNGs in 10 class folders (grey or RGB). */
function pngZip(count, size, grey) {
  const files = {};
  const img = new PNG({ width: size, height: size, colorType: grey ? 0 : 2, inputColorType: 6 });
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < size * size; p++) {
      const x = p % size;
      const y = (p / size) | 0;
      const v = (x * 7 + y * 3 + i * 31) % 256;
      img.data.set(grey ? [v, v, v, 255] : [v, (y * 5 + i * 17) % 256, (x * y + i * 13) % 256, 255], p * 4);
    }
    // The image's number in its first two pixels: no two files are the same (duplicates are skipped on import).
    img.data.set([i & 255, i & 255, i & 255, 255, i >> 8, i >> 8, i >> 8, 255], 0);
    files[`bench/class_${i % 10}/img_${i}.png`] = [PNG.sync.write(img, { colorType: grey ? 0 : 2 }), { level: 0 }];
  }
  return Buffer.from(zipSync(files));
}

async function openFresh(browser, url) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
  await page.goto(url);
  const toast = page.getByTestId('offline-ready');
  await page.addLocatorHandler(toast, async () => toast.getByRole('button').click());
  return { context, page };
}

async function importZip(page, zip, size) {
  const t0 = Date.now();
  if (size) {
    await page.getByTestId('import-format').locator('summary').click();
    await page.getByTestId('import-size').selectOption(String(size));
  }
  // Playwright passes buffers up to 50 MB; bigger zips go through a file.
  const dir = mkdtempSync(join(tmpdir(), 'augment-bench-'));
  const file = join(dir, 'bench.zip');
  writeFileSync(file, zip);
  await page.getByTestId('import-files').setInputFiles(file);
  await page.getByTestId('ingest-progress').waitFor({ state: 'detached', timeout: 1_800_000 });
  const imported = Number(await page.getByTestId('ingest-report').getAttribute('data-imported', { timeout: 1_800_000 }));
  rmSync(dir, { recursive: true, force: true });
  // A fresh page: the import's workers and the gallery's caches go, so what is measured next is the export.
  await page.reload();
  log(`imported ${imported} images in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { imported, seconds: (Date.now() - t0) / 1000 };
}

/**
 * Samples the JS heap of the page (Performance.getMetrics) and of the export worker
 * (Runtime.getHeapUsage through a browser-level CDP session attached to the worker target).
 */
async function heapSampler(browser, page, intervalMs = 100) {
  const pageCdp = await page.context().newCDPSession(page);
  await pageCdp.send('Performance.enable');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('export.worker'));
  let send = null;
  if (worker) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    let next = 1;
    const waiting = new Map();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== sessionId) return;
      const msg = JSON.parse(e.message);
      waiting.get(msg.id)?.(msg.result);
      waiting.delete(msg.id);
    });
    send = (method) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
  }
  const samples = { page: [], worker: [], workerBuffers: [] };
  const sample = async () => {
    const m = await pageCdp.send('Performance.getMetrics');
    samples.page.push(m.metrics.find((x) => x.name === 'JSHeapUsedSize').value);
    if (send) {
      const usage = await send('Runtime.getHeapUsage');
      samples.worker.push(usage?.usedSize ?? 0);
      // ArrayBuffer backing stores (pixel chunks, encoded images) live outside the JS heap.
      if (usage?.backingStorageSize !== undefined) samples.workerBuffers.push(usage.backingStorageSize);
    }
  };
  await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await sample().catch(() => {});
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    baseline: { page: samples.page[0], worker: samples.worker[0] ?? null },
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => {});
      await pageCdp.detach().catch(() => {});
      const peak = (xs) => (xs.length ? Math.max(...xs) : null);
      return { page: peak(samples.page), worker: peak(samples.worker), workerBuffers: peak(samples.workerBuffers), samples: samples.page.length };
    },
  };
}

/** One export from the Export tab with the given choices; returns its figures (and heap peaks when asked). */
async function runExport(browser, page, { originals, sampleHeap = false }) {
  await page.getByTestId('tab-export').click();
  // The tab shows its form once the workspace has loaded (after a big import the database may still be busy).
  await page.getByTestId('export-originals').waitFor({ timeout: 1_800_000 });
  const saveDownload = page.getByTestId('export-save-download');
  if (await saveDownload.count()) await saveDownload.check();
  await page.getByTestId('export-originals').selectOption(originals);
  // Right after a big import the database may still be committing it (minutes for 256×256 data): wait.
  await page.getByTestId('export-summary').waitFor({ timeout: 1_800_000 });
  await page.waitForFunction(
    () => {
      const b = document.querySelector('[data-testid=export-start]');
      const s = document.querySelector('[data-testid=export-summary]');
      return b && !b.disabled && s && !s.classList.contains('stale');
    },
    null,
    { timeout: 1_800_000 },
  );
  // The worker exists once the summary is shown: attach the sampler before starting.
  const heap = sampleHeap ? await heapSampler(browser, page) : null;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 1_800_000 }), page.getByTestId('export-start').click()]);
  const result = page.getByTestId('export-result');
  await result.waitFor({ timeout: 1_800_000 });
  const peaks = heap ? await heap.stop() : null;
  const images = Number(await result.getAttribute('data-images'));
  const bytes = Number(await result.getAttribute('data-bytes'));
  const seconds = Number(await result.getAttribute('data-elapsed-ms')) / 1000;
  await download.delete();
  log(`exported ${images} images (${originals}) in ${seconds.toFixed(1)} s`);
  return {
    originals,
    images,
    zipMB: +(bytes / MB).toFixed(1),
    seconds: +seconds.toFixed(2),
    imagesPerSecond: Math.round(images / seconds),
    MBPerSecond: +(bytes / MB / seconds).toFixed(1),
    ...(peaks && {
      heapMB: {
        pageBaseline: +(heap.baseline.page / MB).toFixed(1),
        pagePeak: +(peaks.page / MB).toFixed(1),
        exportWorkerBaseline: heap.baseline.worker === null ? null : +(heap.baseline.worker / MB).toFixed(1),
        exportWorkerPeak: peaks.worker === null ? null : +(peaks.worker / MB).toFixed(1),
        exportWorkerArrayBuffersPeak: peaks.workerBuffers === null ? null : +(peaks.workerBuffers / MB).toFixed(1),
        samples: peaks.samples,
      },
    }),
  };
}

/**
 * Figures for `npm run bench`: 10,000 28×28 grey PNGs (working size 28×28×1) exported as their
 * original files and re-encoded as PNG, with the peak JS heap during the re-encoding export; and
 * 2,000 256×256 RGB PNGs at working size 256 exported both ways. Optional set 'png64x64x50k':
 * 50,000 images at 64×64, re-encoded, with the heap sampled (the 1 GB bound).
 */
export async function exportBench(browser, url, { sets = ['png28x28', 'png256x256'] } = {}) {
  const out = {};
  if (sets.includes('png28x28')) {
    const { context, page } = await openFresh(browser, url);
    const imported = await importZip(page, pngZip(10_000, 28, true));
    out.png28x28 = {
      dataset: { images: imported.imported, source: '28×28 grey PNG, working 28×28×1', importSeconds: imported.seconds },
      originalFiles: await runExport(browser, page, { originals: 'original-bytes' }),
      reencodedPng: await runExport(browser, page, { originals: 're-encode', sampleHeap: true }),
    };
    await context.close();
  }
  if (sets.includes('png256x256')) {
    const { context, page } = await openFresh(browser, url);
    const imported = await importZip(page, pngZip(2_000, 256, false), 256);
    out.png256x256 = {
      dataset: { images: imported.imported, source: '256×256 RGB PNG, working 256×256×3', importSeconds: imported.seconds },
      originalFiles: await runExport(browser, page, { originals: 'original-bytes' }),
      reencodedPng: await runExport(browser, page, { originals: 're-encode', sampleHeap: true }),
    };
    await context.close();
  }
  if (sets.includes('png64x64x50k')) {
    // The memory bound: 50,000 images at 64×64 (grey) exported with the tab under 1 GB.
    const { context, page } = await openFresh(browser, url);
    const imported = await importZip(page, pngZip(50_000, 32, true), 64);
    out.png64x64x50k = {
      dataset: { images: imported.imported, source: '32×32 grey PNG, working 64×64×1', importSeconds: imported.seconds },
      reencodedPng: await runExport(browser, page, { originals: 're-encode', sampleHeap: true }),
    };
    await context.close();
  }
  return out;
}
