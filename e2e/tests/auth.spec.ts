/**
 * Who may do what, as a person sees it: the demo estate read-only for
 * anyone (the server's anonymous viewer), sign-in refused with a wrong
 * password, the admin making users in the Users dialog, a viewer who
 * cannot move a VM, an API token whose secret is shown once, works, and
 * stops working when revoked, and the audit log holding all of it.
 * The steps build on each other (users, then their sign-in), so they run in order.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN } from '../setup/auth-env.ts';
import { clickNode, hideMinimap, screenshot, waitForView } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const OPERATOR = { name: 'e2e-operator', password: 'operator password 1' };
const VIEWER = { name: 'e2e-viewer', password: 'viewer password 12' };
const VM = 'acme-web-web-01';
const HOST = 'fra1.acc-1-h1';
const SIGNED_OUT = { cookies: [], origins: [] };

async function anonymousPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  return context.newPage();
}

/** Opens fra1 with the host of the demo's acme web VM selected, its VMs listed in the side panel. */
async function openHostVms(page: Page) {
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);
  await clickNode(page, HOST);
  await expect(page.getByTestId(`host-vm-${VM}`)).toBeVisible();
}

/** Presses on the VM row and moves well past the drag threshold, as a drag starts. */
async function tryToDrag(page: Page) {
  const box = await page.getByTestId(`host-vm-${VM}`).boundingBox();
  expect(box).not.toBeNull();
  const from = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - 40, from.y + 20, { steps: 5 });
  await page.mouse.up();
}

/** A moving refused for want of the operator role: said once, nothing carried or staged. */
async function expectMoveRefused(page: Page) {
  await tryToDrag(page);
  await expect(page.getByTestId('auth-notice')).toContainText('needs the operator role');
  await expect(page.getByTestId('drag-ghost')).toHaveCount(0);
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
  const moveTo = page.getByTestId(`host-vm-${VM}`).getByRole('button', { name: 'Move to…' });
  await expect(moveTo).toBeDisabled();
  await expect(moveTo).toHaveAttribute('title', 'needs the operator role');
}

async function openMenuItem(page: Page, item: string) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('anyone sees the demo read-only: a drag is refused with the reason, Import is disabled', async ({
  browser,
  baseURL,
}) => {
  const page = await anonymousPage(browser, baseURL);
  await openHostVms(page);
  await expect(page.getByTestId('user-role')).toHaveText('read-only');
  await expect(page.getByTestId('signin-open')).toBeVisible();
  const importButton = page.getByTestId('import-open');
  await expect(importButton).toBeDisabled();
  await expect(importButton).toHaveAttribute('aria-description', 'needs the operator role');
  await expectMoveRefused(page);
  await screenshot(page, 'auth-anonymous.png');
  await page.context().close();
});

test('a wrong password is refused in the sign-in dialog, which the keyboard drives', async ({
  browser,
  baseURL,
}) => {
  const page = await anonymousPage(browser, baseURL);
  await page.goto('/?estate=demo');
  await waitForView(page, 'global');
  await page.getByTestId('signin-open').click();
  const dialog = page.getByTestId('signin-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('signin-name')).toBeFocused();
  await page.keyboard.type(ADMIN.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the password');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('signin-error')).toHaveText('wrong name or password');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-role')).toHaveText('read-only');
  await page.context().close();
});

test('the admin creates an operator and a viewer in the Users dialog', async ({ page }) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.name);
  await openMenuItem(page, 'Users…');
  const dialog = page.getByTestId('users-dialog');
  for (const [user, role] of [
    [OPERATOR, 'operator'],
    [VIEWER, 'viewer'],
  ] as const) {
    await dialog.getByTestId('new-user-name').fill(user.name);
    await dialog.getByTestId('new-user-password').fill(user.password);
    await dialog.getByTestId('new-user-role').selectOption(role);
    await dialog.getByTestId('new-user-create').click();
    const row = dialog.getByTestId(`user-row-${user.name}`);
    await expect(row).toBeVisible();
    await expect(row.getByRole('combobox', { name: `Role of ${user.name}` })).toHaveValue(role);
  }
  // The server's own rule comes back in its words, under the form.
  await dialog.getByTestId('new-user-name').fill('e2e-short');
  await dialog.getByTestId('new-user-password').fill('short');
  await dialog.getByTestId('new-user-create').click();
  await expect(dialog.getByTestId('new-user-error')).toContainText('12 characters');
  await screenshot(page, 'auth-users.png');
});

test('the viewer signs in and cannot move a VM', async ({ browser, baseURL }) => {
  const page = await anonymousPage(browser, baseURL);
  await openHostVms(page);
  await page.getByTestId('signin-open').click();
  const dialog = page.getByTestId('signin-dialog');
  await dialog.getByTestId('signin-name').fill(VIEWER.name);
  await dialog.getByTestId('signin-password').fill(VIEWER.password);
  await dialog.getByTestId('signin-password').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-name')).toHaveText(VIEWER.name);
  await expect(page.getByTestId('user-role')).toHaveText('viewer · read-only');
  await expectMoveRefused(page);
  await page.context().close();
});

test('an API token: its secret shown once, it works, and once revoked it is refused', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await openMenuItem(page, 'API tokens…');
  const dialog = page.getByTestId('tokens-dialog');
  await dialog.getByTestId('new-token-name').fill('e2e-token');
  await dialog.getByTestId('new-token-scope').selectOption('read');
  await dialog.getByTestId('new-token-create').click();
  const secret = (await dialog.getByTestId('token-secret').textContent()) ?? '';
  expect(secret).toMatch(/^vmmi_/);
  await expect(dialog.getByTestId('token-row-e2e-token')).toBeVisible();

  // Closed and opened again: the secret is not there any more.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await openMenuItem(page, 'API tokens…');
  await expect(dialog.getByTestId('token-row-e2e-token')).toBeVisible();
  await expect(dialog.getByTestId('token-secret')).toHaveCount(0);

  const me = () =>
    page.request.get('/trpc/auth.me', { headers: { authorization: `Bearer ${secret}` } });
  const answer = await me();
  expect(answer.status()).toBe(200);
  // A read token of the admin acts as a viewer (the lesser of the two).
  expect(await answer.json()).toMatchObject({
    result: { data: { kind: 'token', name: ADMIN.name, role: 'viewer' } },
  });

  const row = dialog.getByTestId('token-row-e2e-token');
  await row.getByRole('button', { name: 'Revoke…' }).click();
  await row.getByRole('button', { name: 'Revoke e2e-token' }).click();
  await expect(row.getByTestId('token-revoked')).toBeVisible();
  expect((await me()).status()).toBe(401);
});

test('the audit log shows the refused sign-in and the users created', async ({ page }) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await openMenuItem(page, 'Audit log…');
  const dialog = page.getByTestId('audit-dialog');
  const rows = dialog.getByTestId('audit-row');

  await dialog.getByTestId('audit-action').fill('auth.login');
  await dialog.getByTestId('audit-filter').click();
  const refused = rows.filter({ hasText: 'refused' }).filter({ hasText: ADMIN.name });
  await expect(refused.first()).toBeVisible();

  await dialog.getByTestId('audit-action').fill('user.create');
  await dialog.getByTestId('audit-actor').fill(ADMIN.name);
  await dialog.getByTestId('audit-filter').click();
  // Newest first: the viewer was made after the operator.
  await expect(rows.nth(0)).toContainText(VIEWER.name);
  await expect(rows.nth(1)).toContainText(OPERATOR.name);
  await rows.nth(0).click();
  await expect(dialog.getByTestId('audit-detail')).toContainText('"role": "viewer"');
  await screenshot(page, 'auth-audit.png');
});
