// Augmentation throughput in headless Chromium, per backend: the "standard classification" preset
// (flip, affine rotate ±15° scale 0.9–1.1 shift ±10 %, brightness/contrast ±0.2) on 10,000
// 28×28×1 and 1,000 224×224×3 images, through the app's own speed test (Augment tab →
// "Throughput on this machine"): 8-bit pixels in, augment, 8-bit pixels read back, which is the
// path "Augment dataset" takes. The engine alone on one worker (float tensors in and out, read
// back) is reported beside it.
//
// The software GPU adapters here (SwiftShader) are 20–100× slower than WASM: on them a smaller count
// is run and the output says so. On WASM and CPU the standard preset takes the fused 8-bit path
// (src/core/pipeline/fused.ts); "engineOneWorker" is the float tensor engine, for comparison.

const REFERENCE_OPENCV = { '28x28x1': 21000, '224x224x3': 2000 };

/** [backend, size id, count, workers ('' = one per core), note when capped] */
const RUNS = [
  ['wasm', '28x1', 10000, '1'],
  ['wasm', '28x1', 10000, ''],
  ['wasm', '224x3', 1000, '1'],
  ['wasm', '224x3', 1000, ''],
  ['cpu', '28x1', 10000, ''],
  ['cpu', '224x3', 1000, ''],
  ['webgpu', '28x1', 2000, '', 'capped at 2,000 images: the WebGPU adapter here is SwiftShader (software)'],
  ['webgpu', '224x3', 30, '', 'capped at 30 images: the WebGPU adapter here is SwiftShader (software)'],
  ['webgl', '28x1', 2000, '', 'capped at 2,000 images: WebGL here is SwiftShader (software)'],
  ['webgl', '224x3', 30, '', 'capped at 30 images: WebGL here is SwiftShader (software)'],
];

async function openWithBackend(browser, url, backend) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((b) => {
    localStorage.setItem('augment-studio.sample-loaded', '1');
    localStorage.setItem('augment-studio.settings', JSON.stringify({ state: { backendOverride: b }, version: 1 }));
  }, backend);
  await page.goto(url);
  await page.getByTestId('backend').filter({ hasText: backend }).waitFor({ timeout: 120_000 });
  await page.getByTestId('tab-augment').click();
  await page.locator('.speed-test summary').click();
  return { context, page };
}

async function measure(page, sizeId, count, workers) {
  await page.getByTestId('speed-size').selectOption(sizeId);
  await page.getByTestId('speed-count').fill(String(count));
  await page.getByTestId('speed-workers').fill(workers);
  const before = await page.getByTestId('speed-result').getAttribute('data-json').catch(() => null);
  await page.getByTestId('speed-run').click();
  const result = page.getByTestId('speed-result');
  for (let waited = 0; ; waited += 500) {
    const json = await result.getAttribute('data-json', { timeout: 600_000 }).catch(() => null);
    if (json && json !== before && (await page.getByTestId('speed-run').isEnabled())) return JSON.parse(json);
    if (waited > 600_000) throw new Error('the speed test did not finish in 10 minutes');
    await page.waitForTimeout(500);
  }
}

export async function augmentBench(browser, url) {
  const runs = [];
  const byBackend = new Map();
  // BENCH_AUGMENT_BACKENDS=wasm,cpu runs only those backends.
  const backends = process.env.BENCH_AUGMENT_BACKENDS?.split(',');
  for (const run of RUNS) {
    if (backends && !backends.includes(run[0])) continue;
    if (!byBackend.has(run[0])) byBackend.set(run[0], []);
    byBackend.get(run[0]).push(run);
  }
  for (const [backend, list] of byBackend) {
    let opened;
    try {
      opened = await openWithBackend(browser, url, backend);
      for (const [, sizeId, count, workers, note] of list) {
        try {
          const r = await measure(opened.page, sizeId, count, workers);
          runs.push({
            backend: r.backend,
            images: `${r.size}x${r.size}x${r.channels}`,
            count: r.count,
            workers: r.workers,
            wasmThreadsPerWorker: r.wasmThreads,
            imagesPerSecond: Math.round(r.imagesPerSecond),
            engineOneWorkerImagesPerSecond: r.engine ? Math.round(r.engine.imagesPerSecond) : null,
            msPerImage: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k.replace(/Ms$/, ''), +(v / r.count).toFixed(3)])),
            conversion: r.conversion,
            ...(note ? { note } : {}),
          });
        } catch (e) {
          runs.push({ backend, images: sizeId, count, error: String(e.message ?? e).split('\n')[0] });
        }
      }
    } catch (e) {
      runs.push({ backend, error: `could not start: ${String(e.message ?? e).split('\n')[0]}` });
    } finally {
      await opened?.context.close();
    }
  }
  const best = {};
  for (const size of Object.keys(REFERENCE_OPENCV)) {
    const top = runs.filter((r) => r.images === size && r.imagesPerSecond).sort((a, b) => b.imagesPerSecond - a.imagesPerSecond)[0];
    if (top) best[size] = { backend: top.backend, workers: top.workers, imagesPerSecond: top.imagesPerSecond, opencvReference: REFERENCE_OPENCV[size], vsOpenCV: +(top.imagesPerSecond / REFERENCE_OPENCV[size]).toFixed(2) };
  }
  return {
    pipeline: 'standard classification: HorizontalFlip p 0.5, Affine (rotate ±15°, scale 0.9–1.1, shift ±10 %), BrightnessContrast ±0.2/±0.2',
    measures: '8-bit pixels in → augment → 8-bit pixels read back (what "Augment dataset" does); engineOneWorker: float tensors in and read back, one worker',
    runs,
    best,
  };
}
