/**
 * What the specs share: waiting for the canvas through the app's test hook
 * (`window.__vmmi`), counting drawn elements, and saving screenshots.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { CSRF_COOKIE, CSRF_HEADER } from '../setup/auth-env.ts';

// The hook's type (and its `window.__vmmi` declaration) comes from the app; a type import runs nothing.
export type { VmmiTestHook } from '../../web/src/test-hook.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

/** Waits until the canvas shows the given view (and site, or tenant for the tenant view) with all its elements. */
export async function waitForView(
  page: Page,
  view: 'global' | 'site' | 'tenant',
  id: string | null = null,
) {
  await page.waitForFunction(
    ([v, s]) => {
      const hook = window.__vmmi;
      const shown = v === 'tenant' ? hook?.tenantId : hook?.siteId;
      return hook?.ready === true && hook.view === v && shown === s;
    },
    [view, id] as const,
  );
}

/** Requests to one tRPC procedure, whatever the batching adds to the URL. */
export const procedure = (name: string) => (url: URL) => url.pathname.endsWith(`/trpc/${name}`);
/** Every tRPC request (queries, mutations and the event stream). */
export const anyTrpc = (url: URL) => url.pathname.includes('/trpc/');

/** The server's estate list leaves estate `id` out while `deleted()` says so: a deletion as the page sees it. */
export async function listWithout(page: Page, id: string, deleted: () => boolean): Promise<void> {
  await page.route(procedure('estate.list'), async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as [{ result: { data: { id: string }[] } }];
    if (deleted()) body[0].result.data = body[0].result.data.filter((e) => e.id !== id);
    await route.fulfill({ response, json: body });
  });
}

/** Drawn Cytoscape elements matching a selector, e.g. `node[role = "core"]`. */
export function count(page: Page, selector: string): Promise<number> {
  return page.evaluate((s) => window.__vmmi?.count(s) ?? -1, selector);
}

/** Drawn elements the move preview marks with a kind (web/src/graph/scene-marks.ts), e.g. `target`. */
export function marked(page: Page, kind: string): Promise<string[]> {
  return page.evaluate(
    (k) =>
      window.__vmmi?.marked(k as Parameters<NonNullable<typeof window.__vmmi>['marked']>[0]) ?? [],
    kind,
  );
}

/** A numeric topology parameter of the site shown, as the side panel lists it (k, n, spines…). */
export async function siteParam(page: Page, name: string): Promise<number> {
  const value = await page.getByTestId(`site-param-${name}`).getAttribute('data-value');
  expect(value, `site parameter ${name}`).not.toBeNull();
  return Number(value);
}

/** Where a node is drawn, in viewport pixels, with nothing over it: the minimap is hidden if it covers the node. */
export async function nodePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate((nodeId) => window.__vmmi?.nodePosition(nodeId) ?? null, id);
  expect(at, `node ${id} is drawn`).not.toBeNull();
  const covered = await page.evaluate(
    ({ x, y }) => !document.elementFromPoint(x, y)?.closest('[data-testid="graph-canvas"]'),
    at!,
  );
  if (covered && (await page.getByTestId('minimap').isVisible())) {
    await page.getByRole('button', { name: 'Minimap' }).click();
    await expect(page.getByTestId('minimap')).toBeHidden();
  }
  return at!;
}

/**
 * Starts the page with the first-visit hint dismissed (web/src/onboarding), as
 * for an operator who has seen it: for specs whose panels need the canvas's
 * full height. Call before the first goto.
 */
export async function skipPlanHint(page: Page): Promise<void> {
  await page.addInitScript(() =>
    window.localStorage.setItem('vmmi.hint.plan-a-move.dismissed', 'yes'),
  );
}

/** Hides the minimap, so that nothing covers the canvas during a drag. */
export async function hideMinimap(page: Page): Promise<void> {
  if (await page.getByTestId('minimap').isVisible())
    await page.getByRole('button', { name: 'Minimap' }).click();
  await expect(page.getByTestId('minimap')).toBeHidden();
}

/**
 * During a drag, leaves the data center list sideways, at the height of the
 * entry the pointer is on, into the canvas: going straight down to a host
 * would cross other entries, and one held for 600 ms (a slow step on a busy
 * machine) springs its site open instead.
 */
export async function leaveSiteList(page: Page, entry: { y: number }): Promise<void> {
  const canvas = await page.getByTestId('graph-canvas').boundingBox();
  expect(canvas, 'the canvas is drawn').not.toBeNull();
  await page.mouse.move(canvas!.x + 24, entry.y, { steps: 4 });
}

/**
 * Presses on a VM's row in the side panel (its host selected) and carries it,
 * through the data center list (spring-loaded), into another site's view and
 * onto one of its nodes. The mouse stays down: the caller drops or looks.
 * Returns where the node is drawn.
 */
export async function carryVmTo(
  page: Page,
  vmId: string,
  siteId: string,
  nodeId: () => Promise<string>,
): Promise<{ x: number; y: number }> {
  const row = page.getByTestId(`host-vm-${vmId}`);
  await row.scrollIntoViewIfNeeded();
  const box = (await row.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 10, box.y + 20, { steps: 3 });
  const entry = (await page.getByTestId(`site-${siteId}`).boundingBox())!;
  const entryY = entry.y + entry.height / 2;
  await page.mouse.move(entry.x + entry.width / 2, entryY, { steps: 10 });
  await waitForView(page, 'site', siteId);
  await leaveSiteList(page, { y: entryY });
  const at = await nodePoint(page, await nodeId());
  await page.mouse.move(at.x, at.y, { steps: 10 });
  return at;
}

/** Clicks a node of the canvas where it is drawn, as a user would. */
export async function clickNode(page: Page, id: string): Promise<void> {
  const at = await nodePoint(page, id);
  await page.mouse.click(at.x, at.y);
}

/** Saves a screenshot under e2e/artifacts/screenshots once the canvas has painted. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Cytoscape paints on animation frames: let two pass after the last update.
  await page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/**
 * What a tRPC mutation made with a session must carry besides its cookie:
 * the session's CSRF token (the readable vmmi_csrf cookie) in x-vmmi-csrf.
 * `request` is a spec's `request` or `page.request`: both hold the
 * signed-in admin's cookies (playwright.config.ts).
 */
export async function csrfHeader(request: APIRequestContext): Promise<Record<string, string>> {
  const { cookies } = await request.storageState();
  const csrf = cookies.find((c) => c.name === CSRF_COOKIE)?.value;
  expect(csrf, 'the request context is signed in').toBeTruthy();
  return { [CSRF_HEADER]: csrf! };
}

/** The repository root, where the vmmi CLI runs. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Puts a generated estate on the server under test, as an operator would:
 * the vmmi CLI generates it (`vmmi generate <kind> --<param> <n>`) and
 * `estate.import` stores it (tRPC over HTTP, as the signed-in admin). The
 * estate gets the given id and a name that sorts after the demo's ("VMMI demo
 * estate"), because the specs that open `/` expect the first estate in the
 * list, the demo, to open. Importing the same id again replaces it, so specs
 * may call this in any order. Returns the site's id.
 */
export async function importGeneratedEstate(
  request: APIRequestContext,
  opts: { id: string; name: string; kind: string; params: Record<string, number> },
): Promise<string> {
  expect(opts.name > 'VMMI demo estate', 'the name sorts after the demo').toBe(true);
  const flags = Object.entries(opts.params).flatMap(([k, v]) => [`--${k}`, String(v)]);
  const text = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli/main.ts', 'generate', opts.kind, ...flags],
    { cwd: REPO_ROOT, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
  );
  const estate = JSON.parse(text) as { sites: { id: string }[] };
  const body = { estate: { ...estate, id: opts.id, name: opts.name } };
  const response = await request.post('/trpc/estate.import', {
    headers: await csrfHeader(request),
    data: body,
  });
  expect(response.ok(), await response.text()).toBe(true);
  return estate.sites[0]!.id;
}

/**
 * Stages a move the keyboard way: find the VM with the
 * search, open "Move to…" with M, pick the target (`host:<id>` or
 * `site:<id>`) and stage it. Leaves the page on the VM's site.
 */
export async function stageMoveByKeyboard(page: Page, vmId: string, target: string): Promise<void> {
  const staged = await page.getByTestId('staged-plan').count();
  await page.keyboard.press('/');
  await page.keyboard.type(vmId);
  await expect(page.getByTestId(`search-hit-vm-${vmId}`)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('m');
  const dialog = page.getByTestId('move-dialog');
  await expect(dialog.getByRole('heading')).toContainText(vmId);
  await page.getByTestId('move-target').selectOption(target);
  await expect(page.getByTestId('move-dialog-verdict')).toContainText('feasible');
  await dialog.getByRole('button', { name: 'Stage move' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('staged-plan')).toHaveCount(staged + 1);
}
