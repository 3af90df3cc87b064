// `npm run bench`: serves the production build, drives headless Chromium, prints one JSON object.
import os from 'node:os';
import { chromium } from 'playwright-core';
import { bundleSizes, warmLoad } from './bundle.js';
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
};
results.bundle = bundleSizes(new URL('../dist', import.meta.url).pathname);
try {
  results.warmLoad = await warmLoad(browser, server.url);
  results.coldStart = await coldStart(browser, server.url);
  results.ingestJpeg = await jpegIngest(browser, server.url);
} finally {
  await browser.close();
  server.stop();
}
console.log(JSON.stringify(results, null, 2));
