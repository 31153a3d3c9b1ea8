/**
 * A fat-tree k=32 site (8,192 hosts, 1,280 switches, 24,576 links) opens
 * folded: one node per pod and one for all the cores (their 16 runs, each
 * linked to every pod, fold as a whole). Double-click or the keyboard unfolds
 * a pod in place, or the cores into their runs. Unfolded whole, it is drawn in
 * levels of detail (web/src/graph/detail.ts): far out a node per pod tier and per
 * run of cores, zoomed in every host in view. Also: the minimap, the PNG export and the tooltips.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { count, importGeneratedEstate, screenshot, waitForView } from './helpers.ts';

const ESTATE = 'large-fat-tree-k32';
const K = 32;
const PODS = K;
const CORE_RUNS = K / 2;
/** Pods, runs of cores and the cores' tier. */
const GROUPS = PODS + CORE_RUNS + 1;
/** What one pod holds: k/2 aggregation + k/2 edge switches, (k/2)^2 hosts. */
const POD_DEVICES = K / 2 + K / 2 + (K / 2) ** 2;
let siteId = '';

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  siteId = await importGeneratedEstate(request, {
    id: ESTATE,
    name: 'Zeta: generated fat-tree k=32',
    kind: 'fat-tree',
    params: { k: K },
  });
  await request.dispose();
});

async function openLargeSite(page: Page) {
  await page.goto(`/?estate=${ESTATE}&view=site&site=${siteId}`);
  await waitForView(page, 'site', siteId);
}

const pod = (n: number) => `fold:${siteId}:pod-${n}`;

async function nodeAt(page: Page, id: string) {
  const at = await page.evaluate((nodeId) => window.__vmmi?.nodePosition(nodeId) ?? null, id);
  expect(at, `node ${id} is drawn`).not.toBeNull();
  return at!;
}

test('a fat-tree k=32 site opens folded and unfolds one pod on double-click', async ({ page }) => {
  await openLargeSite(page);
  expect(await count(page, 'node')).toBeLessThan(200);
  expect(await count(page, 'node[kind = "fold"]')).toBe(PODS + 1);
  expect(await count(page, 'node[kind = "device"]')).toBe(0);
  // One merged edge per pod, to the cores.
  expect(await count(page, 'edge')).toBe(PODS);
  await expect(page.getByRole('img', { name: /8,192 hosts/ })).toBeVisible();
  await screenshot(page, 'site-fat-tree-k32-folded.png');

  // The cores unfold into their runs, each linked to every pod.
  const cores = await nodeAt(page, `fold:${siteId}:core`);
  await page.mouse.dblclick(cores.x, cores.y);
  await expect.poll(() => count(page, 'node[kind = "fold"]')).toBe(PODS + CORE_RUNS);
  expect(await count(page, 'edge')).toBe(PODS * CORE_RUNS);

  // The tooltip of a folded pod sums it up.
  const at = await nodeAt(page, pod(3));
  await page.mouse.move(at.x, at.y);
  const tooltip = page.getByTestId('canvas-tooltip');
  await expect(tooltip).toContainText('Pod 3 (folded)');
  await expect(tooltip).toContainText(`Hosts${(K / 2) ** 2}`);

  const before = await count(page, 'node');
  await page.mouse.dblclick(at.x, at.y);
  await expect.poll(() => count(page, 'node')).toBe(before + POD_DEVICES);
  expect(await count(page, 'node[kind = "device"]')).toBe(POD_DEVICES);
  expect(await count(page, 'node[kind = "fold"]')).toBe(PODS - 1 + CORE_RUNS);
  expect(await count(page, `node[id = "foldbox:${pod(3)}"]`)).toBe(1);
  // The pod's k/2 aggregation switches each reach one run of cores.
  expect(await count(page, 'edge[kind = "fold-link"]')).toBe((PODS - 1) * CORE_RUNS + K / 2);
  await screenshot(page, 'site-fat-tree-k32-pod-unfolded.png');
});

test('the keyboard unfolds a pod from the group list; Fold all folds everything again', async ({
  page,
}) => {
  await openLargeSite(page);
  const groups = page.getByText(`Groups (${GROUPS}/${GROUPS} folded)`, { exact: true });
  await groups.focus();
  await page.keyboard.press('Enter');
  const unfold = page.getByRole('button', { name: 'Unfold Pod 7' });
  await unfold.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => count(page, 'node[kind = "device"]')).toBe(POD_DEVICES);
  await expect(page.getByRole('button', { name: 'Fold Pod 7' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await page.getByRole('button', { name: 'Fold all', exact: true }).click();
  await expect.poll(() => count(page, 'node[kind = "fold"]')).toBe(PODS + 1);
  expect(await count(page, 'node[kind = "device"]')).toBe(0);
});

/** Devices drawn, those inside aggregate nodes counted (the test hook's devicesShown). */
const devicesShown = (page: Page) => page.evaluate(() => window.__vmmi?.devicesShown() ?? 0);
const zoom = (page: Page) => page.evaluate(() => window.__vmmi?.zoom() ?? 0);

test('Unfold all draws far out a node per pod tier; a searched host and the hosts in view once zoomed in are drawn', async ({
  page,
}) => {
  // Importing the estate and drawing a k=32 three times over takes long on a loaded machine.
  test.setTimeout(180_000);
  await openLargeSite(page);
  await page.getByRole('button', { name: 'Unfold all', exact: true }).click();
  // Fitted, far out: per pod its edge tier, its aggregation tier and its k²/4 hosts, and the
  // k²/4 = 256 cores in their 16 runs; every device of the site stands in one of them.
  await expect.poll(() => devicesShown(page)).toBe(PODS * POD_DEVICES + (K / 2) ** 2);
  expect(await count(page, 'node[kind = "detail-switches"]')).toBe(PODS * 2 + CORE_RUNS);
  expect(await count(page, 'node[kind = "detail-hosts"]')).toBe(PODS);
  expect(await count(page, 'node[kind = "device"]')).toBe(0);
  // Per pod: hosts to edge tier, edge to aggregation tier, and a line to each core run.
  expect(await count(page, 'edge')).toBe(PODS * (2 + CORE_RUNS));
  expect(await count(page, 'node[kind = "fold"]')).toBe(0);

  // A host found by the search is drawn, selected, with the hosts of its edge switch.
  const host = `${siteId}.p31-e15-h17`;
  await page.locator('body').press('/');
  const box = page.getByTestId('search-box');
  await box.fill('p31-e15-h17');
  const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(options.first()).toContainText('p31-e15-h17');
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect.poll(() => count(page, `node.highlight[id = "${host}"]`)).toBe(1);
  expect(await count(page, 'node[role = "host"]')).toBe(K / 2);
  // Not far out any more: every switch drawn, the other edge switches' hosts as one node each.
  expect(await count(page, 'node[kind = "device"][role != "host"]')).toBe(PODS * K + (K / 2) ** 2);
  expect(await count(page, 'node[kind = "detail-hosts"]')).toBe((PODS * K) / 2 - 1);

  // A double-click on the hosts of another edge switch zooms in there: the hosts in view are
  // drawn, no aggregate is left in view.
  const aggregate = await nodeAt(page, `detail:hosts:${siteId}.p16-edge-7`);
  await page.mouse.dblclick(aggregate.x, aggregate.y);
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.8);
  await expect.poll(() => count(page, `node[id = "${siteId}.p16-e7-h2"]`)).toBe(1);
  const canvas = (await page.getByTestId('graph-canvas').boundingBox())!;
  await expect.poll(() => count(page, 'node[role = "host"]')).toBeGreaterThan(K / 2);
  const inView = await page.evaluate(
    ({ x1, y1, x2, y2 }) =>
      (window.__vmmi?.nodeIds() ?? [])
        .filter((id) => id.startsWith('detail:'))
        .filter((id) => {
          const b = window.__vmmi?.nodeBox(id);
          return b && b.x1 < x2 && b.x2 > x1 && b.y1 < y2 && b.y2 > y1;
        }),
    { x1: canvas.x, y1: canvas.y, x2: canvas.x + canvas.width, y2: canvas.y + canvas.height },
  );
  expect(inView).toEqual([]);
});

test('Export PNG downloads the whole picture', async ({ page }) => {
  await page.goto('/?estate=demo&view=site&site=ams1');
  await waitForView(page, 'site', 'ams1');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('vmmi-demo-site-ams1.png');
  const png = readFileSync(await download.path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(20_000);
});

test('the minimap pans the view and can be hidden; small sites stay unfolded', async ({ page }) => {
  await page.goto('/?estate=demo&view=site&site=ams1');
  await waitForView(page, 'site', 'ams1');
  expect(await count(page, 'node[kind = "fold"]')).toBe(0);
  // 80 switches, 128 hosts and the gateway, as without folding.
  expect(await count(page, 'node[kind = "device"]')).toBe(80 + 128 + 1);

  const minimap = page.getByTestId('minimap');
  await expect(minimap).toBeVisible();
  const id = 'ams1.core-1-1';
  const before = await nodeAt(page, id);
  const box = (await minimap.boundingBox())!;
  // Pressing near the right edge of the minimap brings the right end of the site to the centre.
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
  const after = await nodeAt(page, id);
  expect(after.x).toBeLessThan(before.x - 100);

  const toggle = page.getByRole('button', { name: 'Minimap' });
  await toggle.click();
  await expect(minimap).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});
