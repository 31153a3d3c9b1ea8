/**
 * The planner never shows a stale or deleted estate as live: it checks the server every
 * 15 s and says, under the view bar, how old its figures are while the server is away,
 * or that its estate was deleted, the last picture staying up. Playwright's clock moves
 * the page's time on instead of waiting for the checks.
 */
import { expect, test } from '@playwright/test';
import { anyTrpc, count, listWithout, waitForView } from './helpers.ts';

const DEMO_SITES = 6;

test('says when the estate was deleted on the server, and how old the figures are while it is away', async ({
  page,
}) => {
  let deleted = false;
  await listWithout(page, 'demo', () => deleted);
  await page.clock.install();
  await page.goto('/');
  await waitForView(page, 'global');
  await expect(page.getByTestId('planner-gone')).toHaveCount(0);
  await expect(page.getByTestId('planner-stale')).toHaveCount(0);

  deleted = true;
  await page.clock.fastForward('00:16');
  await expect(page.getByTestId('planner-gone')).toContainText('“demo” was deleted on the server');
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);
  deleted = false;
  await page.clock.fastForward('00:16');
  await expect(page.getByTestId('planner-gone')).toHaveCount(0);

  await page.route(anyTrpc, (route) => route.abort('connectionrefused'));
  await page.clock.fastForward('00:16');
  const stale = page.getByTestId('planner-stale');
  await expect(stale).toContainText(/are from \d\d:\d\d, stale · \d+ s$/);
  // The picture stays up, not an error page.
  await expect(page.getByTestId('status-error')).toHaveCount(0);
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);
  // Its age counts on.
  const age = async () => Number((await stale.textContent())!.match(/stale · (\d+) s$/)![1]);
  const before = await age();
  await page.clock.fastForward('00:05');
  await expect.poll(age).toBeGreaterThanOrEqual(before + 5);

  await page.unroute(anyTrpc);
  await page.clock.fastForward('00:31');
  await expect(stale).toHaveCount(0);
});
