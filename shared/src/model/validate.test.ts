// Cross-reference validation: every issue names the path of the bad field; nothing partial is accepted (R21).
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { parseEstate, parseEstateText, serializeEstate } from './estate-file.ts';
import type { Estate } from './estate.ts';

const demo = buildDemoEstate();
const clone = (): Estate => JSON.parse(JSON.stringify(demo)) as Estate;
function issuesOf(mutate: (e: Estate) => void) {
  const e = clone();
  mutate(e);
  const r = parseEstate(e);
  return r.ok ? [] : r.issues;
}

describe('estate validation', () => {
  it('accepts the demo estate', () => {
    expect(issuesOf(() => {})).toEqual([]);
  });

  it('names the unknown sites of the lisp block, and reads an estate without one', () => {
    const issues = issuesOf((e) => {
      e.lisp = {
        xtrSiteIds: ['fra1', 'mars1'],
        mapServerSiteId: 'moon1',
        proxyItrSiteIds: ['lon1', 'x'],
      };
    });
    expect(issues).toEqual([
      { path: 'lisp.xtrSiteIds[1]', message: 'unknown site "mars1"' },
      { path: 'lisp.mapServerSiteId', message: 'unknown site "moon1"' },
      { path: 'lisp.proxyItrSiteIds[1]', message: 'unknown site "x"' },
    ]);
    expect(issuesOf((e) => delete e.lisp)).toEqual([]);
  });

  it('names an unknown host with its path', () => {
    const issues = issuesOf((e) => (e.vms[3]!.hostId = 'nowhere'));
    expect(issues).toContainEqual({ path: 'vms[3].hostId', message: 'unknown device "nowhere"' });
  });

  it('rejects a VM placed on a switch', () => {
    const issues = issuesOf((e) => (e.vms[0]!.hostId = 'ams1.core-1-1'));
    expect(issues[0]?.path).toBe('vms[0].hostId');
    expect(issues[0]?.message).toMatch(/is a core, not a host/);
  });

  it('finds a duplicate MAC and a duplicate IP in one L2 domain', () => {
    const issues = issuesOf((e) => {
      const [a, b] = e.vms.filter((vm) => vm.networkId === 'acme-web');
      b!.mac = a!.mac.toUpperCase();
      b!.ipv4 = a!.ipv4;
    });
    const idx = demo.vms.findIndex(
      (vm) =>
        vm.networkId === 'acme-web' &&
        vm.id !== demo.vms.find((v) => v.networkId === 'acme-web')!.id,
    );
    expect(issues.map((i) => i.path)).toEqual([`vms[${idx}].mac`, `vms[${idx}].ipv4`]);
  });

  it('allows the same IP in two L2 domains of a non-stretched network, and rejects it once stretched', () => {
    const legacy = demo.vms.filter((vm) => vm.networkId === 'acme-legacy');
    const ips = legacy.map((vm) => vm.ipv4);
    expect(new Set(ips).size).toBeLessThan(ips.length);
    const issues = issuesOf(
      (e) => (e.networks.find((n) => n.id === 'acme-legacy')!.stretched = true),
    );
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => /already used/.test(i.message))).toBe(true);
  });

  it('rejects an address outside the subnets of its network', () => {
    const issues = issuesOf((e) => (e.vms[0]!.ipv4 = '192.0.2.7'));
    expect(issues).toContainEqual({
      path: 'vms[0].ipv4',
      message: '192.0.2.7 is outside every ipv4 subnet of network "acme-web"',
    });
  });

  it('finds a host over capacity', () => {
    const issues = issuesOf((e) => (e.vms[0]!.vcpu = 10_000));
    expect(
      issues.some((i) => /capacity\.vcpu$/.test(i.path) && /over capacity/.test(i.message)),
    ).toBe(true);
  });

  it('checks VLAN (1..4094) and VNI (1..16,777,215) ranges in the shape (R11)', () => {
    const vlan = issuesOf(
      (e) =>
        (e.networks.find((n) => n.segmentation.type === 'vlan')!.segmentation = {
          type: 'vlan',
          vlanId: 4095,
        }),
    );
    expect(vlan[0]?.path).toMatch(/^networks\[\d+\]\.segmentation\.vlanId$/);
    const vni = issuesOf((e) => (e.networks[0]!.segmentation = { type: 'vxlan', vni: 2 ** 24 }));
    expect(vni[0]?.path).toBe('networks[0].segmentation.vni');
    expect(
      issuesOf((e) => (e.networks[0]!.segmentation = { type: 'vxlan', vni: 2 ** 24 - 1 })),
    ).toEqual([]);
  });

  it('rejects a VNI used twice', () => {
    const issues = issuesOf(
      (e) => (e.networks[5]!.segmentation = { ...e.networks[0]!.segmentation }),
    );
    expect(issues).toContainEqual({
      path: 'networks[5].segmentation',
      message: 'vni:10010 is already used by networks[0]',
    });
  });

  it('rejects a duplicate id', () => {
    const issues = issuesOf((e) => (e.tenants[1]!.id = e.tenants[0]!.id));
    expect(issues[0]).toEqual({ path: 'tenants[1].id', message: 'duplicate id "acme"' });
  });

  it('reports malformed text as one issue, not an exception', () => {
    const r = parseEstateText('{"format": ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]?.path).toBe('(file)');
  });

  it('round-trips through JSON and YAML unchanged', () => {
    for (const format of ['json', 'yaml'] as const) {
      const r = parseEstateText(serializeEstate(demo, format));
      expect(r.ok && r.estate).toEqual(demo);
    }
  });

  it('rejects a future format version', () => {
    const r = parseEstate({ ...clone(), formatVersion: 2 });
    expect(!r.ok && r.issues[0]?.path).toBe('formatVersion');
  });
});
