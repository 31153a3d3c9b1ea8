/**
 * The tenant view of the demo estate, as a new operator sees it at
 * 1600 × 1000: its PNG export named after the tenant, a legend of what it
 * draws, its VMs labelled, and the tunnels' segment labels clear of the site
 * titles.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitForView } from './helpers.ts';
import type { VmmiTestHook } from './helpers.ts';

type Label = ReturnType<VmmiTestHook['labels']>[number];
const labels = (page: Page): Promise<Label[]> => page.evaluate(() => window.__vmmi!.labels());
const overlap = (a: Label['box'], b: Label['box']) =>
  !!a && !!b && a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

test.use({ viewport: { width: 1600, height: 1000 } });

test('exports as the tenant, with a legend of what the tenant view draws', async ({ page }) => {
  await page.goto('/?estate=demo&view=tenant&tenant=acme');
  await waitForView(page, 'tenant', 'acme');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  expect((await downloading).suggestedFilename()).toBe('vmmi-demo-tenant-acme.png');

  const legend = page.getByTestId('legend');
  for (const item of ['Private DC', 'Public cloud', 'VM', 'Stretched network', 'Per-site network'])
    await expect(legend.getByText(item, { exact: true })).toBeVisible();
  await expect(legend).toContainText('Tunnel, labelled with its segment');
  // Not the global view's WAN legend.
  await expect(legend).not.toContainText('WAN');

  // The global view keeps its own.
  await page.getByTestId('breadcrumb-global').click();
  await waitForView(page, 'global');
  await expect(page.getByTestId('legend')).toContainText('WAN below');
});

for (const tenant of ['acme', 'umbrella', 'globex'])
  test(`labels every VM of ${tenant}, and keeps segment labels off the site titles`, async ({
    page,
  }) => {
    await page.goto(`/?estate=demo&view=tenant&tenant=${tenant}`);
    await waitForView(page, 'tenant', tenant);
    const drawn = await labels(page);
    const vms = await page.evaluate(() => window.__vmmi!.count('node[kind = "vm"]'));
    const vmLabels = drawn.filter((l) => l.kind === 'vm');
    // Every VM is labelled in the fitted picture, and big enough to read (6 px, Cytoscape's floor here).
    expect(vmLabels).toHaveLength(vms);
    for (const l of vmLabels) expect(l.px, l.id).toBeGreaterThanOrEqual(6);

    const titles = drawn.filter((l) => l.kind === 'tsite');
    const segments = drawn.filter((l) => l.kind === 'tunnel');
    expect(titles.length).toBeGreaterThan(1);
    // Every site box has its top edge at y = 0 of the picture (tenant-elements.ts places each box
    // at half its height), where the tunnel arcs end: titles inside the boxes, below that edge,
    // and segment labels on the arcs above it can neither meet nor be crossed by an arc.
    for (const t of titles) expect(t.box!.y1, t.id).toBeGreaterThanOrEqual(0);
    for (const s of segments) expect(s.box!.y2, s.id).toBeLessThanOrEqual(0);
    const clashes: string[] = [];
    for (const s of segments)
      for (const t of titles) if (overlap(s.box, t.box)) clashes.push(`${s.id} over ${t.id}`);
    // Nor do VM labels run into a title or into each other.
    for (const [i, v] of vmLabels.entries()) {
      for (const t of titles) if (overlap(v.box, t.box)) clashes.push(`${v.id} over ${t.id}`);
      for (const w of vmLabels.slice(i + 1))
        if (overlap(v.box, w.box)) clashes.push(`${v.id} over ${w.id}`);
    }
    expect(clashes).toEqual([]);
    if (tenant === 'acme')
      // acme-web-web-01 in network acme-web: its name without the network's shared "acme-web-".
      expect(drawn.find((l) => l.id === 'vm:acme-web-web-01')?.text).toBe('web-01');
  });
