/**
 * The app under test: a Playwright `test` whose page records every request (page and workers)
 * and fails the test if anything went to another origin or was anything but a GET, plus
 * helpers that drive the app through its data-testid hooks.
 */
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ requests: string[] }>({
  requests: async ({ context, baseURL }, use) => {
    const requests: string[] = [];
    context.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    await use(requests);
    const origin = new URL(baseURL!).origin;
    const foreign = requests.filter((r) => {
      const url = r.slice(r.indexOf(' ') + 1);
      return !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:');
    });
    expect(foreign, 'requests to other origins').toEqual([]);
    // Only GETs of the app's own files: nothing is ever sent upstream.
    expect(requests.filter((r) => !r.startsWith('GET ')), 'requests that are not GETs').toEqual([]);
  },
});
export { expect };

/** Opens the app; without `sample`, the first-visit sample import is skipped. */
export async function openApp(page: Page, { sample = false } = {}): Promise<void> {
  if (!sample) await page.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
  await page.goto('/');
  await expect(page.getByTestId('tab-data')).toBeVisible();
}

/** Waits for the running import to finish and returns the report's numbers. */
export async function waitForImport(page: Page): Promise<{ imported: number; skipped: number }> {
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0, { timeout: 120_000 });
  const report = page.getByTestId('ingest-report');
  await expect(report).toBeVisible();
  const num = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ''));
  return { imported: await num('report-imported'), skipped: await num('report-skipped') };
}

/** Class name → count, as the class summary shows them. */
export async function classCounts(page: Page): Promise<Record<string, number>> {
  const items = page.getByTestId('class-summary').locator('[data-class]');
  await expect(items.first()).toBeVisible();
  const entries = await items.evaluateAll((els) => els.map((e) => [e.getAttribute('data-class')!, Number(e.getAttribute('data-count'))] as const));
  return Object.fromEntries(entries);
}

/** Waits until the class summary shows exactly these counts (it refreshes a moment after an import ends). */
export async function expectClassCounts(page: Page, expected: Record<string, number>): Promise<void> {
  await expect.poll(() => classCounts(page), { timeout: 30_000 }).toEqual(expected);
}

/** Skipped files in the report: path → reason. */
export async function skippedFiles(page: Page): Promise<Record<string, string>> {
  const items = page.getByTestId('skipped-file');
  const entries = await items.evaluateAll((els) => els.map((e) => [e.getAttribute('data-path')!, e.getAttribute('data-reason')!] as const));
  return Object.fromEntries(entries);
}

/** Drops a file on the page the way a browser does: a drop event carrying a DataTransfer. */
export async function dropFile(page: Page, name: string, bytes: Buffer, type = 'application/zip'): Promise<void> {
  await page.evaluate(
    ({ name, data, type }) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type });
      const dt = new DataTransfer();
      dt.items.add(file);
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { name, data: bytes.toString('base64'), type },
  );
}
