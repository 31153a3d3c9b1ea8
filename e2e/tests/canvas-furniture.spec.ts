/**
 * The canvas's furniture never covers a drop target: after a fit, in the
 * global view and every site view of the demo at 1600×1000, no host (no
 * site, in the global view) is drawn under the minimap, the canvas toolbar
 * or the Fit button, with the migrations panel closed or open; the open
 * panel docks beside the canvas, covering neither hosts nor the tools.
 * Boxes: the nodes' as drawn (window.__vmmi.nodeBox), the furniture's from
 * the DOM.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitForView } from './helpers.ts';

test.use({ viewport: { width: 1600, height: 1000 } });

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const FURNITURE = {
  minimap: '[data-testid="minimap"]',
  toolbar: '.canvas-toolbar[role="toolbar"]',
  fit: '.canvas-fit',
  'migrations panel': '[data-testid="migrations-panel"]',
};

/** Every drop target drawn (hosts, or sites in the global view) that lies under a piece of furniture. */
async function covered(page: Page, targets: string): Promise<{ drawn: number; hits: string[] }> {
  return page.evaluate(
    ({ furniture, selector }) => {
      const hook = window.__vmmi!;
      const ids = hook.nodeIds().filter((id) => hook.count(`node[id = "${id}"]${selector}`) === 1);
      const pieces = Object.entries(furniture).flatMap(([name, css]) =>
        Array.from(document.querySelectorAll(css)).map((el) => {
          const r = el.getBoundingClientRect();
          return { name, r: { x1: r.left, y1: r.top, x2: r.right, y2: r.bottom } };
        }),
      );
      const meet = (a: Rect, b: Rect) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
      const hits: string[] = [];
      for (const id of ids) {
        const box = hook.nodeBox(id);
        if (!box) continue;
        for (const p of pieces) if (meet(box, p.r)) hits.push(`${id} under the ${p.name}`);
      }
      return { drawn: ids.length, hits };
    },
    { furniture: FURNITURE, selector: targets },
  );
}

async function checkView(page: Page, what: string, targets: string) {
  const { drawn, hits } = await covered(page, targets);
  expect(drawn, `${what}: drop targets drawn`).toBeGreaterThan(0);
  expect(hits, what).toEqual([]);
}

const SITES = ['fra1', 'ams1', 'lon1', 'sin1', 'iad1', 'dub-cloud'];

test('after a fit, no drop target is under the minimap, the toolbar or the Fit button', async ({
  page,
}) => {
  await page.goto('/?estate=demo');
  await waitForView(page, 'global');
  await expect(page.getByTestId('minimap')).toBeVisible();
  await checkView(page, 'global view', '[kind = "site"]');
  for (const site of SITES) {
    await page.getByTestId(`site-${site}`).click();
    await waitForView(page, 'site', site);
    await checkView(page, site, '[role = "host"]');
  }
});

test('the migrations panel docks beside the canvas: after a fit, it covers no host and no canvas tool', async ({
  page,
}) => {
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  const canvasBefore = (await page.getByTestId('graph-canvas').boundingBox())!;
  await page.getByTestId('migrations-toggle').click();
  const panel = page.getByTestId('migrations-panel');
  await expect(panel).toBeVisible();
  // Docked: the canvas is narrower by the panel, and the panel lies wholly outside it.
  const canvas = page.getByTestId('graph-canvas');
  await expect
    .poll(async () => (await canvas.boundingBox())!.width)
    .toBeLessThan(canvasBefore.width);
  const c = (await canvas.boundingBox())!;
  const p = (await panel.boundingBox())!;
  expect(p.x).toBeGreaterThanOrEqual(c.x + c.width);
  // The canvas's tools are all still there to press.
  for (const tool of ['Minimap', 'Export PNG', 'Fit']) {
    const button = page.getByRole('button', { name: tool, exact: true });
    await expect(button).toBeVisible();
    const b = (await button.boundingBox())!;
    const hit = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.textContent ?? null,
      { x: b.x + b.width / 2, y: b.y + b.height / 2 },
    );
    expect(hit, `${tool} is not covered`).toBe(tool);
  }
  for (const site of SITES) {
    await page.getByTestId(`site-${site}`).click();
    await waitForView(page, 'site', site);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await checkView(page, `${site} with the migrations panel open`, '[role = "host"]');
  }
});

test('the minimap shown again covers no host: the view moved under it while hidden is fitted again', async ({
  page,
}) => {
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  const minimap = page.getByTestId('minimap');
  const where = (await minimap.boundingBox())!;
  const toggle = page.getByRole('button', { name: 'Minimap', exact: true });
  await toggle.click();
  await expect(minimap).toHaveCount(0);
  // Drag the picture from the canvas's top-left corner (nothing drawn there after a fit) until
  // hosts lie where the minimap was.
  const canvas = (await page.getByTestId('graph-canvas').boundingBox())!;
  const hostsUnder = () =>
    page.evaluate((r) => {
      const hook = window.__vmmi!;
      return hook
        .nodeIds()
        .filter((id) => hook.count(`node[id = "${id}"][role = "host"]`) === 1)
        .map((id) => hook.nodeBox(id)!)
        .filter((b) => b.x1 < r.x + r.width && r.x < b.x2 && b.y1 < r.y + r.height && r.y < b.y2)
        .length;
    }, where);
  await page.mouse.move(canvas.x + 12, canvas.y + 12);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 12 + where.width, canvas.y + 12 + where.height / 2, {
    steps: 8,
  });
  await page.mouse.up();
  expect(await hostsUnder(), 'hosts now lie where the minimap was').toBeGreaterThan(0);
  await toggle.click();
  await expect(minimap).toBeVisible();
  await expect.poll(async () => (await covered(page, '[role = "host"]')).hits).toEqual([]);
});
