// Ingest throughput and cold start, measured in headless Chromium against the production build.
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';

async function importReport(page) {
  await page.getByTestId('ingest-progress').waitFor({ state: 'detached', timeout: 600_000 });
  const report = page.getByTestId('ingest-report');
  await report.waitFor();
  return { imported: Number(await report.getAttribute('data-imported')), elapsedMs: Number(await report.getAttribute('data-elapsed-ms')) };
}

/** Navigation → the sample's first gallery thumbnail, in a fresh profile (no cache, no service worker). */
export async function coldStart(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('[data-testid=gallery-tile] canvas').first().waitFor({ timeout: 600_000 });
  const firstThumbnailMs = Date.now() - t0;
  const report = await importReport(page);
  await context.close();
  return {
    firstThumbnailMs,
    sampleZip: { images: report.imported, seconds: report.elapsedMs / 1000, imagesPerSecond: Math.round(report.imported / (report.elapsedMs / 1000)) },
  };
}

function jpegZip(count, size) {
  const files = {};
  const data = Buffer.alloc(size * size * 4);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < size * size; p++) data.set([(p + i * 7) % 256, ((p >> 8) * 3 + i) % 256, (i * 13) % 256, 255], p * 4);
    files[`photos/class_${i % 10}/img_${i}.jpg`] = [jpeg.encode({ data, width: size, height: size }, 85).data, { level: 0 }];
  }
  return Buffer.from(zipSync(files));
}

/** A generated zip of `count` size×size JPEGs, imported at 64×64. */
export async function jpegIngest(browser, url, count = 2000, size = 256) {
  const zip = jpegZip(count, size);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
  await page.goto(url);
  await page.getByTestId('import-format').locator('summary').click();
  await page.getByTestId('import-size').selectOption('64');
  await page.getByTestId('import-files').setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: zip });
  const report = await importReport(page);
  await context.close();
  return { images: report.imported, sourceSize: `${size}×${size} JPEG`, zipMB: +(zip.length / 2 ** 20).toFixed(1), seconds: report.elapsedMs / 1000, imagesPerSecond: Math.round(report.imported / (report.elapsedMs / 1000)) };
}
