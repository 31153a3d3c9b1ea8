/**
 * (b) Site views: each topology drawn in full, counted through the test hook
 * against the numbers its parameters imply (read from the side panel).
 */
import { expect, test } from '@playwright/test';
import { clickNode, count, screenshot, siteParam, waitForView } from './helpers.ts';

const SWITCHES = 'node[kind = "device"][role != "host"][role != "gateway"]';

test('clicking the fat-tree DC ams1 on the map opens it with 5k²/4 switches and k³/4 hosts', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await clickNode(page, 'ams1');
  await waitForView(page, 'site', 'ams1');
  await expect(page.getByTestId('view-title')).toContainText('Amsterdam AMS1');
  await expect(page).toHaveURL(/[?&]view=site&site=ams1/);

  const k = await siteParam(page, 'k');
  expect(k % 2).toBe(0);
  expect(await count(page, 'node[role = "core"]')).toBe((k / 2) ** 2);
  expect(await count(page, 'node[role = "aggregation"]')).toBe((k * k) / 2);
  expect(await count(page, 'node[role = "edge"]')).toBe((k * k) / 2);
  expect(await count(page, SWITCHES)).toBe((5 * k * k) / 4);
  expect(await count(page, 'node[role = "host"]')).toBe(k ** 3 / 4);
  expect(await count(page, 'node[role = "gateway"]')).toBe(1);
  // One box per pod, and every host shows its VM count as its label.
  expect(await count(page, 'node[kind = "group"]')).toBe(k);
  expect(await count(page, 'node[role = "host"][label]')).toBe(k ** 3 / 4);
  await expect(page.getByTestId('role-count-core')).toContainText(String((k / 2) ** 2));
  await screenshot(page, 'site-ams1-fat-tree.png');

  // Clicking a host shows it in the side panel.
  await clickNode(page, 'ams1.p0-e0-h2');
  await expect(page.getByTestId('device-info')).toContainText('p0-e0-h2');
});

test('the keyboard opens the three-tier DC fra1 from the site list', async ({ page }) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('site-fra1').focus();
  await page.keyboard.press('Enter');
  await waitForView(page, 'site', 'fra1');

  const cores = await siteParam(page, 'cores');
  const aggregations = await siteParam(page, 'aggregations');
  const access = aggregations * (await siteParam(page, 'accessPerAggregation'));
  const hosts = access * (await siteParam(page, 'hostsPerAccess'));
  expect(await count(page, 'node[role = "core"]')).toBe(cores);
  expect(await count(page, 'node[role = "aggregation"]')).toBe(aggregations);
  expect(await count(page, 'node[role = "access"]')).toBe(access);
  expect(await count(page, 'node[role = "host"]')).toBe(hosts);
  await expect(page.getByTestId('site-fra1')).toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'site-fra1-three-tier.png');

  // Esc goes back to the global view.
  await page.keyboard.press('Escape');
  await waitForView(page, 'global');
});

test('BCube(n,k) sin1 has k+1 levels of n^k switches and n^(k+1) servers', async ({ page }) => {
  await page.goto('/?estate=demo&view=site&site=sin1');
  await waitForView(page, 'site', 'sin1');
  const n = await siteParam(page, 'n');
  const k = await siteParam(page, 'k');
  for (let level = 0; level <= k; level++)
    expect(await count(page, `node[role = "bcube-switch"][level = ${level}]`)).toBe(n ** k);
  expect(await count(page, 'node[role = "bcube-switch"]')).toBe((k + 1) * n ** k);
  expect(await count(page, 'node[role = "host"]')).toBe(n ** (k + 1));
  // Every server links to one switch per level.
  expect(await count(page, 'edge[tier = "host"]')).toBe(n ** (k + 1) * (k + 1));
  await screenshot(page, 'site-sin1-bcube.png');
});

test('leaf-spine lon1 links every leaf to every spine', async ({ page }) => {
  await page.goto('/?estate=demo&view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');
  const spines = await siteParam(page, 'spines');
  const leaves = await siteParam(page, 'leaves');
  const hostsPerLeaf = await siteParam(page, 'hostsPerLeaf');
  expect(await count(page, 'node[role = "spine"]')).toBe(spines);
  expect(await count(page, 'node[role = "leaf"]')).toBe(leaves);
  expect(await count(page, 'node[role = "host"]')).toBe(leaves * hostsPerLeaf);
  expect(await count(page, 'edge[tier = "fabric"]')).toBe(spines * leaves + spines);
  await screenshot(page, 'site-lon1-leaf-spine.png');
});
