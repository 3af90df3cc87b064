/**
 * The Evaluate tab: on the embedded Fashion-MNIST sample, 25 training images per class, arms (a)
 * real and (b) real + the Augment tab's pipeline, 2 seeds, a short budget. The result table, the
 * confusion matrix (and the images behind a cell), the verdict and the history appear, and the
 * JSON and HTML reports download and parse. Tiny on purpose: the machine here has no real GPU.
 */
import { readFileSync } from 'node:fs';
import { expect, openApp, test, waitForImport } from './app';

const SEEDS = 2;
const PER_CLASS = 25;
const STEPS = 24; // 3 epochs over 250 images at batch 32
const MAX_VALIDATION = 200;

test('runs real vs augmented on the sample and reports the verdict', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, { sample: true });
  await waitForImport(page);
  await page.getByTestId('tab-evaluate').click();

  // The data's own test split validates (real images, never trained on).
  await expect(page.getByTestId('eval-inputs')).toContainText('test split');
  await expect(page.getByTestId('eval-no-synthetic')).toBeVisible();
  await expect(page.getByTestId('eval-arm-synthetic')).toBeDisabled();

  await page.getByTestId('eval-arm-augmented').check();
  await page.getByTestId('eval-seeds').fill(String(SEEDS));
  await page.getByTestId('eval-low-data').check();
  await page.getByTestId('eval-per-class').fill(String(PER_CLASS));
  await page.getByTestId('eval-budget-mode').selectOption('steps');
  await page.getByTestId('eval-steps').fill(String(STEPS));
  await page.getByTestId('eval-max-validation').fill(String(MAX_VALIDATION));

  await page.getByTestId('eval-start').click();
  await expect(page.getByTestId('eval-progress')).toBeVisible();
  await expect(page.getByTestId('eval-cancel')).toBeEnabled();

  // Results: one row per arm, each over both seeds.
  const table = page.getByTestId('eval-results');
  await expect(table).toBeVisible({ timeout: 200_000 });
  await expect(page.getByTestId('eval-error')).toHaveCount(0);
  const rows = table.getByTestId('eval-arm-row');
  await expect(rows).toHaveCount(2);
  expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-arm'), e.getAttribute('data-seeds')]))).toEqual([
    ['real', String(SEEDS)],
    ['augmented', String(SEEDS)],
  ]);
  for (const acc of await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-accuracy'))))) {
    // 10 classes: a trained CNN beats chance (10 %) even after 24 steps.
    expect(acc).toBeGreaterThan(0.2);
    expect(acc).toBeLessThanOrEqual(1);
  }

  // The verdict: the augmented arm against real, with the 2-seed caveat.
  const verdict = page.getByTestId('eval-verdict');
  await expect(verdict).toContainText(/Augmentation (raised|lowered) accuracy|No significant difference/);
  await expect(verdict).toContainText('2 seeds');
  await expect(verdict).toContainText(`${PER_CLASS * 10} training images`);

  // Confusion matrix: 10 × 10, every validation image counted once per seed.
  const confusion = page.getByTestId('eval-confusion');
  await expect(confusion).toBeVisible();
  const cells = confusion.getByTestId('eval-confusion-cell');
  await expect(cells).toHaveCount(100);
  const counts = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(MAX_VALIDATION * SEEDS);

  // A cell shows the images in it.
  const nonEmpty = confusion.locator('[data-testid="eval-confusion-cell"]:not([data-count="0"])').first();
  const inCell = Number(await nonEmpty.getAttribute('data-count'));
  await nonEmpty.click();
  const images = page.getByTestId('eval-cell-images');
  await expect(images).toBeVisible();
  const distinct = Number(await images.getAttribute('data-count'));
  expect(distinct).toBeGreaterThan(0);
  expect(distinct).toBeLessThanOrEqual(inCell);
  await expect(images.locator('canvas')).toHaveCount(Math.min(distinct, 60));

  // Saved in the history.
  await expect(page.getByTestId('eval-history-item')).toHaveCount(1);

  // The JSON report downloads and parses, with the numbers shown.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('eval-report-json').click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const report = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(report.schema).toBe('augment-studio/evaluate-report');
  expect(report.version).toBe(1);
  expect(report.pipeline.name).toBeTruthy();
  const experiment = report.experiments[0];
  expect(experiment.status).toBe('complete');
  expect(experiment.plan.seeds).toEqual([1, 2]);
  expect(experiment.plan.perClass).toBe(PER_CLASS);
  expect(experiment.plan.stepsPerRun).toBe(STEPS);
  expect(experiment.plan.arms).toEqual(['real', 'augmented']);
  expect(experiment.validation.count).toBe(MAX_VALIDATION);
  expect(experiment.runs).toHaveLength(2 * SEEDS);
  expect(experiment.verdicts).toHaveLength(1);
  const shown = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-accuracy'))));
  expect(experiment.arms.map((a: { accuracy: { mean: number } }) => a.accuracy.mean)).toEqual(shown);
  await expect(verdict).toContainText(experiment.verdicts[0].text.slice(0, 40));

  // And the HTML report: a standalone page with the verdict, no script.
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('eval-report-html').click()]);
  const page2 = readFileSync((await html.path())!, 'utf8');
  expect(page2).toMatch(/^<!doctype html>/i);
  expect(page2).not.toMatch(/<script/i);
  expect(page2).toContain('Real + augmentation');
});
