// The demo estate meets issue 2 item 5: every topology kind, every gateway stack, enough tenants, networks and VMs.
import { describe, expect, it } from 'vitest';
import { countComponents } from '../graph/components.ts';
import { estateStats } from '../graph/stats.ts';
import { buildDemoEstate } from './demo-estate.ts';

const demo = buildDemoEstate();

describe('demo estate', () => {
  it('is deterministic', () => {
    expect(buildDemoEstate()).toEqual(demo);
  });

  it('has at least four DCs in different regions, of every kind, one of them public', () => {
    expect(demo.sites.length).toBeGreaterThanOrEqual(4);
    expect(new Set(demo.sites.map((s) => s.region)).size).toBe(demo.sites.length);
    const kinds = new Set(demo.sites.map((s) => s.topology.kind));
    expect([...kinds].sort()).toEqual(['bcube', 'fat-tree', 'leaf-spine', 'three-tier']);
    expect(demo.sites.find((s) => s.topology.kind === 'fat-tree')?.topology.params.k).toBe(8);
    expect(demo.sites.some((s) => s.ownership === 'public')).toBe(true);
  });

  it('has IPv4-only, IPv6-only and dual-stack gateways (R12)', () => {
    const stacks = new Set(demo.devices.filter((d) => d.role === 'gateway').map((d) => d.stack));
    expect(stacks).toEqual(new Set(['ipv4', 'ipv6', 'dual']));
  });

  it('has five or more tenants, VLAN, VXLAN and agent networks, 300+ VMs with flows, 2+ VNEs', () => {
    const s = estateStats(demo);
    expect(s.tenants).toBeGreaterThanOrEqual(5);
    expect(new Set(demo.networks.map((n) => n.segmentation.type))).toEqual(
      new Set(['vlan', 'vxlan', 'geneve', 'agent']),
    );
    expect(s.vms).toBeGreaterThanOrEqual(300);
    const withFlows = new Set(demo.flows.map((f) => f.src));
    expect(withFlows.size).toBe(s.vms);
    expect(s.vnes).toBeGreaterThanOrEqual(2);
  });

  it('is connected end to end', () => {
    expect(countComponents(demo)).toBe(1);
  });

  it('has policies that forbid some moves: private-only and region-bound VMs', () => {
    const kinds = demo.policies.placementRules.map((r) => r.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['private-only', 'region', 'affinity', 'anti-affinity']),
    );
    const privateOnly = demo.policies.placementRules.find((r) => r.kind === 'private-only')!;
    expect(privateOnly.vmIds.length).toBeGreaterThan(0);
    expect(demo.policies.firewallRules.some((r) => r.action === 'deny')).toBe(true);
  });
});
