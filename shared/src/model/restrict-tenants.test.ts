// The estate as an operator limited to tenants sees it: infrastructure whole, only its tenants' objects.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { parseEstate } from './estate-file.ts';
import type { Estate } from './estate.ts';
import { restrictEstateToTenants } from './restrict.ts';

/** The demo with a few rules added by hand, naming acme and globex objects. */
function demoWithRules(): Estate {
  const e = JSON.parse(JSON.stringify(buildDemoEstate())) as Estate;
  const acme = e.vms.filter((v) => v.tenantId === 'acme').map((v) => v.id);
  const globex = e.vms.filter((v) => v.tenantId === 'globex').map((v) => v.id);
  const globexNet = e.networks.find((n) => n.tenantId === 'globex')!.id;
  e.policies.firewallRules = [
    {
      id: 'fw-acme',
      priority: 1,
      from: { kind: 'tenant', tenantId: 'acme' },
      to: { kind: 'any' },
      action: 'allow',
    },
    {
      id: 'fw-acme-globex',
      priority: 2,
      from: { kind: 'tenant', tenantId: 'acme' },
      to: { kind: 'tenant', tenantId: 'globex' },
      action: 'deny',
    },
    {
      id: 'fw-globex-net',
      priority: 3,
      from: { kind: 'network', networkId: globexNet },
      to: { kind: 'any' },
      action: 'deny',
    },
  ];
  e.policies.placementRules = [
    { id: 'pr-acme', kind: 'anti-affinity', vmIds: [acme[0]!, acme[1]!] },
    { id: 'pr-mixed', kind: 'anti-affinity', vmIds: [acme[0]!, globex[0]!] },
  ];
  e.flows = [
    { id: 'f-acme', src: acme[0]!, dst: { kind: 'vm', vmId: acme[1]! }, rateMbps: 10 },
    { id: 'f-cross', src: acme[0]!, dst: { kind: 'vm', vmId: globex[0]! }, rateMbps: 10 },
    { id: 'f-globex', src: globex[0]!, dst: { kind: 'vm', vmId: acme[0]! }, rateMbps: 10 },
  ] as Estate['flows'];
  const parsed = parseEstate(e);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return parsed.estate;
}

describe('restrictEstateToTenants', () => {
  const full = demoWithRules();
  const seen = restrictEstateToTenants(full, ['acme']);

  it('keeps the shared infrastructure whole', () => {
    expect(seen.sites).toEqual(full.sites);
    expect(seen.devices).toEqual(full.devices);
    expect(seen.links).toEqual(full.links);
    expect(seen.wanLinks).toEqual(full.wanLinks);
    expect(seen.policies.zones).toEqual(full.policies.zones);
  });

  it("keeps only acme's tenants, networks, VMs and VNEs", () => {
    expect(seen.tenants.map((t) => t.id)).toEqual(['acme']);
    for (const kind of ['networks', 'vms', 'vnes'] as const) {
      expect(seen[kind].length).toBe(full[kind].filter((x) => x.tenantId === 'acme').length);
      expect(seen[kind].every((x) => x.tenantId === 'acme')).toBe(true);
    }
  });

  it('drops every flow and rule that names another tenant or its objects', () => {
    expect(seen.flows.map((f) => f.id)).toEqual(['f-acme']);
    expect(seen.policies.firewallRules.map((r) => r.id)).toEqual(['fw-acme']);
    expect(seen.policies.placementRules.map((r) => r.id)).toEqual(['pr-acme']);
  });

  it('leaves an estate that still validates', () => {
    expect(parseEstate(seen).ok).toBe(true);
  });
});
