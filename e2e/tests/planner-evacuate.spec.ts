/**
 * Evacuating a host and rebalancing a site from the side panel (R16,
 * docs/planning.md). Evacuation: the dialog
 * shows where the engine sends each VM and the waves, and stages every move
 * for review. The demo host fra1.acc-1-h1 runs three VMs; `vmmi plan waves
 * --evacuate fra1.acc-1-h1` on the same estate places all three in fra1 in two
 * waves (two copies per host at a time).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { clickNode, screenshot, skipPlanHint, waitForView } from './helpers.ts';

test('Evacuate host… proposes a place for each VM, in waves, and stages the moves', async ({
  page,
}) => {
  await skipPlanHint(page);
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await clickNode(page, 'fra1.acc-1-h1');
  await expect(page.getByTestId('device-info')).toContainText('acc-1-h1');

  await page.getByTestId('evacuate-host').click();
  const dialog = page.getByTestId('evacuation-dialog-host');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Evacuate host fra1.acc-1-h1');
  await expect(page.getByTestId('evacuation-summary')).toContainText(
    '3 VMs: 3 placed (3 VMs to fra1), 0 not placed.',
  );
  await expect(page.getByTestId('evacuation-waves').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('evacuation-waves').locator('tbody tr').first()).toContainText(
    'at once',
  );
  await screenshot(page, 'planner-evacuate-host.png');

  await page.getByTestId('evacuation-stage').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('staged-plan')).toHaveCount(3);
  await expect(page.getByTestId('planner-notice')).toContainText(
    'Staged 3 moves of the evacuation of fra1.acc-1-h1',
  );
});

test('Rebalance… consolidates a site: fewer busy hosts, the freed ones named, the moves staged', async ({
  page,
}) => {
  await skipPlanHint(page);
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await page.getByTestId('rebalance-site').click();
  const dialog = page.getByTestId('rebalance-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('rebalance-objective').selectOption('consolidate');
  const busy = dialog.getByText(/^hosts with VMs: \d+ → \d+$/);
  await expect(busy).toBeVisible();
  const [before, after] = (await busy.textContent())!.match(/\d+/g)!.map(Number);
  // Ten moves empty whole hosts only: fewer busy hosts, each freed one listed.
  expect(after).toBeLessThan(before!);
  const freed = (await page.getByTestId('rebalance-freed').textContent())!
    .replace('Hosts that can be powered off after the moves: ', '')
    .split(', ');
  expect(freed).toHaveLength(before! - after!);
  const stage = page.getByTestId('rebalance-stage');
  const moves = Number((await stage.textContent())!.match(/\d+/)![0]);
  expect(moves).toBeGreaterThan(0);
  expect(moves).toBeLessThanOrEqual(10);
  await stage.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('staged-plan')).toHaveCount(moves);
  await expect(page.getByTestId('planner-notice')).toContainText(
    `Staged ${moves} move${moves === 1 ? '' : 's'} of the rebalancing of fra1`,
  );
});

test('the VM table moves the VMs it shows (an application) to a site in waves', async ({
  page,
}) => {
  // Counted from the estate the server seeds: acme-web's VMs outside ams1.
  const estate = JSON.parse(
    readFileSync(new URL('../../examples/demo-estate.json', import.meta.url), 'utf8'),
  ) as { devices: { id: string; siteId: string }[]; vms: { name: string; hostId: string }[] };
  const siteOf = new Map(estate.devices.map((d) => [d.id, d.siteId]));
  const acmeWeb = estate.vms.filter((v) => v.name.startsWith('acme-web'));
  const away = acmeWeb.filter((v) => siteOf.get(v.hostId) !== 'ams1').length;

  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('vm-table-toggle').click();
  await page.getByTestId('vm-filter').fill('acme-web');
  await expect(page.getByTestId('vm-count')).toHaveText(`${acmeWeb.length} of 320 VMs`);
  await page.getByLabel(`Move the ${acmeWeb.length} shown to`).selectOption('ams1');
  await page.getByTestId('vm-waves').click();
  const dialog = page.getByTestId('evacuation-dialog-vms');
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(
    `Move ${acmeWeb.length} VMs to ams1`,
  );
  await expect(dialog.getByTestId('evacuation-summary')).toContainText(`${away} VMs: `);
  await screenshot(page, 'planner-application-waves.png');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
