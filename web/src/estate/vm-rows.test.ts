import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { scaledDemoEstate } from './scaled-estate.ts';
import { filterRows, nextSort, scopeRows, sortRows, vmRows, type VmRow } from './vm-rows.ts';

const demo = buildDemoEstate();
const rows = vmRows(demo);
const names = (list: readonly VmRow[]) => list.map((r) => r.name);

describe('VM rows', () => {
  it('has one row per VM with its tenant, site, host and network resolved', () => {
    expect(rows).toHaveLength(320);
    expect(vmRows(demo)).toBe(rows); // built once per estate object
    const vm = demo.vms.find((v) => v.id === 'acme-web-web-01')!;
    const host = demo.devices.find((d) => d.id === vm.hostId)!;
    const site = demo.sites.find((s) => s.id === host.siteId)!;
    expect(rows.find((r) => r.id === vm.id)).toMatchObject({
      tenant: 'Acme Retail',
      site: site.name,
      host: host.name,
      ipv4: vm.ipv4,
      ipv6: vm.ipv6,
      network: 'Acme storefront',
      vcpu: vm.vcpu,
    });
  });

  it('scopes to a site or a tenant', () => {
    const ams = scopeRows(rows, { kind: 'site', siteId: 'ams1' });
    const hostsOfAms = new Set(
      demo.devices.filter((d) => d.siteId === 'ams1' && d.role === 'host').map((d) => d.id),
    );
    expect(ams.length).toBe(demo.vms.filter((v) => hostsOfAms.has(v.hostId)).length);
    expect(ams.length).toBeGreaterThan(0);
    expect(scopeRows(rows, { kind: 'tenant', tenantId: 'acme' })).toHaveLength(80);
    expect(scopeRows(rows, { kind: 'global' })).toBe(rows);
  });

  it('sorts naturally, both ways, numbers by value', () => {
    const up = sortRows(rows, { column: 'name', direction: 'ascending' });
    const i1 = names(up).indexOf('acme-web-web-01');
    expect(names(up).indexOf('acme-web-app-03')).toBeLessThan(i1);
    expect(names(sortRows(rows, { column: 'name', direction: 'descending' }))).toEqual(
      names(up).reverse(),
    );
    const cpus = sortRows(rows, { column: 'vcpu', direction: 'descending' }).map((r) => r.vcpu);
    expect(cpus).toEqual([...cpus].sort((a, b) => b - a));
    expect(nextSort(null, 'site')).toEqual({ column: 'site', direction: 'ascending' });
    expect(nextSort({ column: 'site', direction: 'ascending' }, 'site').direction).toBe(
      'descending',
    );
    expect(nextSort({ column: 'site', direction: 'descending' }, 'mac').direction).toBe(
      'ascending',
    );
  });

  it('filters by words in any field; a whole IPv4 address only matches itself', () => {
    const vm = demo.vms.find((v) => v.id === 'acme-web-web-01')!; // 10.10.0.10
    expect(names(filterRows(rows, vm.ipv4!))).toEqual([vm.name]);
    expect(filterRows(rows, '10.10.0.1')).toHaveLength(0); // the gateway, no VM's address
    expect(filterRows(rows, '10.10.0').length).toBeGreaterThan(1); // not a whole address
    expect(names(filterRows(rows, vm.ipv6!))).toEqual([vm.name]);
    expect(filterRows(rows, 'acme storefront')).toHaveLength(60);
    expect(filterRows(rows, '  ')).toBe(rows);
    expect(filterRows(rows, 'no-such-thing')).toHaveLength(0);
  });

  it('finds an application tier by its cluster label, whatever its VMs are named', () => {
    // The demo's acme-web-db tier: 12 VMs, acme-web-db-01 … -12; one renamed, still in the tier.
    const renamed = {
      ...demo,
      vms: demo.vms.map((v) => (v.id === 'acme-web-db-05' ? { ...v, name: 'ledger-x' } : v)),
    };
    const tier = filterRows(vmRows(renamed), 'acme-web-db');
    expect(tier).toHaveLength(12);
    expect(names(tier)).toContain('ledger-x');
    expect(names(filterRows(vmRows(renamed), 'ledger-x'))).toEqual(['ledger-x']);
  });

  it('finds a MAC in any case and with any separator', () => {
    const vm = demo.vms[42]!;
    const hex = vm.mac.replace(/:/g, '');
    for (const typed of [
      vm.mac.toUpperCase(),
      vm.mac.replace(/:/g, '-'),
      `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`,
      hex,
    ])
      expect(names(filterRows(rows, typed)), typed).toEqual([vm.name]);
  });

  it('handles 100,000 VMs', () => {
    const estate = scaledDemoEstate(100_000);
    const big = vmRows(estate);
    expect(big).toHaveLength(100_000);
    const sorted = sortRows(big, { column: 'name', direction: 'ascending' });
    expect(sorted[0]!.name).toBe('acme-legacy-erp-01');
    expect(sorted.at(-1)!.name).toMatch(/^wayne-ops-tracker-49~\d+$/);
    expect(filterRows(big, '100.1.0.7').map((r) => r.ipv4)).toEqual(['100.1.0.7']);
    expect(filterRows(sorted, 'acme-legacy').length).toBe(
      estate.vms.filter((v) => v.networkId === 'acme-legacy').length,
    );
  });
});
