/** The first screen stays small: tfjs loads only inside workers, never in the main thread's chunk. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dist = process.env.E2E_DIST ?? join(import.meta.dirname, '..', 'dist');

test('the main chunk (what renders the first screen) contains no tfjs', () => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]);
  expect(entries.length).toBeGreaterThan(0);
  for (const src of [...entries, ...preloads]) {
    const code = readFileSync(join(dist, src.replace(/^\//, '')), 'utf8');
    expect(code, src).not.toMatch(/@tensorflow|tfjs-core|registerKernel|WEBGL_VERSION|WASM_HAS_SIMD_SUPPORT/);
  }
  // The worker chunks, loaded lazily, are where tfjs lives.
  const workerChunks = readFileSync(join(dist, entries[0].replace(/^\//, '')), 'utf8').match(/augment\.worker-[\w-]+\.js/g);
  expect(workerChunks?.length).toBeGreaterThan(0);
});
