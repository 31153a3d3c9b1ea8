/**
 * An accepted plan is executed from the browser and
 * followed live over the event stream; the VM ends up under its new host and
 * the run is in the history. A second run is aborted before switchover and
 * rolls back, while another runs beside it. Each test imports its own copy of
 * the demo estate, so the versions the switchovers bump disturb no other spec.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  clickNode,
  count,
  marked,
  hideMinimap,
  importGeneratedEstate,
  screenshot,
  skipPlanHint,
  stageMoveByKeyboard,
  waitForView,
} from './helpers.ts';

const estate = (id: string, name: string) => ({ id, name, kind: 'demo', params: {} });

/**
 * Accepts the staged plan of a VM, then executes it at the given speed; done
 * when the run's card is in the migrations panel (the plan's own status is
 * passing: it leaves the list once the run ends, which at ×600 may be at once).
 */
async function acceptAndExecute(page: Page, vmId: string, speed: string) {
  const plan = page.getByTestId('staged-plan').filter({ hasText: vmId });
  await plan.getByRole('button', { name: 'Accept' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');
  await plan.getByTestId('execute-speed').selectOption({ label: speed });
  await plan.getByRole('button', { name: 'Execute' }).click();
  await expect(
    page
      .getByTestId('migrations-panel')
      .locator(`[data-testid="migration-card"][data-vm="${vmId}"]`),
  ).toBeVisible();
}

test('execute at ×600: the card follows the run to success, the VM moves, the history lists it', async ({
  page,
  request,
}) => {
  const ESTATE = estate('demo-exec', 'VMMI demo estate, execution test');
  await importGeneratedEstate(request, ESTATE);
  await page.goto(`/?estate=${ESTATE.id}&view=site&site=ams1`);
  await waitForView(page, 'site', 'ams1');
  await hideMinimap(page);
  await expect(page.getByTestId('migrations-toggle')).toBeVisible();

  // 128 GiB of memory and a 200 GiB local disk, across the WAN from Frankfurt.
  await stageMoveByKeyboard(page, 'acme-web-db-05', 'host:ams1.p0-e0-h3');
  await page.getByTestId('site-ams1').click();
  await waitForView(page, 'site', 'ams1');
  // The staged plan is focused: its preview rings the target host.
  await expect.poll(() => marked(page, 'target')).toEqual(['ams1.p0-e0-h3']);
  await acceptAndExecute(page, 'acme-web-db-05', '×600');

  const panel = page.getByTestId('migrations-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('stream-status')).toHaveText('live');
  const card = panel.locator('[data-testid="migration-card"][data-vm="acme-web-db-05"]');
  await expect(card).toBeVisible();
  // The new host and the old one flash at switchover (the old one is in another site: not drawn here).
  // Asserted on the canvas's record of it, not by catching the 1.5 s animation.
  await expect
    .poll(() => page.evaluate(() => window.__vmmi?.flashed ?? []))
    .toContain('ams1.p0-e0-h3');
  await expect(card).toHaveAttribute('data-status', 'succeeded');
  // The run has ended: its plan has left the staged list, and its preview the canvas.
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
  await expect(page.getByTestId('planner-notice')).toContainText(
    'Run ended (acme-web-db-05 succeeded)',
  );
  await expect.poll(() => marked(page, 'target')).toEqual([]);
  await expect(card.getByTestId('migration-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(card.getByTestId('migration-downtime')).not.toHaveText('not yet');
  // Every card, history row and event list says which executor ran it: the simulator by default.
  await expect(card.getByTestId('migration-executor')).toHaveText(/^simulator · /);
  expect(
    Number(await card.getByTestId('rounds-chart').getAttribute('data-rounds')),
  ).toBeGreaterThan(0);
  await expect(page.getByTestId('event-ticker')).toContainText('switched over');
  await expect(page.getByTestId('migrations-count')).toBeHidden();
  // ~1.5 s later the flash is over.
  await expect.poll(() => count(page, 'node.switchover-flash')).toBe(0);

  // The estate was reloaded in place: the VM is under its new host.
  await page.keyboard.press('x');
  await expect(panel).toBeHidden();
  await clickNode(page, 'ams1.p0-e0-h3');
  await expect(page.getByTestId('host-vm-acme-web-db-05')).toBeVisible();

  await page.keyboard.press('x');
  await expect(panel).toBeVisible();
  const history = panel.getByTestId('migration-history');
  await history.locator('summary').click();
  const row = history.locator('[data-testid="history-row"][data-vm="acme-web-db-05"]');
  await expect(row).toHaveAttribute('data-status', 'succeeded');
  await expect(row).toContainText('ok');
  await expect(row.getByTestId('history-executor')).toHaveText(/^simulator · /);
  await screenshot(page, 'execution-history.png');
  await row.getByRole('button', { name: /Events/ }).click();
  const dialog = page.getByTestId('events-dialog');
  await expect(dialog.getByTestId('events-table')).toContainText('switched over');
  await expect(dialog.getByTestId('events-executor')).toHaveText(/simulator · /);
  await expect(dialog.getByTestId('events-table')).toContainText('succeeded');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('two runs at once; a fault and an abort before switchover roll back, and the VMs stay', async ({
  page,
  request,
}) => {
  const ESTATE = estate('demo-exec-abort', 'VMMI demo estate, execution abort test');
  await importGeneratedEstate(request, ESTATE);
  // The migrations panel with two runs and the faults menu needs the canvas's full height.
  await skipPlanHint(page);
  await page.goto(`/?estate=${ESTATE.id}&view=site&site=fra1`);
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);

  // A VM dirtying memory faster than the link sends it: each pre-copy round is as big as the last.
  await stageMoveByKeyboard(page, 'globex-trading-risk-11', 'host:fra1.acc-1-h2');
  // A big local disk copied in real time: minutes of storage copy.
  await stageMoveByKeyboard(page, 'acme-web-db-05', 'host:ams1.p0-e0-h3');
  await acceptAndExecute(page, 'globex-trading-risk-11', '×10');
  await acceptAndExecute(page, 'acme-web-db-05', 'real time');

  const panel = page.getByTestId('migrations-panel');
  const risk = panel.locator('[data-testid="migration-card"][data-vm="globex-trading-risk-11"]');
  const db = panel.locator('[data-testid="migration-card"][data-vm="acme-web-db-05"]');
  await expect(risk).toHaveAttribute('data-status', 'running');
  await expect(db).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('migrations-count')).toHaveText('2');
  await expect(db.getByTestId('migration-step')).toContainText('storage-copy');
  // The first pre-copy round of the fast one, at ×10, takes about 6 s.
  await expect(risk.getByTestId('rounds-chart')).toBeVisible({ timeout: 20_000 });

  // Stuck progress on the slow one, from the Faults menu.
  const faults = panel.getByTestId('faults-menu');
  await faults.locator('summary').click();
  await faults.getByTestId('fault-kind').selectOption('stuck-progress');
  const select = faults.getByTestId('fault-migration');
  const run = await select.locator('option', { hasText: 'acme-web-db-05' }).getAttribute('value');
  expect(run, 'the slow run is offered').toBeTruthy();
  await select.selectOption(run ?? '');
  await faults.getByTestId('fault-inject').click();
  await expect(faults.getByTestId('faults-list')).toContainText('progress stuck');
  await expect(db).toContainText('Faults: stuck-progress');
  await screenshot(page, 'execution-running.png');

  await risk.getByRole('button', { name: 'Abort' }).click();
  await expect(risk).toHaveAttribute('data-status', 'rolled-back');
  await expect(risk.getByTestId('migration-step')).toContainText(
    'rolled back before switchover: aborted by',
  );
  await db.getByRole('button', { name: 'Abort' }).click();
  await expect(db).toHaveAttribute('data-status', 'rolled-back');
  await expect(page.getByTestId('event-ticker')).toContainText('rolled back');

  const history = panel.getByTestId('migration-history');
  await history.locator('summary').click();
  await expect(
    history.locator('[data-testid="history-row"][data-status="rolled-back"]'),
  ).toHaveCount(2);
  await expect(history).toContainText('aborted');
  // Both runs ended: neither plan is left staged.
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);

  // The VMs never left their hosts.
  await page.keyboard.press('x');
  await page.getByTestId('site-fra1').click();
  await waitForView(page, 'site', 'fra1');
  await clickNode(page, 'fra1.acc-1-h1');
  await expect(page.getByTestId('host-vm-acme-web-db-05')).toBeVisible();
  await expect(page.getByTestId('faults-menu')).toBeHidden();
});

test('refusals and a dropped stream: Execute on a changed estate asks for Recompute; the panel says reconnecting', async ({
  page,
  request,
}) => {
  const ESTATE = estate('demo-exec-stale', 'VMMI demo estate, execution refusal test');
  await importGeneratedEstate(request, ESTATE);
  // The event stream cannot get through until the route is lifted.
  const events = '**/trpc/migrations.events**';
  await page.route(events, (route) => route.abort('connectionrefused'));
  await page.goto(`/?estate=${ESTATE.id}&view=site&site=fra1`);
  await waitForView(page, 'site', 'fra1');
  await page.keyboard.press('x');
  const panel = page.getByTestId('migrations-panel');
  await expect(panel.getByTestId('stream-status')).toHaveText('reconnecting…');
  await expect(panel.getByTestId('stream-reconnecting')).toContainText('reconnecting by itself');
  await page.keyboard.press('x');
  await expect(panel).toBeHidden();

  await stageMoveByKeyboard(page, 'acme-web-web-01', 'host:ams1.p0-e0-h2');
  const plan = page.getByTestId('staged-plan');
  await plan.getByRole('button', { name: 'Accept' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');
  // Someone changes the estate between Accept and Execute: nothing runs.
  await importGeneratedEstate(request, ESTATE);
  await plan.getByRole('button', { name: 'Execute' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('estate changed');
  await expect(plan.getByRole('alert')).toContainText('Recompute, accept it again');
  await plan.getByRole('button', { name: 'Recompute' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('staged');
  await plan.getByRole('button', { name: 'Accept' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');

  // The stream comes back by itself once the network does.
  await page.unroute(events);
  await page.keyboard.press('x');
  await expect(panel.getByTestId('stream-status')).toHaveText('live', { timeout: 30_000 });
  await expect(panel.getByTestId('stream-reconnecting')).toBeHidden();
  await plan.getByTestId('execute-speed').selectOption({ label: '×600' });
  await plan.getByRole('button', { name: 'Execute' }).click();
  const card = panel.locator('[data-testid="migration-card"][data-vm="acme-web-web-01"]');
  await expect(card).toHaveAttribute('data-status', 'succeeded');
});
