/**
 * Accepting a staged move asks the server, which recomputes
 * the report and refuses it when the estate changed since the preview; the UI
 * says so, offers to recompute, and accepts on the new version. Runs on its
 * own copy of the demo estate, so bumping its version disturbs no other spec.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  carryVmTo,
  clickNode,
  hideMinimap,
  importGeneratedEstate,
  screenshot,
  waitForView,
} from './helpers.ts';

const ESTATE = {
  id: 'demo-accept',
  name: 'VMMI demo estate, accept test',
  kind: 'demo',
  params: {},
};

async function dragToHost(page: Page, vmId: string, hostId: string) {
  await carryVmTo(page, vmId, 'ams1', () => Promise.resolve(hostId));
  await expect(page.getByTestId('preview-strategy')).not.toBeEmpty();
  await page.mouse.up();
}

test('accept: the server checks the version; a changed estate is refused, recomputed, then accepted', async ({
  page,
  request,
}) => {
  // Two drags, two previews, a refusal and two accepts: about 30 s on a quiet machine.
  test.slow();
  await importGeneratedEstate(request, ESTATE);
  await page.goto(`/?estate=${ESTATE.id}&view=site&site=fra1`);
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);
  await clickNode(page, 'fra1.acc-1-h1');
  await dragToHost(page, 'acme-web-web-01', 'ams1.p0-e0-h2');

  const plan = page.getByTestId('staged-plan');
  await expect(plan).toHaveCount(1);
  await plan.getByRole('button', { name: 'Accept' }).click();
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');

  // Someone changes the estate (a new version) after the next move was previewed.
  await page.getByTestId('site-fra1').click();
  await waitForView(page, 'site', 'fra1');
  await clickNode(page, 'fra1.acc-1-h1');
  await dragToHost(page, 'acme-web-db-05', 'ams1.p0-e0-h3');
  await expect(plan).toHaveCount(2);
  await importGeneratedEstate(request, ESTATE);

  const second = plan.nth(1);
  await second.getByRole('button', { name: 'Accept' }).click();
  await expect(second.getByTestId('staged-status')).toHaveText('estate changed');
  await expect(second.getByRole('alert')).toContainText('recompute');
  await screenshot(page, 'planner-version-conflict.png');
  await second.getByRole('button', { name: 'Recompute' }).click();
  await expect(second.getByTestId('staged-status')).toHaveText('staged');
  await expect(second).toContainText('v2');
  await second.getByRole('button', { name: 'Accept' }).click();
  await expect(second.getByTestId('staged-status')).toHaveText('accepted');

  // The server kept both plans, on the versions they were accepted against.
  const input = encodeURIComponent(JSON.stringify({ estateId: ESTATE.id }));
  const res = await request.get(`/trpc/plans.list?input=${input}`);
  const list = ((await res.json()) as { result: { data: { estateVersion: number }[] } }).result
    .data;
  expect(list.map((p) => p.estateVersion).sort()).toEqual([1, 2]);
});
