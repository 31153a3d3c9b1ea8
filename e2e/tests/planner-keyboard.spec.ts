/**
 * The same kind of move by keyboard only (WCAG 2.2, 2.5.7 —
 * dragging is never the only way): find the VM with the search, open "Move
 * to…" with M, choose the data center and the strategy by typing, see the
 * duplicate IP that keeping the address would cause, choose renumbering
 * instead and stage; undo and redo with the keyboard.
 */
import { expect, test } from '@playwright/test';
import { screenshot, waitForView } from './helpers.ts';

test('keyboard only: search, Move to…, strategy, stage, undo, redo', async ({ page }) => {
  await page.goto('/?estate=demo');
  await waitForView(page, 'global');

  await page.keyboard.press('/');
  await page.keyboard.type('acme-legacy-erp-01');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitForView(page, 'site', 'fra1');
  // Leave the search field; M then opens "Move to…" for the VM just chosen.
  await page.keyboard.press('Tab');
  await page.keyboard.press('m');
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
