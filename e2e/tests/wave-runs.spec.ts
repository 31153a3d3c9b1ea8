/**
 * An evacuation run on the server as waves (docs/execution.md, "Wave runs"):
 * from the Evacuate host… dialog, with approval before wave 2; wave 1 runs by
 * itself, wave 2 waits until it is approved from the keyboard on the wave
 * run's card, then the wave run succeeds. The demo host fra1.acc-1-h1 runs
 * three VMs, in two waves (two, then one). The test imports its own copy of
 * the demo estate, so the moves disturb no other spec.
 */
import { expect, test } from '@playwright/test';
import {
  clickNode,
  importGeneratedEstate,
  screenshot,
  skipPlanHint,
  waitForView,
} from './helpers.ts';

const ESTATE = {
  id: 'demo-waves',
  name: 'VMMI demo estate, wave-run test',
  kind: 'demo',
  params: {},
};

test('Run as waves with approval: wave 2 waits, is approved by keyboard, and the wave run succeeds', async ({
  page,
  request,
}) => {
  await importGeneratedEstate(request, ESTATE);
  await skipPlanHint(page);
  await page.goto(`/?estate=${ESTATE.id}&view=site&site=fra1`);
  await waitForView(page, 'site', 'fra1');
  await clickNode(page, 'fra1.acc-1-h1');
  await page.getByTestId('evacuate-host').click();
  const dialog = page.getByTestId('evacuation-dialog-host');
  await expect(dialog.getByTestId('evacuation-waves').locator('tbody tr')).toHaveCount(2);
  await dialog.getByTestId('waves-speed').selectOption({ label: '×600' });
  await dialog.getByRole('button', { name: 'Run as waves' }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByTestId('migrations-panel').getByTestId('wave-run-card');
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(
    'Waves: the evacuation of fra1.acc-1-h1',
  );
  await expect(card.getByTestId('wave-run-status')).toHaveText('Wave 2 of 2 awaits approval');
  await expect(card.getByTestId('wave-run-wave').first()).toHaveAttribute(
    'data-state',
    'succeeded',
  );
  await screenshot(page, 'wave-run-awaiting.png');
  // The header says it too, so that an operator with the panel closed learns it.
  await expect(page.getByTestId('wave-runs-awaiting')).toHaveText('a wave to approve');

  const approve = card.getByRole('button', { name: 'Approve wave 2' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('wave-run-status')).toHaveText('Succeeded: 2 waves done');
  await expect(card.getByTestId('wave-run-wave')).toHaveCount(2);
  for (const wave of await card.getByTestId('wave-run-wave').all())
    await expect(wave).toHaveAttribute('data-state', 'succeeded');
  await expect(approve).toHaveCount(0);
  // The button went with the approval: focus is on the card, not lost to the page.
  await expect(card).toBeFocused();
  await expect(page.getByTestId('wave-runs-awaiting')).toHaveCount(0);
});
