// The demo estate: every topology kind, every gateway stack, enough tenants, networks and VMs; assignable addresses.
import { describe, expect, it } from 'vitest';
import { countComponents } from '../graph/components.ts';
import { estateStats } from '../graph/stats.ts';
import { ipFamily, ipToBigInt } from '../net/ip.ts';
import { assignableProblem, deviceAddressProblems } from '../topology/test-helpers.ts';
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

  it('runs LISP in some sites but not all, so a proxy ITR has something to do', () => {
    const lisp = demo.lisp!;
    expect(lisp.xtrSiteIds.length).toBeGreaterThan(1);
    expect(lisp.xtrSiteIds.length).toBeLessThan(demo.sites.length);
    expect(lisp.proxyItrSiteIds.length).toBeGreaterThan(0);
    expect(lisp.mapCacheTtlMinutes).toBeUndefined();
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

  it('gives every device an assignable address of its plan, once per site (R10)', () => {
    expect(deviceAddressProblems(demo)).toEqual([]);
  });

  it("gives every VM assignable host addresses of its network's subnets: in the pool, never the gateway (R10)", () => {
    const networks = new Map(demo.networks.map((n) => [n.id, n]));
    const problems: string[] = [];
    let checked = 0;
    for (const vm of demo.vms) {
      for (const ip of [vm.ipv4, vm.ipv6]) {
        if (ip === undefined) continue;
        checked++;
        const subnet = networks
          .get(vm.networkId)!
          .subnets.find((s) => ipFamily(s.cidr.split('/')[0]!) === ipFamily(ip));
        if (!subnet) {
          problems.push(`${vm.id}: no subnet of the family of ${ip}`);
          continue;
        }
        const problem = assignableProblem(ip, subnet.cidr);
        if (problem) problems.push(`${vm.id}: ${problem}`);
        if (subnet.gateway && ipToBigInt(subnet.gateway) === ipToBigInt(ip))
          problems.push(`${vm.id}: ${ip} is the gateway`);
        const v = ipToBigInt(ip);
        if (subnet.pool && (v < ipToBigInt(subnet.pool.start) || v > ipToBigInt(subnet.pool.end)))
          problems.push(`${vm.id}: ${ip} is outside the pool`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(demo.vms.length);
  });
});
