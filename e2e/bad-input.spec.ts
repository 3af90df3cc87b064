/** Bad input: every bad file is explained in the report, and every good file of the same drop is imported. */
import { expectClassCounts, expect, openApp, skippedFiles, test, waitForImport } from './app';
import { blankPng, png, zip } from './fixtures';

/** A 2×2 BMP (24-bit), written by hand: the format is a 54-byte header and padded BGR rows. */
function bmp(): Uint8Array {
  const b = Buffer.alloc(54 + 16);
  b.write('BM', 0);
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(2, 18);
  b.writeInt32LE(2, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(16, 34);
  b.set([0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 255, 255, 255, 0, 0], 54);
  return b;
}

// A 1×1 GIF (the classic transparent pixel), as browsers and tools have used it for decades.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

test('a drop full of bad files: each one has a reason, every good one is imported', async ({ page }) => {
  await openApp(page);
  // WebP comes from the browser's own encoder.
  await page.goto('/');
  const webp = Buffer.from(
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(8, 8);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#3a7';
      ctx.fillRect(0, 0, 8, 8);
      const blob = await c.convertToBlob({ type: 'image/webp' });
      return [...new Uint8Array(await blob.arrayBuffer())];
    }),
  );
  const good = png(20, 20, 1);
  const files: Record<string, Uint8Array> = {
    'cat/good.png': good,
    'cat/other.bmp': bmp(),
    'cat/anim.gif': GIF,
    'cat/photo.webp': webp,
    '猫/ok.png': png(20, 20, 2),
    'Ünïcødé 🐶/ok.png': png(20, 20, 3),
    'cat/truncated.png': png(20, 20, 4).subarray(0, 60),
    'cat/zero.png': new Uint8Array(0),
    'cat/notes.jpg': new TextEncoder().encode('these are my notes, not a photo'),
    'cat/huge.png': blankPng(12000, 12000),
    '__MACOSX/cat/._good.png': good,
    'cat/.DS_Store': new Uint8Array([0, 0, 0, 1, 66, 117, 100, 49]),
    '../escape.png': png(20, 20, 5),
    'cat/sub/deeper/nested.png': png(20, 20, 6),
    'empty_class/': new Uint8Array(0),
  };
  await page.getByTestId('import-files').setInputFiles({ name: 'messy.zip', mimeType: 'application/zip', buffer: zip(files) });
  const report = await waitForImport(page);
  expect(await skippedFiles(page)).toEqual({
    'cat/truncated.png': 'corrupt',
    'cat/zero.png': 'empty-file',
    'cat/notes.jpg': 'not-an-image',
    'cat/huge.png': 'too-large',
    '__MACOSX/cat/._good.png': 'system-file',
    'cat/.DS_Store': 'system-file',
    '../escape.png': 'unsafe-path',
    'cat/sub/deeper/nested.png': 'too-deep',
  });
  expect(report).toEqual({ imported: 6, skipped: 8 });
  await expect(page.getByTestId('report-empty-classes')).toContainText('empty_class');
  await expect(page.getByTestId('ingest-report')).toContainText('12000×12000');
  await expectClassCounts(page, { cat: 4, '猫': 1, 'Ünïcødé 🐶': 1 });
});

test('a file that is not a zip at all is reported, and the workspace is untouched', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('import-files').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('PK this is not really a zip') });
  const report = await waitForImport(page);
  expect(report).toEqual({ imported: 0, skipped: 1 });
  await expect(page.getByTestId('skipped-file')).toContainText('not a zip');
  await expect(page.getByTestId('empty-state')).toBeVisible();
});
