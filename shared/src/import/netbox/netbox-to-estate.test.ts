// The NetBox mapping on small hand-written snapshots in NetBox 4.x's REST shape.
import { describe, expect, it } from 'vitest';
import { interfaceTypeGbps, netboxLinkCost } from './map-cables.ts';
import { netboxToEstate } from './netbox-to-estate.ts';
import { parseRoleMapEntries } from './role-mapping.ts';
import type { NetboxSnapshot } from './schemas.ts';

const ref = (id: number, name: string, slug = name.toLowerCase()) => ({
  id,
  url: `x/${id}/`,
  display: name,
  name,
  slug,
});
const choice = (value: string) => ({ value, label: value });
const site = (id: number, slug: string, lat: number | null, lon: number | null) => ({
  id,
  name: slug.toUpperCase(),
  slug,
  status: choice('active'),
  region: ref(1, 'Europe'),
  tenant: null,
  latitude: lat,
  longitude: lon,
});
const device = (id: number, name: string, role: number, siteId: number) => ({
  id,
  name,
  role: ref(role, `role${role}`),
  device_type: ref(1, 'T'),
  site: ref(siteId, 's'),
  tenant: null,
  status: choice('active'),
  cluster: null,
  primary_ip4: null,
  primary_ip6: null,
});
const itf = (id: number, dev: number, type: string, speed: number | null = null) => ({
  id,
  device: ref(dev, 'd'),
  name: `e${id}`,
  type: choice(type),
  speed,
});
const cable = (id: number, a: number, b: number) => ({
  id,
  label: '',
  status: choice('connected'),
  a_terminations: [{ object_type: 'dcim.interface', object_id: a }],
  b_terminations: [{ object_type: 'dcim.interface', object_id: b }],
});

function snapshot(): NetboxSnapshot {
  return {
    netboxVersion: '4.2.0',
    records: {
      regions: [{ id: 1, name: 'Europe', slug: 'europe', parent: null }],
      sites: [site(1, 'par', 48.86, 2.35), site(2, 'fra', 50.11, 8.68)],
      deviceRoles: [
        ref(1, 'Router', 'router'),
        ref(2, 'Leaf', 'tor-switch'),
        ref(3, 'Firewall', 'firewall'),
      ],
      deviceTypes: [{ id: 1, model: 'T', slug: 't' }],
      devices: [
        device(1, 'par-rtr', 1, 1),
        device(2, 'fra-rtr', 1, 2),
        device(3, 'par-leaf', 2, 1),
        device(4, 'par-fw', 3, 1),
        { id: 5 },
      ],
      interfaces: [
        itf(11, 1, '100gbase-x-qsfp28'),
        itf(12, 1, '25gbase-x-sfp28'),
        itf(21, 2, '400gbase-x-qsfpdd'),
        itf(31, 3, 'lag', 40_000_000),
        itf(41, 4, '1000base-t'),
      ],
      cables: [cable(1, 11, 21), cable(2, 12, 31), cable(3, 41, 12)],
    },
  };
}

describe('netboxToEstate', () => {
  it('reads interface types as Gb/s and costs links with a 100 Gb/s reference', () => {
    expect(
      [
        '1000base-t',
        '10gbase-x-sfpp',
        '25gbase-x-sfp28',
        '40gbase-x-qsfpp',
        '100gbase-x-qsfp28',
        '400gbase-x-qsfpdd',
        '2.5gbase-t',
        '100base-tx',
        'lag',
      ].map(interfaceTypeGbps),
    ).toEqual([1, 10, 25, 40, 100, 400, 2.5, 0.1, undefined]);
    // round(100 / Gb/s), at least 1.
    expect([1, 10, 25, 40, 100, 400].map(netboxLinkCost)).toEqual([100, 10, 4, 3, 1, 1]);
  });

  it('makes a WAN link between gateways of two sites and a link inside one, the slower end winning', () => {
    const { estate, report } = netboxToEstate(snapshot());
    expect(estate).not.toBeNull();
    // Cable 1: 100G at Paris, 400G at Frankfurt → 100 Gb/s, cost 1; 478 km × 1.3 / 200 km/ms ≈ 3.1 ms.
    expect(estate!.wanLinks).toEqual([
      expect.objectContaining({
        id: 'cable-1',
        a: 'par-rtr',
        b: 'fra-rtr',
        capacityGbps: 100,
        cost: 1,
      }),
    ]);
    expect(estate!.wanLinks[0]!.latencyMs).toBeCloseTo(3.1, 1);
    // Cable 2: 25G router port, LAG of 40 000 000 kbps = 40 Gb/s → 25, cost round(100 / 25) = 4.
    expect(estate!.links).toEqual([
      expect.objectContaining({
        id: 'cable-2',
        a: 'par-rtr',
        b: 'par-leaf',
        capacityGbps: 25,
        cost: 4,
      }),
    ]);
    const reasons = Object.fromEntries(
      report.unmapped.map((e) => [`${e.object.model}#${e.object.id}`, e.reason]),
    );
    expect(reasons['dcim.device#4']).toMatch(/role "firewall" is not part of the fabric/);
    expect(reasons['dcim.device#5']).toMatch(/^unexpected shape/);
    expect(reasons['dcim.cable#3']).toMatch(/device #4 at one end was not imported/);
    expect(estate!.sites.map((s) => [s.id, s.region, s.location])).toEqual([
      ['par', 'Europe', { lat: 48.86, lon: 2.35 }],
      ['fra', 'Europe', { lat: 50.11, lon: 8.68 }],
    ]);
  });

  it('applies a given role map over the defaults', () => {
    const { estate, roleMapping } = netboxToEstate(snapshot(), {
      roleMap: parseRoleMapEntries(['firewall=access']),
    });
    expect(estate!.devices.find((d) => d.id === 'par-fw')?.role).toBe('access');
    expect(roleMapping.find((r) => r.slug === 'firewall')).toEqual({
      slug: 'firewall',
      name: 'Firewall',
      role: 'access',
      source: 'given',
      devices: 1,
    });
    expect(() => parseRoleMapEntries(['firewall'])).toThrow(/not slug=role/);
  });

  it('refuses an estate that does not validate, with the issues', () => {
    const s = snapshot();
    const vlan = (id: number) => ({
      id,
      vid: 100,
      name: `v${id}`,
      site: ref(1, 'par'),
      tenant: null,
      status: choice('active'),
    });
    const prefix = (id: number, p: string, v: number) => ({
      id,
      prefix: p,
      vlan: ref(v, 'v'),
      vrf: null,
      status: choice('active'),
    });
    // Two VLANs with id 100 in one site: the estate allows one.
    s.records.vlans = [vlan(1), vlan(2)];
    s.records.prefixes = [prefix(1, '10.0.0.0/24', 1), prefix(2, '10.0.1.0/24', 2)];
    const { estate, report } = netboxToEstate(s);
    expect(estate).toBeNull();
    expect(report.issues).toEqual([
      { path: 'networks[1].segmentation', message: 'vlan:100 is already used by networks[0]' },
    ]);
    expect(report.made.networks).toBe(2);
  });
});
