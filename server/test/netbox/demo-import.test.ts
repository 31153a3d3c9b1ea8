// The NetBox import against a fake NetBox serving NetBox's public demo data (data/README.md).
// Expected counts are counted from the dump itself here, independently of the mapping.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEstate } from '@vmmi/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { NetboxError, type NetboxConnection } from '../../src/import/netbox/client.ts';
import { fetchAll } from '../../src/import/netbox/fetch.ts';
import { importFromNetbox } from '../../src/import/netbox/import.ts';
import { demoDump, demoTables, rows, type Fields } from './demo-data.ts';
import { enrich, ENRICHED } from './enrich.ts';
import { startFakeNetbox, type FakeNetbox } from './fake-netbox.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const records = (model: string) =>
  demoDump().filter((r) => r.model === model) as { pk: number; fields: Fields }[];

let nb: FakeNetbox | undefined;
afterEach(async () => {
  await nb?.close();
  nb = undefined;
});
const conn = (over: Partial<NetboxConnection> = {}): NetboxConnection => ({
  url: nb!.url,
  token: TOKEN,
  backoffBaseMs: 1,
  ...over,
});

describe('NetBox demo data', () => {
  it('maps sites, devices and links, and reports everything else', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const run = await importFromNetbox(conn());
    expect(run.estate).not.toBeNull();
    expect(parseEstate(JSON.parse(JSON.stringify(run.estate))).ok).toBe(true);

    // The data: 24 sites, 72 devices, 108 cables, 180 VMs.
    const roleSlug = new Map(
      records('dcim.devicerole').map((r) => [r.pk, r.fields.slug as string]),
    );
    const devices = records('dcim.device');
    expect([records('dcim.site').length, devices.length]).toEqual([24, 72]);
    expect([records('dcim.cable').length, records('virtualization.virtualmachine').length]).toEqual(
      [108, 180],
    );
    // Mapped roles: every slug but pdu and patch-panel.
    const skipped = devices.filter((d) =>
      ['pdu', 'patch-panel'].includes(roleSlug.get(d.fields.role as number)!),
    );
    // Cables whose two terminations are both dcim interfaces (none of them lands on a skipped device).
    const terms = records('dcim.cabletermination');
    const interfaceCables = records('dcim.cable').filter((c) => {
      const ends = terms.filter((t) => t.fields.cable === c.pk);
      return (
        ends.length === 2 &&
        ends.every((t) => (t.fields.termination_type as string[]).join('.') === 'dcim.interface')
      );
    });
    const vlansWithPrefix = new Set(
      records('ipam.prefix')
        .map((p) => p.fields.vlan)
        .filter((v) => v !== null),
    );
    expect(run.report.made).toEqual({
      sites: 24,
      devices: devices.length - skipped.length,
      links: interfaceCables.length,
      wanLinks: 0,
      tenants: records('tenancy.tenant').length,
      networks: vlansWithPrefix.size,
      vms: 0,
      zones: 0,
    });
    expect([run.report.made.devices, run.report.made.links, skipped.length]).toEqual([40, 26, 32]);

    const unmapped = (model: string) => run.report.unmapped.filter((e) => e.object.model === model);
    expect(unmapped('virtualization.virtualmachine')).toHaveLength(180);
    expect(
      unmapped('dcim.device')
        .map((e) => e.object.id)
        .sort((a, b) => a - b),
    ).toEqual(skipped.map((d) => d.pk).sort((a, b) => a - b));
    expect(unmapped('dcim.cable')).toHaveLength(108 - interfaceCables.length);
    expect(unmapped('ipam.vlan')).toHaveLength(records('ipam.vlan').length - vlansWithPrefix.size);
    expect(unmapped('ipam.vrf')).toHaveLength(6);
    expect(run.report.read).toMatchObject({
      sites: 24,
      devices: 72,
      cables: 108,
      virtualMachines: 180,
      interfaces: 1586,
    });
    expect(run.roleMapping.find((r) => r.slug === 'router')).toEqual({
      slug: 'router',
      name: 'Router',
      role: 'gateway',
      source: 'default',
      devices: 13,
    });
  });

  it('maps a sample field by field', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const { estate, netboxIds, report } = await importFromNetbox(conn());
    // Site 2, DM-Akron: region 51 (Ohio) under United States under North America.
    const akron = estate!.sites.find((s) => s.id === 'dm-akron')!;
    expect(akron).toMatchObject({
      name: 'DM-Akron',
      region: 'North America',
      ownership: 'private',
      topology: { kind: 'custom' },
    });
    expect(netboxIds.sites['dm-akron']).toBe(2);
    // Device 1: dmi01-akron-rtr01, role Router, 14 interfaces in the dump, no primary IP.
    const itfCount = records('dcim.interface').filter((i) => i.fields.device === 1).length;
    expect(estate!.devices.find((d) => d.id === 'dmi01-akron-rtr01')).toEqual({
      id: 'dmi01-akron-rtr01',
      siteId: 'dm-akron',
      name: 'dmi01-akron-rtr01',
      role: 'gateway',
      ports: itfCount,
      state: 'up',
      stack: 'ipv4',
    });
    expect(netboxIds.devices['dmi01-akron-rtr01']).toBe(1);
    // Cable 7 joins the router's GigabitEthernet0/0/0 to a circuit termination: reported.
    expect(
      report.unmapped.find((e) => e.object.model === 'dcim.cable' && e.object.id === 7)?.reason,
    ).toMatch(/circuittermination/);
    // A router–access-switch cable: two 1000base-t ends → 1 Gb/s, cost round(100 / 1) = 100.
    const link = estate!.links.find(
      (l) => l.a === 'dmi01-akron-rtr01' || l.b === 'dmi01-akron-rtr01',
    )!;
    expect(link).toMatchObject({ capacityGbps: 1, cost: 100, state: 'up' });
    // VLAN 1 (Data, vid 100, site 2) with prefix 10.112.129.0/24.
    expect(estate!.networks.find((n) => n.id === 'dm-akron.vlan100')).toEqual({
      id: 'dm-akron.vlan100',
      tenantId: 'dunder-mifflin',
      name: 'Data (DM-Akron)',
      segmentation: { type: 'vlan', vlanId: 100 },
      subnets: [{ cidr: '10.112.129.0/24' }],
      siteIds: ['dm-akron'],
      stretched: false,
    });
    // No site has coordinates: all 24 positions are placeholders, distinct.
    expect(new Set(estate!.sites.map((s) => `${s.location.lat},${s.location.lon}`)).size).toBe(24);
    expect(
      report.assumed.filter((e) => e.object.model === 'dcim.site' && /placeholder/.test(e.reason)),
    ).toHaveLength(24);
  });

  it('reads through next with a page smaller than the data', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const seen: number[] = [];
    const all = await fetchAll(conn(), 'dcim/devices', (p) => seen.push(p.fetched), 10);
    // 72 devices, 10 a page: 8 pages, the last holding 2.
    expect(all).toHaveLength(72);
    expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 72]);
    expect(new Set(all.map((d) => (d as { id: number }).id)).size).toBe(72);
    expect(nb.requests.filter((r) => r.startsWith('GET /api/dcim/devices/'))).toHaveLength(8);
  });

  it('says NetBox refused the token', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const err = await importFromNetbox(conn({ token: 'wrong' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetboxError);
    expect((err as NetboxError).kind).toBe('auth');
    expect((err as NetboxError).message).toMatch(/NetBox refused the token \(403: Invalid token\)/);
  });

  it('reads no NetBox at a link-local address (where clouds serve instance metadata), asking nothing', async () => {
    // RFC 3927 (169.254/16) and RFC 4291 (fe80::/10) link-local; AWS's IPv6 metadata address.
    for (const url of [
      'http://169.254.169.254',
      'http://[fe80::1]:8080',
      'http://[fd00:ec2::254]',
    ]) {
      // One short attempt: were it asked, the error would be a timeout, not this refusal.
      const err = await importFromNetbox({ url, token: TOKEN, attempts: 1, timeoutMs: 500 }).catch(
        (e: unknown) => e,
      );
      expect(err, url).toBeInstanceOf(NetboxError);
      expect((err as NetboxError).kind, url).toBe('refused-address');
    }
    const one = await importFromNetbox({ url: 'http://169.254.1.1', token: TOKEN }).catch(
      (e: unknown) => e,
    );
    expect((one as NetboxError).message).toBe(
      '169.254.1.1 is a link-local address, where clouds serve instance metadata: NetBox is not read from there',
    );
  });

  it('says when the answer is not NetBox', async () => {
    const web = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
    );
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const err = await fetchAll({ url, token: TOKEN }, 'dcim/sites').catch((e: unknown) => e);
    await new Promise((r) => web.close(r));
    expect((err as NetboxError).kind).toBe('not-netbox');
    expect((err as NetboxError).message).toMatch(/is it a NetBox\?/);
  });

  it('sends a v2 token (nbt_) as Bearer', async () => {
    const v2 = 'nbt_abc123.0123456789abcdef';
    nb = await startFakeNetbox({ tables: demoTables(), tokens: [v2] });
    await expect(fetchAll(conn({ token: v2 }), 'dcim/sites')).resolves.toHaveLength(24);
  });

  it('waits out a 429 as Retry-After says, then reads', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    nb.failNext('dcim/sites', 429, 2, 3);
    const waits: number[] = [];
    const sleep = (ms: number) => (waits.push(ms), Promise.resolve());
    await expect(fetchAll(conn({ sleep }), 'dcim/sites')).resolves.toHaveLength(24);
    expect(waits).toEqual([3000, 3000]);
  });

  it('backs off exponentially on 503 and gives up after its attempts', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    nb.failNext('dcim/sites', 503, 10);
    const waits: number[] = [];
    const sleep = (ms: number) => (waits.push(ms), Promise.resolve());
    const err = await fetchAll(
      conn({ sleep, attempts: 4, backoffBaseMs: 100 }),
      'dcim/sites',
    ).catch((e: unknown) => e);
    expect((err as NetboxError).status).toBe(503);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('reads an endpoint again when it changed between pages', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const sites = rows(nb.tables, 'dcim.site');
    nb.changeBetweenPages('dcim/sites', () =>
      sites.set(900, { ...sites.get(1)!, name: 'New', slug: 'new' }),
    );
    const all = await fetchAll(conn(), 'dcim/sites', undefined, 10);
    expect(all).toHaveLength(25);
    // The first pass stopped at its second page (count 24 → 25); the second read all 3 pages.
    expect(nb.requests.filter((r) => r.startsWith('GET /api/dcim/sites/'))).toHaveLength(2 + 3);
  });

  it('fails when NetBox keeps changing', async () => {
    nb = await startFakeNetbox({ tables: demoTables() });
    const sites = rows(nb.tables, 'dcim.site');
    let next = 900;
    // A record added after every page: the count never holds still.
    nb.changeBetweenPages(
      'dcim/sites',
      () => sites.set(next, { ...sites.get(5)!, slug: `s${next++}` }),
      100,
    );
    const err = await fetchAll(conn(), 'dcim/sites', undefined, 10).catch((e: unknown) => e);
    expect((err as NetboxError).kind).toBe('inconsistent');
    expect((err as NetboxError).message).toMatch(/NetBox kept changing/);
  });
});

describe('NetBox demo data, enriched (enrich.ts)', () => {
  it('places VMs on the servers and makes the L2VPN a vxlan network with its VNI', async () => {
    nb = await startFakeNetbox({ tables: enrich(demoTables()) });
    const { estate, report, netboxIds } = await importFromNetbox(conn());
    expect(estate).not.toBeNull();
    expect(estate!.vms.map((v) => netboxIds.vms[v.id]).sort()).toEqual(
      ENRICHED.placed.map((p) => p.vm).sort(),
    );
    const vxlan = estate!.networks.find((n) => n.segmentation.type === 'vxlan')!;
    expect(vxlan).toMatchObject({
      id: 'l2vpn-ncsu-app',
      segmentation: { type: 'vxlan', vni: 10310 },
      siteIds: ['ncsu-065', 'ncsu-117'],
      stretched: true,
      subnets: [{ cidr: '10.200.0.0/24' }, { cidr: '10.200.1.0/24' }],
    });
    // VM 364 (vm4) found its network by address 10.200.1.14 in the prefix of VLAN 310 at NCSU-117.
    const vm4 = estate!.vms.find((v) => netboxIds.vms[v.id] === 364)!;
    expect(vm4).toMatchObject({
      networkId: 'l2vpn-ncsu-app',
      hostId: 'ncsu117-db01',
      ipv4: '10.200.1.14',
      mac: '52:54:00:00:01:6c', // 364 = 0x16c
      vcpu: 4,
      memoryGiB: 8, // 8192 MB / 1024
      disk: { kind: 'shared', sizeGiB: 40 }, // 40960 MB / 1024
      tenantId: 'nc-state',
    });
    const vm6 = estate!.vms.find((v) => netboxIds.vms[v.id] === 366)!;
    expect(vm6.networkId).toBe('ncsu-117.vlan320');
    // The database server's 10G port on the distribution switch's 100G port: 10 Gb/s, cost 10.
    expect(
      estate!.links.find((l) => l.a === 'ncsu117-db01' || l.b === 'ncsu117-db01'),
    ).toMatchObject({ capacityGbps: 10, cost: 10 });
    expect(report.unmapped.find((e) => e.object.id === ENRICHED.onRouter)?.reason).toMatch(
      /is a gateway, not a host/,
    );
    expect(
      report.unmapped.filter((e) => e.object.model === 'virtualization.virtualmachine'),
    ).toHaveLength(180 - 6);
  });
});
