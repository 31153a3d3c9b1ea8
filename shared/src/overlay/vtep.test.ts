// VTEP forwarding tables for VXLAN/Geneve networks (R7), and their consistency with the preview's FDB changes.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import { buildVtepTables, fdbLookup } from './vtep.ts';

const demo = buildDemoEstate();
const tables = buildVtepTables(demo);
const web = demo.vms.filter((vm) => vm.networkId === 'acme-web');
const hostIp = new Map(demo.devices.map((d) => [d.id, d.ipv4]));

describe('VTEP tables', () => {
  it('exist on exactly the hosts with a VM on a VXLAN or Geneve network', () => {
    const overlay = new Set(
      demo.networks
        .filter((n) => n.segmentation.type === 'vxlan' || n.segmentation.type === 'geneve')
        .map((n) => n.id),
    );
    expect(new Set(tables.keys())).toEqual(
      new Set(demo.vms.filter((vm) => overlay.has(vm.networkId)).map((vm) => vm.hostId)),
    );
  });

  it('point every remote MAC of the VNI at the host it runs on, and never at the VTEP itself', () => {
    const vtep = web[0]!.hostId;
    const local = new Set(demo.vms.filter((vm) => vm.hostId === vtep).map((vm) => vm.mac));
    for (const vm of web) {
      const next = fdbLookup(tables, vtep, 10010, vm.mac, local);
      expect(next).toBe(vm.hostId === vtep ? 'local' : hostIp.get(vm.hostId));
    }
  });

  it('do not leak across VNIs: a MAC of acme-web is unknown under another VNI', () => {
    expect(fdbLookup(tables, web[0]!.hostId, 20020, web[1]!.mac, new Set())).toBeUndefined();
  });

  it('agree with the preview: the VTEPs whose FDB changes are those holding an entry for the moved MAC', () => {
    const moved = web[0]!;
    const r = previewMove(createImpactEngine(demo), {
      vmIds: [moved.id],
      target: { kind: 'site', siteId: 'lon1' },
      strategy: 'l2-overlay',
    });
    if (!r.ok) throw new Error(r.error.message);
    const changed = new Set(
      r.report.tables.filter((t) => t.table === 'fdb' && t.changed > 0).map((t) => t.deviceId),
    );
    const holders = new Set(
      [...tables]
        .filter(([, t]) => [...t.values()].some((e) => e.mac === moved.mac))
        .map(([h]) => h),
    );
    expect(changed).toEqual(holders);
  });
});
