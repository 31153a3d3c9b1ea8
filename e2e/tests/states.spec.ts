/** Loading and error states: an unreachable server gets a clear message and a working Retry. */
import { expect, test } from '@playwright/test';
import { screenshot, waitForView } from './helpers.ts';

test('an unreachable server shows an error with Retry, and Retry recovers', async ({ page }) => {
  await page.route('**/trpc/**', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Cannot reach the VMMI server');
  await expect(page.getByTestId('retry')).toBeVisible();
  expect(await page.evaluate(() => window.__vmmi?.ready)).toBe(false);
  await screenshot(page, 'error-unreachable.png');

  await page.unroute('**/trpc/**');
  await page.getByTestId('retry').click();
  await waitForView(page, 'global');
  await expect(alert).toHaveCount(0);
});

test('a slow server shows the loading state first', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/trpc/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByTestId('status-loading')).toBeVisible();
  release();
  await waitForView(page, 'global');
  await expect(page.getByTestId('status-loading')).toHaveCount(0);
});
