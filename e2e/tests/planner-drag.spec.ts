/**
 * Drag a VM with real mouse events onto a host in another
 * DC; the panel shows the strategy the server's engine picks for the same
 * move, the new tunnels, and the canvas draws the preview; dropping stages
 * the move for review. The duplicate-IP case is the demo's prepared one
 * (acme-legacy: one subnet in two L2 domains, R10).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  clickNode,
  hideMinimap,
  marked,
  leaveSiteList,
  nodePoint,
  screenshot,
  waitForView,
} from './helpers.ts';

interface Box {
  x: number;
  y: number;
}

async function centre(page: Page, testId: string): Promise<Box> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, `${testId} is on screen`).not.toBeNull();
  return { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
}

const nodeAt = (page: Page, id: string): Promise<Box> => nodePoint(page, id);

/** The server's own preview of the same move (impact.preview), to hold the browser's against. */
async function serverPreview(page: Page, request: object) {
  const input = encodeURIComponent(JSON.stringify({ estateId: 'demo', request }));
  const res = await page.request.get(`/trpc/impact.preview?input=${input}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as {
    result: {
      data: {
        result: { ok: boolean; report: { strategy: string; tunnels: { createdCount: number } } };
      };
    };
  };
  return body.result.data.result;
}

/** Presses on a VM row and carries it, through the site list, to a host of another site. */
async function dragVmToHost(page: Page, vmId: string, siteId: string, hostId: string) {
  const from = await centre(page, `host-vm-${vmId}`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - 12, from.y + 6, { steps: 3 });
  await expect(page.getByTestId('drag-ghost')).toBeVisible();
  // Holding over a data center of the list opens it (spring-loaded), so the VM can go on into it.
  const entry = await centre(page, `site-${siteId}`);
  await page.mouse.move(entry.x, entry.y, { steps: 12 });
  await waitForView(page, 'site', siteId);
  await leaveSiteList(page, entry);
  const host = await nodeAt(page, hostId);
  await page.mouse.move(host.x, host.y, { steps: 15 });
}

test('drag a VM onto a host in another DC: preview on the canvas and in the panel, drop stages it', async ({
  page,
}) => {
  const vm = 'acme-web-web-01';
  const target = 'ams1.p0-e0-h2';
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);
  await clickNode(page, 'fra1.acc-1-h1');
  await expect(page.getByTestId(`host-vm-${vm}`)).toBeVisible();

  await dragVmToHost(page, vm, 'ams1', target);
  const server = await serverPreview(page, {
    vmIds: [vm],
    target: { kind: 'host', hostId: target },
  });
  expect(server.ok).toBe(true);
  await expect(page.getByTestId('preview-strategy')).toHaveText(server.report.strategy);
  await expect(page.getByTestId('compare-l2-overlay')).toContainText('feasible');
  await expect(page.getByTestId('impact-tunnels')).toContainText(
    `+${server.report.tunnels.createdCount}`,
  );
  await expect(page.getByTestId('tunnel-created').first()).toBeVisible();
  // The canvas: the target host marked, the moved VM's new paths drawn.
  expect(await marked(page, 'target')).toEqual([target]);
  expect(
    (await marked(page, 'after')).length + (await marked(page, 'both')).length,
  ).toBeGreaterThan(0);
  await screenshot(page, 'planner-drag-preview.png');

  await page.mouse.up();
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
  await expect(page.getByTestId('staged-status')).toHaveText('staged');
  await expect(page.getByTestId('drag-ghost')).toHaveCount(0);

  // A reload loses no staged move.
  await page.reload();
  await waitForView(page, 'site', 'ams1');
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
  await expect(page.getByTestId('staged-plan')).toContainText('acme-web-web-01');
});

test('a move that keeps the address into the other L2 domain shows the duplicate IP it would cause', async ({
  page,
}) => {
  const vm = 'acme-legacy-erp-01';
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);
  await clickNode(page, 'fra1.acc-6-h2');
  await dragVmToHost(page, vm, 'ams1', 'ams1.p0-e0-h2');
  // Keeping the address (PMIP) collides with the ams1 VM that has it; renumbering does not.
  await expect(page.getByTestId('compare-pmip')).toContainText('address-conflict');
  await expect(page.getByTestId('compare-renumber')).toContainText('feasible');
  await page.mouse.up();
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
  await page
    .getByTestId('strategy-compare')
    .getByRole('button', { name: 'pmip' })
    .waitFor({ state: 'detached' })
    .catch(() => {});
});

test('a drop on a switch is refused with a message and stages nothing', async ({ page }) => {
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await hideMinimap(page);
  await clickNode(page, 'fra1.acc-1-h1');
  const from = await centre(page, 'host-vm-acme-web-web-01');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const core = await nodeAt(page, 'fra1.core-1');
  await page.mouse.move(core.x, core.y, { steps: 12 });
  await expect(page.getByTestId('preview-error')).toContainText('VMs run on hosts');
  expect(await marked(page, 'illegal')).toEqual(['fra1.core-1']);
  await page.mouse.up();
  await expect(page.getByTestId('planner-notice')).toContainText('Not staged');
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
});
