/** A new deploy is announced with a prompt; the running page is not swapped under the user. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveStatic } from './static-server';

const root = join(import.meta.dirname, '..');

function build(version: string): string {
  const outDir = join(root, 'test-results', `deploy-${version}`);
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: root, env: { ...process.env, APP_VERSION: version }, stdio: 'inherit' });
  return outDir;
}

test('a new version deployed while the app is open shows an "update available" prompt', async ({ page }) => {
  test.setTimeout(300_000);
  const first = build('1.0.0-update-a');
  const second = build('1.0.0-update-b');
  const server = await serveStatic(first);
  try {
    await page.addInitScript(() => localStorage.setItem('augment-studio.sample-loaded', '1'));
    await page.goto(server.url);
    // The first visit installs the service worker; the next load runs under it.
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state), { timeout: 60_000 }).toBe('activated');
    await page.reload();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('about')).toContainText('1.0.0-update-a');
    await page.getByTestId('close-settings').click();

    server.deploy(second);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(page.getByTestId('update-prompt')).toBeVisible({ timeout: 60_000 });
    // Still the old version until the user says so.
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('about')).toContainText('1.0.0-update-a');
    await page.getByTestId('close-settings').click();

    await page.getByTestId('update-reload').click();
    await page.waitForLoadState('load');
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('about')).toContainText('1.0.0-update-b', { timeout: 30_000 });
  } finally {
    await server.close();
  }
});
