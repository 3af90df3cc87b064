/**
 * The Augment tab: build a pipeline, watch the live preview follow it, share and reload it,
 * exchange pipeline files (ours and Albumentations), refuse bad ones, and add augmented images to
 * a dataset. One journey forces WebGPU (SwiftShader here: slow, so tiny).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectClassCounts, openApp, test, waitForImport } from './app';
import { png, zip } from './fixtures';

/** A small 28×28 grey dataset: `perClass` distinct images in each class folder. */
function greyZip(classes: string[], perClass: number): Buffer {
  const files: Record<string, Uint8Array> = {};
  let seed = 11;
  for (const c of classes) for (let i = 0; i < perClass; i++) files[`${c}/${c}_${i}.png`] = png(28, 28, seed++, true);
  return zip(files);
}

async function importGrey(page: Page, classes = ['cat', 'dog'], perClass = 4): Promise<void> {
  await page.getByTestId('import-files').setInputFiles({ name: 'pets.zip', mimeType: 'application/zip', buffer: greyZip(classes, perClass) });
  expect(await waitForImport(page)).toEqual({ imported: classes.length * perClass, skipped: 0 });
}

/** The preview's tiles as PNG data URLs, once a preview with `tiles` tiles newer than `after` is shown. */
async function previewAfter(page: Page, after: number, tiles: number): Promise<{ generation: number; images: string[] }> {
  const grid = page.getByTestId('preview-grid');
  await expect.poll(async () => Number(await grid.getAttribute('data-generation')), { timeout: 60_000 }).toBeGreaterThan(after);
  await expect(grid.getByTestId('preview-tile')).toHaveCount(tiles);
  await expect(page.getByTestId('preview-status')).toHaveAttribute('data-busy', 'false');
  const generation = Number(await grid.getAttribute('data-generation'));
  const images = await grid.getByTestId('preview-tile').evaluateAll((els) => els.map((c) => (c as HTMLCanvasElement).toDataURL()));
  return { generation, images };
}

/** Names of the transform nodes in the editor, depth first. */
async function nodeNames(page: Page): Promise<string[]> {
  return page.getByTestId('pipeline-editor').locator('[data-testid^="node-"][data-name]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')!));
}

async function addTransform(page: Page, group: string, search: string, name: string): Promise<void> {
  await page.getByTestId(`add-transform-${group}`).click();
  await page.getByTestId('transform-search').fill(search);
  await page.getByTestId(`transform-option-${name}`).click();
}

async function exportJson(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline-json').click()]);
  return readFileSync((await download.path())!, 'utf8');
}

async function importFile(page: Page, testId: 'import-pipeline-json' | 'import-albumentations', name: string, text: string): Promise<void> {
  await page.getByTestId(testId).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function openAugment(page: Page): Promise<void> {
  await page.getByTestId('tab-augment').click();
  await expect(page.getByTestId('pipeline-editor')).toBeVisible({ timeout: 60_000 });
}

test('build a pipeline in the editor; the preview follows every change, rerolls, solos; a reload and the link restore it', async ({ page }) => {
  await openApp(page);
  await importGrey(page);
  await openAugment(page);
  await page.getByTestId('preview-count').selectOption('2');
  await page.getByTestId('preview-variants').selectOption('3');
  let shot = await previewAfter(page, 0, 6);

  // Start from nothing: remove the preset's transforms, then add Rotate, a flip and brightness.
  for (const name of await nodeNames(page)) {
    await page.getByTestId('pipeline-editor').locator(`[data-name="${name}"]`).first().locator('[data-testid^="remove-"]').first().click();
  }
  expect(await nodeNames(page)).toEqual([]);
  await addTransform(page, 'root', 'rotat', 'Rotate');
  await addTransform(page, 'root', 'flip', 'HorizontalFlip');
  await addTransform(page, 'root', 'bright', 'Brightness');
  expect(await nodeNames(page)).toEqual(['Rotate', 'HorizontalFlip', 'Brightness']);
  // Reorder with the keyboard-accessible buttons, then by dragging.
  await page.getByTestId('move-up-t2').click();
  expect(await nodeNames(page)).toEqual(['HorizontalFlip', 'Rotate', 'Brightness']);
  await page.getByTestId('drag-t3').dragTo(page.getByTestId('drop-root-0'));
  expect(await nodeNames(page)).toEqual(['Brightness', 'HorizontalFlip', 'Rotate']);
  // A one-of group with a child.
  await page.getByTestId('add-oneof-root').click();
  await addTransform(page, 'g1', 'blur', 'GaussianBlur');
  expect(await nodeNames(page)).toEqual(['Brightness', 'HorizontalFlip', 'Rotate', 'oneOf', 'GaussianBlur']);
  shot = await previewAfter(page, shot.generation, 6);

  // A slider moves: the preview changes.
  const low = page.getByTestId('slider-t1-limit-lo');
  await low.focus();
  for (let i = 0; i < 5; i++) await low.press('ArrowRight');
  await expect(page.getByTestId('param-t1-limit-lo')).not.toHaveValue('-30');
  const moved = await previewAfter(page, shot.generation, 6);
  expect(moved.images).not.toEqual(shot.images);

  // The seed is visible and editable; the same seed gives the same images; reroll gives others.
  await page.getByTestId('seed-input').fill('7');
  const seven = await previewAfter(page, moved.generation, 6);
  await page.getByTestId('seed-input').fill('8');
  const eight = await previewAfter(page, seven.generation, 6);
  expect(eight.images).not.toEqual(seven.images);
  await page.getByTestId('seed-input').fill('7');
  const sevenAgain = await previewAfter(page, eight.generation, 6);
  expect(sevenAgain.images).toEqual(seven.images);
  await page.getByTestId('reroll').click();
  await expect(page.getByTestId('seed-input')).not.toHaveValue('7');
  const rerolled = await previewAfter(page, sevenAgain.generation, 6);
  expect(rerolled.images).not.toEqual(seven.images);

  // Sampled parameters on hover; solo one transform.
  await page.getByTestId('show-params').check();
  await page.getByTestId('solo-t1').click();
  await expect(page.getByTestId('solo-banner')).toContainText('Rotate');
  const solo = await previewAfter(page, rerolled.generation, 6);
  await page.getByTestId('preview-tile').first().hover();
  await expect(page.getByTestId('tile-params').first()).toBeVisible();
  await expect(page.getByTestId('tile-params').first()).toContainText('Rotate · angle');
  await expect(page.getByTestId('tile-params').first()).not.toContainText('Brightness');
  await page.getByTestId('solo-stop').click();
  await previewAfter(page, solo.generation, 6);

  // The link carries the pipeline; a reload restores it (and its seed).
  const seed = await page.getByTestId('seed-input').inputValue();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('pipeline=');
  const link = page.url();
  await page.reload();
  await openAugment(page);
  expect(await nodeNames(page)).toEqual(['Brightness', 'HorizontalFlip', 'Rotate', 'oneOf', 'GaussianBlur']);
  await expect(page.getByTestId('seed-input')).toHaveValue(seed);
  // A fresh profile opening the shared link gets the same pipeline.
  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await second.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
  await second.goto(link);
  await expect(second.getByTestId('pipeline-editor')).toBeVisible({ timeout: 60_000 });
  expect(await nodeNames(second)).toEqual(['Brightness', 'HorizontalFlip', 'Rotate', 'oneOf', 'GaussianBlur']);
  await expect(second.getByTestId('seed-input')).toHaveValue(seed);
  await other.close();
});

const ALBUMENTATIONS = JSON.stringify({
  __version__: '2.0.8',
  transform: {
    __class_fullname__: 'Compose',
    p: 1,
    transforms: [
      { __class_fullname__: 'HorizontalFlip', p: 0.5 },
      { __class_fullname__: 'Affine', p: 0.7, scale: { x: [0.9, 1.1], y: [0.9, 1.1] }, translate_percent: { x: [-0.1, 0.1], y: [-0.1, 0.1] }, rotate: [-15, 15], shear: { x: [0, 0], y: [0, 0] }, interpolation: 1, border_mode: 0, fill: 0 },
      { __class_fullname__: 'RandomBrightnessContrast', p: 0.5, brightness_limit: [-0.2, 0.2], contrast_limit: [-0.2, 0.2], brightness_by_max: true },
      { __class_fullname__: 'Superpixels', p: 0.1 },
    ],
    bbox_params: null,
    keypoint_params: null,
    additional_targets: {},
    is_check_shapes: true,
  },
});

test('pipeline files: export and import back identical, an Albumentations file, and bad files that change nothing', async ({ page }) => {
  await openApp(page);
  await importGrey(page);
  await openAugment(page);

  const exported = await exportJson(page);
  expect(JSON.parse(exported)).toMatchObject({ version: 1, root: { type: 'compose' } });
  // Change the pipeline, then import the file: it comes back exactly.
  await page.getByTestId('remove-flip').click();
  expect(await exportJson(page)).not.toEqual(exported);
  await importFile(page, 'import-pipeline-json', 'standard.pipeline.json', exported);
  await expect(page.getByTestId('pipeline-message')).toHaveAttribute('data-kind', 'info');
  expect(await exportJson(page)).toEqual(exported);

  // Albumentations: the known transforms come in, the unknown one is named.
  await importFile(page, 'import-albumentations', 'albu.json', ALBUMENTATIONS);
  const message = page.getByTestId('pipeline-message');
  await expect(message).toHaveAttribute('data-kind', 'warning');
  await expect(message).toContainText('Superpixels');
  expect(await nodeNames(page)).toEqual(['HorizontalFlip', 'Affine', 'BrightnessContrast']);
  const albuPipeline = await exportJson(page);

  // Malformed JSON: a clear message with the place, and nothing changes.
  await importFile(page, 'import-pipeline-json', 'broken.json', '{ "version": 1, "root": { "type": "compose", ');
  await expect(message).toHaveAttribute('data-kind', 'error');
  await expect(message).toContainText('not valid JSON');
  await expect(message).toContainText('your pipeline is unchanged');
  expect(await exportJson(page)).toEqual(albuPipeline);

  // An out-of-range parameter: refused, named, nothing changes.
  const outOfRange = JSON.parse(exported);
  outOfRange.root.children.push({ id: 'r1', type: 'transform', name: 'Rotate', p: 1, params: { limit: [-200, 30] } });
  await importFile(page, 'import-pipeline-json', 'too-far.json', JSON.stringify(outOfRange));
  await expect(message).toHaveAttribute('data-kind', 'error');
  await expect(message).toContainText('"limit" = [-200, 30] is outside its allowed range');
  expect(await exportJson(page)).toEqual(albuPipeline);

  // An unknown transform name: the rest is imported and the unknown one named.
  const unknown = JSON.parse(exported);
  unknown.root.children.splice(1, 0, { id: 'x1', type: 'transform', name: 'Swirl', p: 1, params: {} });
  await importFile(page, 'import-pipeline-json', 'swirl.json', JSON.stringify(unknown));
  await expect(message).toHaveAttribute('data-kind', 'warning');
  await expect(message).toContainText('Swirl');
  expect(await exportJson(page)).toEqual(exported);

  // Typed values outside a parameter's range are refused where they are typed.
  await page.getByTestId('param-affine-rotate-hi').fill('500');
  await expect(page.getByTestId('param-error-affine-rotate')).toContainText('outside the allowed range -180 to 180');
  await page.getByTestId('param-flip-p').fill('1.5');
  await expect(page.getByTestId('param-error-flip-p')).toContainText('outside the allowed range 0 to 1');
  expect(await exportJson(page)).toEqual(exported);

  // A transform that needs colour, on this grey dataset: said plainly.
  await addTransform(page, 'root', 'hue', 'HueSaturationValue');
  await expect(page.getByTestId('pipeline-issues')).toContainText('needs RGB images');
});

test('augment the dataset: 3 variants per image appear in the gallery marked augmented, and can be removed', async ({ page }) => {
  await openApp(page);
  await importGrey(page);
  await openAugment(page);
  await expect(page.getByTestId('materialise-estimate')).toHaveAttribute('data-total', '24');
  await page.getByTestId('materialise-variants').fill('3');
  await page.getByTestId('materialise-start').click();
  const result = page.getByTestId('materialise-result');
  await expect(result).toHaveAttribute('data-created', '24', { timeout: 60_000 });
  await expect(result).toHaveAttribute('data-cancelled', 'false');

  await page.getByTestId('tab-data').click();
  await expectClassCounts(page, { cat: 16, dog: 16 });
  await page.getByTestId('filter-kind').selectOption('augmented');
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', '24');
  await expect(page.getByTestId('gallery-tile').first()).toHaveAttribute('data-kind', 'augmented');
  await page.getByTestId('gallery-tile').first().click();
  await expect(page.getByTestId('viewer-file')).toContainText('_aug');
  await expect(page.getByTestId('image-viewer')).toContainText('augmented of');
  await expect(page.getByTestId('image-viewer')).toContainText('pipelineId');

  // Balancing after removing: each class up to 6.
  await page.keyboard.press('Escape');
  await openAugment(page);
  await page.getByTestId('remove-all-augmented').click();
  await expect(page.getByTestId('augmented-groups')).toHaveCount(0);
  await page.getByTestId('materialise-mode-balance').check();
  await page.getByTestId('materialise-target').fill('6');
  await expect(page.getByTestId('materialise-estimate')).toHaveAttribute('data-total', '4');
  await page.getByTestId('materialise-start').click();
  await expect(result).toHaveAttribute('data-created', '4', { timeout: 60_000 });
  await page.getByTestId('tab-data').click();
  await expectClassCounts(page, { cat: 6, dog: 6 });
});

test('a long run can be cancelled: what was written before the cancel stays, consistent, and can be removed', async ({ page }) => {
  await openApp(page);
  await importGrey(page, ['cat', 'dog'], 10);
  await openAugment(page);
  await page.getByTestId('materialise-variants').fill('1000');
  await expect(page.getByTestId('materialise-estimate')).toHaveAttribute('data-total', '20000');
  await page.getByTestId('materialise-start').click();
  // Cancel once some images are written.
  const progress = page.getByTestId('materialise-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByTestId('materialise-cancel').click();
  const result = page.getByTestId('materialise-result');
  await expect(result).toHaveAttribute('data-cancelled', 'true', { timeout: 60_000 });
  const created = Number(await result.getAttribute('data-created'));
  expect(created).toBeGreaterThan(0);
  expect(created).toBeLessThan(20000);
  // The gallery holds exactly the originals and the images written before the cancel.
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', String(20 + created));
  await openAugment(page);
  await page.getByTestId('remove-all-augmented').click();
  await page.getByTestId('tab-data').click();
  await expectClassCounts(page, { cat: 10, dog: 10 });
});

test('on forced WebGPU the preview and materialising run on the GPU code path', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('backend-override').selectOption('webgpu');
  await page.getByTestId('close-settings').click();
  await expect(page.getByTestId('backend')).toContainText('webgpu', { timeout: 60_000 });
  await importGrey(page, ['a', 'b'], 2);
  await openAugment(page);
  await page.getByTestId('preview-count').selectOption('2');
  await page.getByTestId('preview-variants').selectOption('2');
  await previewAfter(page, 0, 4);
  await expect(page.getByTestId('preview-status')).toContainText('on webgpu');
  await page.getByTestId('materialise-variants').fill('1');
  await page.getByTestId('materialise-start').click();
  await expect(page.getByTestId('materialise-result')).toHaveAttribute('data-created', '4', { timeout: 120_000 });
  await page.getByTestId('tab-data').click();
  await expectClassCounts(page, { a: 4, b: 4 });
});
