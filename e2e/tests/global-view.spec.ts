/** (a) The global view shows every data center of the demo estate, on the canvas and in the list. */
import { expect, test } from '@playwright/test';
import { count, screenshot, waitForView } from './helpers.ts';

const DEMO_SITES = ['fra1', 'ams1', 'lon1', 'sin1', 'iad1', 'dub-cloud'];

test('the global view shows all six DCs of the demo estate and their WAN mesh', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await expect(page.getByTestId('view-title')).toContainText('Global view');

  const list = page.getByRole('navigation', { name: /Data centers/ });
  await expect(list.getByRole('button')).toHaveCount(DEMO_SITES.length);
  for (const id of DEMO_SITES) await expect(page.getByTestId(`site-${id}`)).toBeVisible();

  const sites = await count(page, 'node[kind = "site"]');
  expect(sites).toBe(DEMO_SITES.length);
  expect((await page.evaluate(() => window.__vmmi!.nodeIds())).sort()).toEqual(
    [...DEMO_SITES].sort(),
  );
  await expect(page.getByTestId('count-sites')).toContainText(String(sites));

  // The demo's WAN is a full mesh between the gateways: n(n-1)/2 links.
  expect(await count(page, 'edge[kind = "wan"]')).toBe((sites * (sites - 1)) / 2);
  await expect(page.getByRole('table')).toBeVisible();

  // The URL names the estate and the view once they are known.
  await expect(page).toHaveURL(/[?&]estate=demo/);
  await expect(page).toHaveURL(/[?&]view=global/);
  await expect(page.getByRole('img', { name: /Map of 6 data centers/ })).toBeVisible();
  await screenshot(page, 'global-view.png');
});
