// `npm run bench`: serves the production build, drives headless Chromium, prints one JSON object.
import os from 'node:os';
import { chromium } from 'playwright-core';
import { augmentBench } from './augment.js';
import { bundleSizes, warmLoad } from './bundle.js';
import { evaluateBench } from './evaluate.js';
import { exportBench } from './export.js';
import { trainBench } from './train.js';
import { coldStart, jpegIngest } from './ingest.js';
import { startPreview } from './server.js';

const server = await startPreview(Number(process.env.BENCH_PORT ?? 4191));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--disable-quic'],
});
const results = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), browser: browser.version() },
  date: new Date().toISOString(),
  loadAverageAtStart: os.loadavg().map((l) => +l.toFixed(2)),
};
results.bundle = bundleSizes(new URL('../dist', import.meta.url).pathname);
/** Runs one measurement; a failure is recorded in the output instead of losing the rest. */
const only = process.env.BENCH_ONLY?.split(',');
async function measure(name, fn) {
  if (only && !only.includes(name)) return;
  const t0 = Date.now();
  try {
    results[name] = await fn();
  } catch (e) {
    results[name] = { error: String(e.message ?? e).split('\n')[0] };
  }
  process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

try {
  await measure('warmLoad', () => warmLoad(browser, server.url));
  await measure('coldStart', () => coldStart(browser, server.url));
  await measure('ingestJpeg', () => jpegIngest(browser, server.url));
  await measure('augment', () => augmentBench(browser, server.url));
  await measure('export', () => exportBench(browser, server.url));
  await measure('train', () => trainBench(browser, server.url));
  await measure('evaluate', () => evaluateBench(browser, server.url));
} finally {
  await browser.close();
  server.stop();
}
console.log(JSON.stringify(results, null, 2));
