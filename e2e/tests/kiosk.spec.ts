/**
 * NOC / kiosk mode (`?kiosk`): nothing to click, a clock in large type, the
 * views of the URL in rotation, new estate versions drawn in place, and
 * recovery from a dropped network without anyone at the screen.
 * `poll=1` keeps the spec short: the screen checks the server every second; where a
 * test would wait out a rotation interval or the retries' back-off, Playwright's clock
 * moves the page's time on instead.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  anyTrpc,
  clickNode,
  count,
  listWithout,
  procedure,
  screenshot,
  waitForView,
} from './helpers.ts';

const DEMO_SITES = 6;
const CONTROLS = 'button, select, input, textarea, a, [role=button], [contenteditable=true]';

const fontSize = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

// Independent pages that only read the seeded estate: they may run side by side.
test.describe.configure({ mode: 'parallel' });
// A NOC screen signs in as nobody: the server's anonymous viewer may read the demo estate.
test.use({ storageState: { cookies: [], origins: [] } });

test('shows the canvas with a clock in large type, no controls, and opens nothing on a click', async ({
  page,
}) => {
  // A rotation too slow to come round while the test runs, so a slow machine cannot move the view under the click.
  await page.goto('/?kiosk&rotate=global,site:ams1&interval=3600&poll=1');
  await waitForView(page, 'global');
  await expect(page.getByTestId('kiosk-connection')).toHaveText('Live');
  await expect(page.getByTestId('kiosk-title')).toHaveText('All data centers');
  await expect(page.getByTestId('kiosk-position')).toContainText('1 / 2');
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);

  await expect(page.locator(CONTROLS).filter({ visible: true })).toHaveCount(0);

  // A running clock, and type meant to be read across a room (the planner's title is 20 px).
  const clock = page.getByTestId('kiosk-clock');
  await expect(clock).toHaveText(/^\d\d:\d\d:\d\d$/);
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first ?? '');
  expect(await fontSize(page, 'kiosk-clock')).toBeGreaterThanOrEqual(28);
  expect(await fontSize(page, 'kiosk-title')).toBeGreaterThanOrEqual(28);
  await screenshot(page, 'kiosk.png');

  // Read-only: clicking a site opens nothing (the planner would open fra1).
  await clickNode(page, 'fra1');
  expect(await page.evaluate(() => window.__vmmi?.siteId)).not.toBe('fra1');
  await expect(page.getByTestId('kiosk-title')).toHaveText('All data centers');
});

test('rotates through the views of the URL by itself, without touching the URL', async ({
  page,
}) => {
  // Playwright's clock moves the page's time on instead of waiting out the interval.
  await page.clock.install();
  await page.goto('/?kiosk&rotate=global,site:ams1&interval=60&poll=1');
  await waitForView(page, 'global');
  const entries = await page.evaluate(() => history.length);
  // The next view comes up by itself after the interval.
  await page.clock.fastForward('01:00');
  await waitForView(page, 'site', 'ams1');
  await expect(page.getByTestId('kiosk-title')).toContainText('Amsterdam AMS1');
  await expect(page.getByTestId('kiosk-position')).toContainText('2 / 2');
  await expect(page.locator(CONTROLS).filter({ visible: true })).toHaveCount(0);
  await screenshot(page, 'kiosk-site.png');
  // The URL stays as it was opened: no history entry per rotation.
  expect(new URL(page.url()).search).toBe('?kiosk&rotate=global,site:ams1&interval=60&poll=1');
  expect(await page.evaluate(() => history.length)).toBe(entries);
});

test('a network drop keeps the picture and says Reconnecting, then goes Live by itself', async ({
  page,
}) => {
  // The clock moves on past the retries' back-off (2 s, 4 s, 8 s…) instead of waiting it out.
  await page.clock.install();
  await page.goto('/?kiosk&rotate=global&poll=1');
  await waitForView(page, 'global');
  const indicator = page.getByTestId('kiosk-connection');
  await expect(indicator).toHaveText('Live');

  await page.route(anyTrpc, (route) => route.abort());
  await page.clock.fastForward('00:01');
  await expect(indicator).toContainText(/^Reconnecting… since \d\d:\d\d$/);
  // Every figure on the screen is dated: the notice over the picture says how old.
  await expect(page.getByTestId('kiosk-stale')).toContainText(/from \d\d:\d\d, stale · \d+ s$/);
  expect(await page.evaluate(() => window.__vmmi?.ready)).toBe(true);
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);
  await expect(page.getByTestId('kiosk-waiting')).toHaveCount(0);
  await expect(page.getByTestId('status-error')).toHaveCount(0);
  await screenshot(page, 'kiosk-reconnecting.png');

  await page.unroute(anyTrpc);
  await page.clock.fastForward('00:30');
  await expect(indicator).toHaveText('Live');
  await expect(page.getByTestId('kiosk-stale')).toHaveCount(0);
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);
});

test('an estate deleted on the server is said so, its last picture staying up', async ({
  page,
}) => {
  let deleted = false;
  await listWithout(page, 'demo', () => deleted);
  await page.goto('/?kiosk&rotate=global&poll=1');
  await waitForView(page, 'global');
  const indicator = page.getByTestId('kiosk-connection');
  await expect(indicator).toHaveText('Live');

  deleted = true;
  await expect(indicator).toHaveText('Estate “demo” deleted');
  await expect(indicator).toHaveAttribute('data-tone', 'hot');
  await expect(page.getByTestId('kiosk-gone')).toContainText('“demo” was deleted on the server');
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);

  deleted = false;
  await expect(indicator).toHaveText('Live');
  await expect(page.getByTestId('kiosk-gone')).toHaveCount(0);
});

test('reloads itself once when the server ships a new web build', async ({ page }) => {
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  let listChecks = 0;
  page.on('request', (req) => {
    if (procedure('estate.list')(new URL(req.url()))) listChecks += 1;
  });
  await page.goto('/?kiosk&rotate=global&poll=1');
  await waitForView(page, 'global');
  expect(navigations).toBe(1);
  // The build this page runs, as the server names it.
  const health = (await (await page.request.get('/api/health')).json()) as { web: string };
  expect(health.web).toMatch(/^\/assets\/index-.+\.js$/);

  await page.route('**/api/health', (route) =>
    route.fulfill({ json: { ...health, web: '/assets/index-NEWBUILD.js' } }),
  );
  await expect.poll(() => navigations).toBe(2);
  await waitForView(page, 'global');
  // Still told of the new build, the reloaded page (still the old build here) stays: no loop.
  const seen = listChecks;
  await expect.poll(() => listChecks).toBeGreaterThan(seen + 2);
  expect(navigations).toBe(2);
  await expect(page.getByTestId('kiosk-connection')).toHaveText('Live');
});

test('with no server at first it waits in large type, then draws by itself', async ({ page }) => {
  await page.route(anyTrpc, (route) => route.abort('connectionrefused'));
  // The clock moves on past the retries' back-off instead of waiting it out.
  await page.clock.install();
  await page.goto('/?kiosk&poll=1');
  await expect(page.getByTestId('kiosk-waiting')).toContainText('Waiting for server');
  expect(await fontSize(page, 'kiosk-waiting')).toBeGreaterThanOrEqual(28);
  await expect(page.getByTestId('kiosk-connection')).toContainText('Reconnecting');
  await expect(page.locator(CONTROLS).filter({ visible: true })).toHaveCount(0);

  await page.unroute(anyTrpc);
  await page.clock.fastForward('00:30');
  await waitForView(page, 'global');
  await expect(page.getByTestId('kiosk-connection')).toHaveText('Live');
  await expect(page.getByTestId('kiosk-waiting')).toHaveCount(0);
});

test('a new estate version is drawn in place, the old picture staying up while it loads', async ({
  page,
}) => {
  // The server's answers, edited on the way: a later version, with a new name to see it arrive.
  let version = 0;
  let heldRequests = 0;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(procedure('estate.list'), async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as [{ result: { data: { version: number }[] } }];
    for (const summary of body[0].result.data) summary.version += version;
    await route.fulfill({ response, json: body });
  });
  await page.route(procedure('estate.getPacked'), async (route) => {
    const bumped = version > 0;
    if (bumped) {
      heldRequests += 1;
      await held;
    }
    const response = await route.fetch();
    // The estate comes packed for the wire (shared model/estate-wire.ts): its name is a plain member.
    const body = (await response.json()) as [
      { result: { data: { packed: { plain: { name: string } } } } },
    ];
    if (bumped) body[0].result.data.packed.plain.name = 'Demo, version two';
    await route.fulfill({ response, json: body });
  });

  await page.goto('/?kiosk&rotate=global&poll=1');
  await waitForView(page, 'global');
  const estateName = page.getByTestId('kiosk-estate');
  const before = await estateName.textContent();
  expect(before).not.toBe('Demo, version two');

  version = 1;
  // The new version is being fetched (held here): the old picture is still drawn.
  await expect.poll(() => heldRequests).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__vmmi?.ready)).toBe(true);
  await expect(estateName).toHaveText(before ?? '');
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);

  release();
  await expect(estateName).toHaveText('Demo, version two');
  expect(await page.evaluate(() => window.__vmmi?.ready)).toBe(true);
  expect(await count(page, 'node[kind = "site"]')).toBe(DEMO_SITES);
  await expect(page.getByTestId('kiosk-connection')).toHaveText('Live');
});
