/** The VM table, the search box and the tenant overlay view, on the demo estate (320 VMs, 6 tenants). */
import { expect, test } from '@playwright/test';
import { count, screenshot, waitForView } from './helpers.ts';

test('the VM table lists every VM, filters by address and sorts by name', async ({ page }) => {
  await page.goto('/');
  await waitForView(page, 'global');
  // `t` opens the drawer, as the button does.
  await page.locator('body').press('t');
  const table = page.getByTestId('vm-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('vm-count')).toHaveText('320 VMs');
  await expect(table).toHaveAttribute('aria-rowcount', '321');
  // Windowed: far fewer rows in the DOM than VMs.
  const rendered = await page.locator('tr[data-vm-id]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);

  await page.getByTestId('vm-filter').fill('10.21.0.12');
  await expect(page.getByTestId('vm-count')).toHaveText('1 of 320 VMs');
  await expect(page.locator('tr[data-vm-id]')).toHaveCount(1);
  await expect(page.locator('tr[data-vm-id]')).toContainText('globex-trading');
  await page.getByTestId('vm-filter').fill('');
  await expect(page.getByTestId('vm-count')).toHaveText('320 VMs');

  const nameHeader = page.getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('vm-sort-name').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.locator('tr[data-vm-id]').first()).toHaveAttribute(
    'data-vm-id',
    'acme-legacy-erp-01',
  );
  await page.getByTestId('vm-sort-name').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('tr[data-vm-id]').first()).toHaveAttribute(
    'data-vm-id',
    'wayne-ops-tracker-49',
  );

  // Keyboard: Tab reaches a row, arrows move, Enter selects.
  // After the filter box come Move … in waves' site and button, the ten column headers' sort
  // buttons, then the rows.
  await page.getByTestId('vm-filter').focus();
  for (let i = 0; i < 13; i++) await page.keyboard.press('Tab');
  await expect(page.locator('tr[data-vm-id]:focus')).toHaveAttribute(
    'data-vm-id',
    'wayne-ops-tracker-49',
  );
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const second = page.locator('tr[data-vm-id]').nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-selected', 'true');

  // Scrolled to the end, the last VM is rendered; the first is not any more.
  await page.keyboard.press('End');
  await expect(page.getByTestId('vm-row-acme-legacy-erp-01')).toBeFocused();
  await expect(page.getByTestId('vm-row-wayne-ops-tracker-49')).toHaveCount(0);
  await screenshot(page, 'vm-table.png');

  await page.getByTestId('vm-table-toggle').click();
  await expect(table).toHaveCount(0);
});

test('the table lists only the VMs of the site shown', async ({ page }) => {
  await page.goto('/?view=site&site=lon1');
  await waitForView(page, 'site', 'lon1');
  await page.getByTestId('vm-table-toggle').click();
  const counted = Number(await page.getByTestId('vm-count').getAttribute('data-count'));
  expect(counted).toBeGreaterThan(0);
  expect(counted).toBeLessThan(320);
  await expect(page.locator('tr[data-vm-id]').first()).toContainText('London LON1');
});

test('the search box finds a VM by its MAC and opens its site with its host selected', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  // The demo numbers MACs from 52:54:00:00:00:01; find the VM with the 42nd, typed in another form.
  await page.locator('body').press('/');
  const box = page.getByTestId('search-box');
  await expect(box).toBeFocused();
  await box.fill('52-54-00-00-00-2A');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(options.first()).toContainText('MAC 52:54:00:00:00:2a');
  await box.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const vmId = (await options.first().getAttribute('data-testid'))!.replace('search-hit-vm-', '');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-expanded', 'false');

  await expect(page).toHaveURL(/view=site&site=/);
  const siteId = new URL(page.url()).searchParams.get('site');
  await waitForView(page, 'site', siteId);
  await expect(page.getByTestId('device-info')).toBeVisible();
  expect(await count(page, 'node.highlight[role = "host"]')).toBe(1);

  // The VM is selected: the table opens on its site with its row selected.
  await page.getByTestId('vm-table-toggle').click();
  await expect(page.getByTestId(`vm-row-${vmId}`)).toHaveAttribute('aria-selected', 'true');

  // Esc closes the list; a site is found by name.
  await box.fill('singapore');
  await expect(options.first()).toContainText('Singapore SIN1');
  await box.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await box.press('ArrowDown');
  await box.press('Enter');
  await waitForView(page, 'site', 'sin1');
});

test('the tenant view draws its networks, VMs by site, VNEs and tunnels', async ({ page }) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('tenant-acme').click();
  await waitForView(page, 'tenant', 'acme');
  await expect(page).toHaveURL(/view=tenant&tenant=acme/);
  await expect(page.getByTestId('view-title')).toContainText('Acme Retail');

  // acme-web (VXLAN, stretched over 4 sites, 60 VMs) and acme-legacy (VLAN, per site, 20 VMs).
  expect(await count(page, 'node[kind = "vnet"]')).toBe(2);
  expect(await count(page, 'node[kind = "vm"]')).toBe(80);
  expect(await count(page, 'edge[kind = "vm-net"]')).toBe(80);
  expect(await count(page, 'node[kind = "tsite"]')).toBe(4);
  expect(await count(page, 'edge[kind = "tunnel"]')).toBe(6);
  expect(await count(page, 'node[kind = "vne"]')).toBe(1);
  await screenshot(page, 'tenant-acme.png');

  // The table follows the view: the tenant's VMs only.
  await page.getByTestId('vm-table-toggle').click();
  await expect(page.getByTestId('vm-count')).toHaveText('80 VMs');

  // A link opens the view directly; Esc returns to the global view.
  await page.goto('/?view=tenant&tenant=initech');
  await waitForView(page, 'tenant', 'initech');
  expect(await count(page, 'edge[kind = "tunnel"]')).toBe(3);
  await screenshot(page, 'tenant-initech.png');
  await page.locator('body').press('Escape');
  await waitForView(page, 'global');
});
