// An estate file written with every spelling of its addresses is read, validated, exported and
// previewed in one form: RFC 5952 for IPv6, lower-case colon-separated MACs (R10, R21).
import { describe, expect, it } from 'vitest';
import { findAddressConflicts } from '../addressing/conflicts.ts';
import { smallFabric, smallHosts } from '../addressing/test-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import { clone } from '../execution/test-helpers.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import { parseEstate, parseEstateText, serializeEstate } from './estate-file.ts';
import type { Estate } from './estate.ts';
import { validateEstateReferences } from './validate.ts';

/**
 * Two sites; network "v6" is one L2 domain per site, so x (site a) and y (site b)
 * may hold one address, spelled two ways; z sits in an IPv4-mapped subnet.
 */
function mixedSpellings() {
  const base = smallFabric();
  const [hostA, hostA2, , , hostB] = smallHosts(base);
  const vm = (id: string, networkId: string, hostId: string, mac: string, ipv6: string) => ({
    id,
    name: id,
    tenantId: 't1',
    networkId,
    hostId,
    mac,
    ipv6,
    vcpu: 1,
    memoryGiB: 1,
    dirtyRateMiBps: 1,
    disk: { kind: 'shared', sizeGiB: 10 },
  });
  return {
    ...base,
    sites: base.sites.map((s, i) =>
      i === 0 ? { ...s, underlay: { ipv4: '10.200.0.0/16', ipv6: 'FD00:0:0:0:0:0:0:0/48' } } : s,
    ),
    devices: base.devices.map((d) =>
      d.id === hostA ? { ...d, ipv6: '2001:0DB8:FFFF:0000:0000:0000:0000:00A1' } : d,
    ),
    networks: [
      {
        id: 'v6',
        tenantId: 't1',
        name: 'v6',
        segmentation: { type: 'vlan', vlanId: 30 },
        subnets: [
          {
            cidr: '2001:0DB8:0004:0000::/064',
            gateway: '2001:DB8:4:0:0:0:0:1',
            pool: { start: '2001:db8:4:0:0:0:0:0100', end: '2001:DB8:4::01FF' },
          },
        ],
        siteIds: ['a', 'b'],
        stretched: false,
      },
      {
        id: 'mapped',
        tenantId: 't1',
        name: 'mapped',
        segmentation: { type: 'vlan', vlanId: 31 },
        subnets: [{ cidr: '0:0:0:0:0:FFFF:0A00:0000/120' }],
        siteIds: ['a'],
        stretched: false,
      },
    ],
    vms: [
      vm('x', 'v6', hostA!, 'AA:BB:CC:00:00:01', '2001:0DB8:0004:0000:0000:0000:0000:000A'),
      vm('y', 'v6', hostB!, 'aabb.cc00.0001', '2001:db8:4::A'),
      vm('z', 'mapped', hostA2!, 'AA-BB-CC-00-00-03', '::FFFF:10.0.0.20'),
    ],
    flows: [
      {
        id: 'f-out',
        src: 'x',
        dst: { kind: 'prefix', prefix: '2001:DB8:FFEE:0:0:0:0:0/48' },
        rateMbps: 10,
      },
    ],
  };
}

/** Every address field of the fixture, as the estate holds it. */
function addressFields(e: Estate) {
  const net = (id: string) => e.networks.find((n) => n.id === id)!;
  return {
    underlay: e.sites[0]!.underlay,
    hostIpv6: e.devices.find((d) => d.ipv6 !== undefined && d.role === 'host')?.ipv6,
    v6: net('v6').subnets,
    mapped: net('mapped').subnets,
    vms: e.vms.map((v) => [v.id, v.mac, v.ipv6]),
    flow: e.flows[0]!.dst,
  };
}

// Written by hand from RFC 5952 (4.1 no leading zeros, 4.2 "::" for the longest zero run,
// 4.3 lower case, 5 IPv4-mapped with a dotted tail) and the one MAC form.
const CANONICAL = {
  underlay: { ipv4: '10.200.0.0/16', ipv6: 'fd00::/48' },
  hostIpv6: '2001:db8:ffff::a1',
  v6: [
    {
      cidr: '2001:db8:4::/64',
      gateway: '2001:db8:4::1',
      pool: { start: '2001:db8:4::100', end: '2001:db8:4::1ff' },
    },
  ],
  mapped: [{ cidr: '::ffff:10.0.0.0/120' }],
  vms: [
    ['x', 'aa:bb:cc:00:00:01', '2001:db8:4::a'],
    ['y', 'aa:bb:cc:00:00:01', '2001:db8:4::a'],
    ['z', 'aa:bb:cc:00:00:03', '::ffff:10.0.0.20'],
  ],
  flow: { kind: 'prefix', prefix: '2001:db8:ffee::/48' },
};

/** The spellings of the fixture that are not canonical: none may survive parsing. */
const SPELLINGS = [
  '0DB8',
  '0db8',
  'FFFF',
  'FD00',
  '/064',
  'AA:BB',
  'aabb.',
  'AA-BB',
  '::A"',
  ':000A',
];

function parsed(text: string): Estate {
  const r = parseEstateText(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.estate;
}

describe('an estate file with mixed spellings of its addresses', () => {
  const json = JSON.stringify(mixedSpellings());
  const estate = parsed(json);

  it('loads from JSON and from YAML with every address in canonical text', () => {
    expect(addressFields(estate)).toEqual(CANONICAL);
    const yaml = serializeEstate(parsed(json), 'yaml').replace('2001:db8:4::a', '2001:DB8:4::0:A');
    expect(addressFields(parsed(yaml))).toEqual(CANONICAL);
  });

  it('exports only canonical text, in JSON and YAML, and reads back the same', () => {
    for (const format of ['json', 'yaml'] as const) {
      const text = serializeEstate(estate, format);
      for (const s of SPELLINGS) expect(text, `${format}: ${s}`).not.toContain(s);
      expect(text).toContain('2001:db8:4::a');
      expect(parsed(text)).toEqual(estate);
    }
  });

  it('reports two spellings of one address in one L2 domain as a duplicate', () => {
    const doc = mixedSpellings();
    const [hostA2] = smallHosts(smallFabric()).slice(1);
    doc.vms[1]!.hostId = hostA2!; // y joins x's domain (site a), its MAC and IPv6 spelled otherwise
    const r = parseEstate(doc);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([
      {
        path: 'vms[1].mac',
        message: 'MAC aa:bb:cc:00:00:01 is already used by VM "x" in the same L2 domain',
      },
      {
        path: 'vms[1].ipv6',
        message: '2001:db8:4::a is already used by VM "x" in the same L2 domain',
      },
    ]);
  });

  it('finds the duplicate by value in an estate built in code, not parsed', () => {
    const [, hostA2] = smallHosts(estate);
    const built = clone(estate);
    Object.assign(built.vms[1]!, {
      hostId: hostA2,
      mac: 'AA-BB-CC-00-00-01',
      ipv6: '2001:DB8:4::0:A',
    });
    expect(validateEstateReferences(built).map((i) => i.path)).toEqual([
      'vms[1].mac',
      'vms[1].ipv6',
    ]);
  });

  it("is one address to the preview's conflict check: y keeping its address in site a collides with x", () => {
    const r = previewMove(createImpactEngine(estate), {
      vmIds: ['y'],
      target: { kind: 'site', siteId: 'a' },
      strategy: 'pmip',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.addressing[0]!.conflicts).toEqual([
      { kind: 'duplicate-ip', address: '2001:db8:4::a', otherVmId: 'x' },
      { kind: 'duplicate-mac', address: 'aa:bb:cc:00:00:01', otherVmId: 'x' },
    ]);
    // The check itself compares values, so an unparsed spelling finds x too.
    const dest = { networkId: 'v6', siteId: 'a', ipv6: '2001:DB8:4::0:A', mac: 'AABB.CC00.0001' };
    expect(findAddressConflicts(indexEstate(estate), { id: 'y' }, dest)).toMatchObject([
      { kind: 'duplicate-ip', address: '2001:db8:4::a', otherVmId: 'x' },
      { kind: 'duplicate-mac', address: 'aa:bb:cc:00:00:01', otherVmId: 'x' },
    ]);
  });
});
