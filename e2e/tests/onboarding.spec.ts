/**
 * The first-visit hint (web/src/onboarding): how to plan a move, shown on a
 * first visit (every spec starts with a fresh browser context), out of the
 * canvas's way, dismissed with "Got it" or Escape and remembered across a
 * reload, shown again from the top bar's "?", never on the kiosk.
 */
import { expect, test } from '@playwright/test';
import { waitForView } from './helpers.ts';

test('shows on a first visit beside the canvas, and stays dismissed across a reload', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  const hint = page.getByTestId('plan-hint');
  await expect(hint.getByRole('heading', { name: 'Plan a move' })).toBeVisible();
  await expect(hint).toContainText('click a host');
  await expect(hint).toContainText('Drag a VM');
  await expect(hint).toContainText('press M');
  await expect(hint).toContainText('preview');
  await expect(hint).toContainText('Accept');

  // It takes room from the canvas instead of covering it: the two boxes do not meet, and the
  // canvas's centre is the canvas's.
  const [h, c] = [await hint.boundingBox(), await page.getByTestId('graph-canvas').boundingBox()];
  expect(h!.y + h!.height).toBeLessThanOrEqual(c!.y);
  const centreIsCanvas = await page.evaluate(
    ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="graph-canvas"]'),
    { x: c!.x + c!.width / 2, y: c!.y + c!.height / 2 },
  );
  expect(centreIsCanvas).toBe(true);

  await hint.getByRole('button', { name: 'Got it' }).click();
  await expect(hint).toBeHidden();
  await page.reload();
  await waitForView(page, 'global');
  await expect(page.getByTestId('plan-hint-toggle')).toBeVisible();
  await expect(hint).toHaveCount(0);
});

test('the keyboard reaches it, Escape closes it without leaving the site, "?" brings it back', async ({
  page,
}) => {
  await page.goto('/?estate=demo&view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');
  const hint = page.getByTestId('plan-hint');
  const toggle = page.getByTestId('plan-hint-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  // From the "?" button, Tab goes on through the top bar; the hint's button is reachable too.
  await hint.getByRole('button', { name: 'Got it' }).focus();
  await page.keyboard.press('Escape');
  await expect(hint).toHaveCount(0);
  // Escape closed the hint only: the site view stays, and focus is on the "?" that brings it back.
  await waitForView(page, 'site', 'lon1');
  await expect(page).toHaveURL(/site=lon1/);
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  await page.keyboard.press('Enter');
  await expect(hint).toBeVisible();
  await expect(hint).toBeFocused();
  await page.reload();
  await waitForView(page, 'site', 'lon1');
  // Shown again on purpose: it shows after a reload until dismissed again.
  await expect(hint).toBeVisible();
});

test.describe('on the wall screen', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the kiosk never shows it, nor its "?"', async ({ page }) => {
    await page.goto('/?kiosk&rotate=global&interval=3600&poll=1');
    await waitForView(page, 'global');
    await expect(page.getByTestId('kiosk-connection')).toHaveText('Live');
    await expect(page.getByTestId('plan-hint')).toHaveCount(0);
    await expect(page.getByTestId('plan-hint-toggle')).toHaveCount(0);
  });
});
