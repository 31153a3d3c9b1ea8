/** (d) Dark and light themes: the system preference by default, the toggle overrides it, the canvas follows. */
import { expect, test, type Page } from '@playwright/test';
import { screenshot, waitForView } from './helpers.ts';

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme toggle switches between dark and light, page and canvas', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => window.__vmmi?.theme)).toBe('dark');
  const dark = await background(page);
  await screenshot(page, 'theme-dark.png');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.waitForFunction(() => window.__vmmi?.theme === 'light');
  expect(await background(page)).not.toBe(dark);
  await expect(page).toHaveURL(/[?&]theme=light/);
  await screenshot(page, 'theme-light.png');

  // The choice is in the URL, so it survives a reload even though the system prefers dark.
  await page.reload();
  await waitForView(page, 'site', 'fra1');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page).toHaveURL(/[?&]theme=dark/);
});

test('without a choice the theme follows prefers-color-scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForView(page, 'global');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForFunction(() => window.__vmmi?.theme === 'dark');
  await expect(page).not.toHaveURL(/theme=/);
});
