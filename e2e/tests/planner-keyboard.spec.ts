/**
 * The same kind of move by keyboard only (WCAG 2.2, 2.5.7 —
 * dragging is never the only way): find the VM with the search, open "Move
 * to…" with M, choose the data center and the strategy by typing, see the
 * duplicate IP that keeping the address would cause, choose renumbering
 * instead and stage; undo and redo with the keyboard.
 */
import { expect, test, type Page } from '@playwright/test';
import { importGeneratedEstate, screenshot, waitForView } from './helpers.ts';

/** Opens an estate, finds acme-legacy-erp-01 with the search and opens "Move to…" with M. */
async function moveLegacyErp(page: Page, estateId: string): Promise<void> {
  await page.goto(`/?estate=${estateId}`);
  await waitForView(page, 'global');
  await page.keyboard.press('/');
  await page.keyboard.type('acme-legacy-erp-01');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitForView(page, 'site', 'fra1');
  // Leave the search field; M then opens "Move to…" for the VM just chosen.
  await page.keyboard.press('Tab');
  await page.keyboard.press('m');
}

test('keyboard only: search, Move to…, strategy, stage, undo, redo', async ({ page }) => {
  await moveLegacyErp(page, 'demo');
  const dialog = page.getByTestId('move-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toContainText('acme-legacy-erp-01');
  await expect(page.getByTestId('move-target')).toBeFocused();

  // Type-ahead in the target list: the Amsterdam DC, any host.
  await page.keyboard.type('Amsterdam');
  await expect(page.getByTestId('move-target')).toHaveValue('site:ams1');
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('strategy-select')).toBeFocused();
  await page.keyboard.type('PMIP');
  await expect(page.getByTestId('move-dialog-verdict')).toHaveText('pmip · blocked');
  await expect(page.getByTestId('impact-feasibility')).toContainText('address-conflict');
  await expect(page.getByTestId('address-conflict').first()).toContainText('10.120.0.10');
  await screenshot(page, 'planner-move-to-dialog.png');

  // Renumbering is the option just above PMIP.
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('move-dialog-verdict')).toHaveText('renumber · feasible');
  await page.keyboard.press('Tab'); // Cancel
  await page.keyboard.press('Tab'); // Stage move
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
  await expect(page.getByTestId('staged-plan')).toContainText('renumber');

  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
});

test('keyboard only: a move blocked live, kept as a draft, planned cold, accepted cold', async ({
  page,
  request,
}) => {
  // Its own copy of the demo: the accepted plan stays on the server.
  await importGeneratedEstate(request, {
    id: 'demo-cold',
    name: 'VMMI demo estate, cold test',
    kind: 'demo',
    params: {},
  });
  await moveLegacyErp(page, 'demo-cold');
  await expect(page.getByTestId('move-target')).toBeFocused();
  // Ashburn's hosts lack AVX-512, which the VM's CPU model shows it: blocked live.
  await page.keyboard.type('Ashburn');
  await expect(page.getByTestId('move-target')).toHaveValue('site:iad1');
  await expect(page.getByTestId('move-dialog-verdict')).toContainText('blocked');
  // Shutdown 10 s + boot 30 s (docs/migration-model.md §8) and a network switch under a second.
  const coldName = /^Plan as cold migration — downtime 40\.\d s$/;
  const dialog = page.getByTestId('move-dialog');
  // The dialog offers it too: cold, the move is feasible; back to live, blocked again.
  await dialog.getByRole('button', { name: coldName }).press('Enter');
  await expect(page.getByTestId('move-dialog-verdict')).toContainText('feasible');
  await dialog.getByRole('button', { name: 'Plan as live migration' }).press('Enter');
  await expect(page.getByTestId('move-dialog-verdict')).toContainText('blocked');
  await page.getByRole('button', { name: 'Keep as draft' }).press('Enter');
  await expect(page.getByTestId('move-dialog')).toBeHidden();

  const plan = page.getByTestId('staged-plan');
  await expect(plan).toHaveAttribute('data-draft', 'true');
  const toCold = page.getByTestId('focused-plan').getByRole('button', { name: coldName });
  await toCold.focus();
  await page.keyboard.press('Enter');
  await expect(plan.getByTestId('staged-cold')).toHaveText('Cold');
  await expect(plan).not.toHaveAttribute('data-draft', 'true');
  await expect(page.getByTestId('interruption')).toContainText(
    'shutdown 10.0 s + disk copy 0 ms + boot 30.0 s',
  );
  await expect(page.getByRole('button', { name: 'Plan as live migration' })).toBeFocused();
  await screenshot(page, 'planner-cold-planned.png');

  await plan.getByRole('button', { name: 'Accept' }).press('Enter');
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');
  await plan.getByTestId('execute-executor').selectOption('qemu');
  await expect(plan.getByTestId('execute-plan')).toBeDisabled();
  await expect(plan.getByTestId('execute-cold-reason')).toHaveText(
    'A cold migration runs on the Simulator only: QEMU migrates running guests.',
  );

  // The server holds the cold request.
  const trpc = async <T>(path: string, input: unknown): Promise<T> => {
    const res = await request.get(
      `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    );
    return ((await res.json()) as { result: { data: T } }).result.data;
  };
  const [summary] = await trpc<{ id: string }[]>('plans.list', { estateId: 'demo-cold' });
  const stored = await trpc<{ request: { vmIds: string[]; mode: string } }>('plans.get', {
    id: summary!.id,
  });
  expect(stored.request).toMatchObject({ vmIds: ['acme-legacy-erp-01'], mode: 'cold' });
});
