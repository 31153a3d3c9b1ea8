/** (c) The view lives in the URL: a link opens it directly, and Back and Forward move between views. */
import { expect, test } from '@playwright/test';
import { count, waitForView } from './helpers.ts';

test('loading ?view=site&site=lon1 opens that site directly', async ({ page }) => {
  await page.goto('/?view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');
  await expect(page.getByTestId('view-title')).toContainText('London LON1');
  expect(await count(page, 'node[role = "spine"]')).toBeGreaterThan(0);
  // The estate is filled in without adding a history entry.
  await expect(page).toHaveURL(/\?estate=demo&view=site&site=lon1$/);
});

test('navigation writes the URL and the back button returns to the previous view', async ({
  page,
}) => {
  await page.goto('/?view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');

  await page.getByTestId('breadcrumb-global').click();
  await waitForView(page, 'global');
  await expect(page).toHaveURL(/view=global/);

  await page.getByTestId('site-iad1').click();
  await waitForView(page, 'site', 'iad1');
  await expect(page).toHaveURL(/view=site&site=iad1/);

  await page.goBack();
  await waitForView(page, 'global');
  await page.goBack();
  await waitForView(page, 'site', 'lon1');
  await expect(page.getByTestId('view-title')).toContainText('London LON1');
  await page.goForward();
  await waitForView(page, 'global');

  // A reload lands where the URL says.
  await page.goto('/?estate=demo&view=site&site=dub-cloud');
  await waitForView(page, 'site', 'dub-cloud');
});

test('a site the estate does not have falls back to the global view, saying so', async ({
  page,
}) => {
  await page.goto('/?estate=demo&view=site&site=atlantis');
  await waitForView(page, 'global');
  await expect(page.getByTestId('missing-site')).toContainText('atlantis');
});
