/**
 * The import dialog (R21): a containerlab topology read, its report shown, stored and opened;
 * a bad estate file refused with the server's reason and nothing stored; NetBox's dry run
 * showing the role mapping and the report (NetBox itself stood in for at the tRPC call: the
 * server's import is tested against a fake NetBox in server/test/netbox).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { csrfHeader, procedure, screenshot, waitForView } from './helpers.ts';

/** Two spines, two leaves, a server under each leaf: a lab whose name sorts after the demo's. */
const LAB = `name: zz-e2e-lab
topology:
  nodes:
    spine1: { kind: nokia_srlinux }
    spine2: { kind: nokia_srlinux }
    leaf1: { kind: nokia_srlinux }
    leaf2: { kind: nokia_srlinux }
    srv1: { kind: linux }
    srv2: { kind: linux }
  links:
    - endpoints: ["spine1:e1-1", "leaf1:e1-49"]
    - endpoints: ["spine1:e1-2", "leaf2:e1-49"]
    - endpoints: ["spine2:e1-1", "leaf1:e1-50"]
    - endpoints: ["spine2:e1-2", "leaf2:e1-50"]
    - endpoints: ["leaf1:e1-1", "srv1:eth1"]
    - endpoints: ["leaf2:e1-1", "srv2:eth1"]
`;

async function estateIds(request: APIRequestContext): Promise<string[]> {
  const res = await request.get('/trpc/estate.list');
  const body = (await res.json()) as { result: { data: { id: string }[] } };
  return body.result.data.map((e) => e.id);
}

test.afterAll(async ({ request }) => {
  // Other specs read the seeded estate alone: take what these stored away again.
  const stored = await estateIds(request);
  for (const id of ['zz-e2e-lab', 'zz-file-e2e'])
    if (stored.includes(id))
      await request.post('/trpc/estate.delete', {
        headers: await csrfHeader(request),
        data: { id },
      });
});

test('a containerlab topology is read, reported, imported and opened; Arrow keys move between tabs', async ({
  page,
}) => {
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('import-open').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('import-tab-file').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('import-tab-clab')).toBeFocused();
  await expect(page.getByTestId('import-tab-clab')).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('clab-text').fill(LAB);
  await page.getByTestId('clab-read').click();
  // Six nodes and six links in the file; the site's gateway is added by the import.
  await expect(page.getByTestId('clab-status')).toContainText('1 site,');
  await expect(page.getByTestId('clab-status')).toContainText('6 links');
  await expect(page.getByTestId('import-report-summary')).toBeVisible();
  await screenshot(page, 'import-clab.png');
  await page.getByTestId('clab-import').click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'zz-e2e-lab' })).toBeVisible();
  await waitForView(page, 'global');
  await expect(page.getByTestId('estate-picker')).toHaveValue('zz-e2e-lab');
});

test('an estate file is uploaded as its bytes, stored and opened', async ({ page }) => {
  const file = JSON.stringify({
    format: 'vmmi-estate',
    formatVersion: 1,
    id: 'zz-file-e2e',
    name: 'zz-file-e2e',
    sites: [],
  });
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('import-open').click();
  await page.getByTestId('estate-file-text').fill(file);
  const upload = page.waitForRequest((req) => procedure('estate.importFile')(new URL(req.url())));
  await page.getByTestId('estate-file-import').click();
  // The server decodes it in its parser worker, not on its event loop (docs/security.md, "Imports").
  const sent = await upload;
  expect(sent.headers()['content-type']).toBe('application/octet-stream');
  await expect(page.getByTestId('import-dialog')).toBeHidden();
  await expect(page.getByTestId('estate-picker')).toHaveValue('zz-file-e2e');
});

test('a bad estate file is refused with the reason, and nothing is stored', async ({
  page,
  request,
}) => {
  // An id, so the check below can look for it (other specs store estates of their own meanwhile),
  // and a site whose ownership is neither private nor public.
  const bad = JSON.stringify({
    format: 'vmmi-estate',
    formatVersion: 1,
    id: 'zz-bad-e2e',
    name: 'Bad',
    sites: [{ id: 's1', name: 'S1', ownership: 'rented' }],
  });
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('import-open').click();
  await page.getByTestId('estate-file-text').fill(bad);
  await page.getByTestId('estate-file-import').click();
  await expect(page.getByTestId('estate-file-error')).toContainText('ownership');
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  expect(await estateIds(request)).not.toContain('zz-bad-e2e');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toBeHidden();
});

test("NetBox's dry run shows the role mapping and the report; a role can be changed", async ({
  page,
}) => {
  const calls: unknown[] = [];
  await page.route(procedure('estate.importNetbox'), async (route) => {
    const sent = route.request().postDataJSON() as Record<string, unknown>;
    calls.push(sent['0']);
    await route.fulfill({
      json: [
        {
          result: {
            data: {
              ok: true,
              stored: null,
              summary: null,
              roleMapping: [
                {
                  slug: 'router',
                  name: 'Router',
                  role: 'gateway',
                  source: 'default',
                  devices: 13,
                },
                { slug: 'pdu', name: 'PDU', role: 'skip', source: 'default', devices: 4 },
              ],
              report: {
                read: { sites: 24 },
                made: { sites: 24, devices: 40, links: 12, vms: 0 },
                unmapped: [
                  {
                    object: { model: 'virtualization.virtualmachine', id: 361, name: 'vm1' },
                    reason: 'no host device',
                  },
                ],
                assumed: [],
                issues: [],
              },
            },
          },
        },
      ],
    });
  });
  await page.goto('/');
  await waitForView(page, 'global');
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-tab-netbox').click();
  await page.getByTestId('netbox-url').fill('https://netbox.example.net');
  await page.getByTestId('netbox-token').fill('0123456789abcdef');
  await page.getByTestId('netbox-dry-run').click();
  await expect(page.getByTestId('netbox-status')).toContainText(
    '24 sites, 40 devices, 12 links, 0 VMs',
  );
  await expect(page.getByTestId('import-report')).toContainText('vm1');
  await expect(page.getByTestId('import-report-summary')).toHaveText('Report: 1 left out');
  await page.getByTestId('netbox-role-pdu').selectOption('host');
  await page.getByTestId('netbox-dry-run').click();
  await expect.poll(() => calls.length).toBe(2);
  expect(calls[1]).toMatchObject({
    url: 'https://netbox.example.net',
    dryRun: true,
    roleMap: { pdu: 'host' },
  });
});
