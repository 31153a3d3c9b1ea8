// R16, R19: host CPU / memory / local disk and site utilisation with a move applied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallEstate, smallHosts, smallVmSpecs } from '../addressing/test-estate.ts';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Estate } from '../model/estate.ts';
import { hostCapacityAfter, siteLoad } from './capacity.ts';
import type { Placement } from './placement.ts';

const demoEstate = buildDemoEstate();
const demo = indexEstate(demoEstate);

/** Loads by host from a full scan of the estate with the placement applied. */
function scan(estate: Estate, placement: Placement) {
  const loads = new Map<
    string,
    { vcpu: number; memoryGiB: number; diskGiB: number; vms: string[] }
  >();
  for (const vm of estate.vms) {
    const h = placement.get(vm.id) ?? vm.hostId;
    const l = loads.get(h) ?? { vcpu: 0, memoryGiB: 0, diskGiB: 0, vms: [] };
    l.vcpu += vm.vcpu;
    l.memoryGiB += vm.memoryGiB;
    if (vm.disk.kind === 'local') l.diskGiB += vm.disk.sizeGiB;
    l.vms.push(vm.id);
    loads.set(h, l);
  }
  return loads;
}

const placementOn = (estate: Estate) => {
  const hosts = smallHosts(estate);
  return fc
    .array(fc.tuple(fc.nat(30), fc.nat(hosts.length - 1)), { maxLength: 6 })
    .map((moves) => new Map(moves.map(([v, h]) => [`vm-${v}`, hosts[h]!])));
};

describe('hostCapacityAfter', () => {
  it('reports a host overfilled by a group move, with the dimensions exceeded', () => {
    const target = 'lon1.leaf-1-h1';
    const big = demoEstate.vms.filter((v) => v.vcpu >= 8 && v.hostId !== target).slice(0, 9);
    expect(big.reduce((s, v) => s + v.vcpu, 0)).toBeGreaterThan(64);
    const changes = hostCapacityAfter(demo, new Map(big.map((v) => [v.id, target])));
    const t = changes.find((c) => c.hostId === target)!;
    expect(t.over).toBe(true);
    expect(t.exceeded).toContain('vcpu');
    expect(t.vmsIn).toEqual(big.map((v) => v.id));
    expect(t.after.vcpu).toBe(t.before.vcpu + big.reduce((s, v) => s + v.vcpu, 0));
    for (const v of big) expect(changes.find((c) => c.hostId === v.hostId)!.vmsOut).toContain(v.id);
  });

  it('does not overfill with one small VM, and counts only local disks', () => {
    const vm = demoEstate.vms.find((v) => v.disk.kind === 'shared')!;
    const target = demoEstate.devices.find((d) => d.role === 'host' && d.id !== vm.hostId)!.id;
    const t = hostCapacityAfter(demo, new Map([[vm.id, target]])).find((c) => c.hostId === target)!;
    expect(t.after.diskGiB).toBe(t.before.diskGiB);
    expect(t.over).toBe(t.exceeded.length > 0);
  });

  it('equals a full scan for every host whose VMs change (random moves on a small estate)', () => {
    fc.assert(
      fc.property(
        smallVmSpecs.chain((specs) => {
          const estate = smallEstate(specs);
          return fc.tuple(fc.constant(estate), placementOn(estate));
        }),
        ([estate, placement]) => {
          const index = indexEstate(estate);
          const before = scan(estate, new Map());
          const after = scan(estate, placement);
          const changes = hostCapacityAfter(index, placement);
          const changed = smallHosts(estate).filter(
            (h) => (before.get(h)?.vms ?? []).join() !== (after.get(h)?.vms ?? []).join(),
          );
          expect(changes.map((c) => c.hostId)).toEqual(changed.sort());
          for (const c of changes) {
            const { vms: _b, ...b } = before.get(c.hostId) ?? {
              vcpu: 0,
              memoryGiB: 0,
              diskGiB: 0,
              vms: [],
            };
            const { vms: _a, ...a } = after.get(c.hostId) ?? {
              vcpu: 0,
              memoryGiB: 0,
              diskGiB: 0,
              vms: [],
            };
            expect(c.before).toEqual(b);
            expect(c.after).toEqual(a);
            expect(c.over).toBe(a.vcpu > 64 || a.memoryGiB > 512 || a.diskGiB > 4000);
          }
        },
      ),
    );
  });
});

describe('siteLoad', () => {
  it('moves a VM’s vCPU and memory from one site to the other, totals unchanged', () => {
    const vm = demoEstate.vms.find((v) => v.hostId.startsWith('fra1.'))!;
    const placement = new Map([[vm.id, 'lon1.leaf-1-h1']]);
    const fra = siteLoad(demo, 'fra1', placement);
    const lon = siteLoad(demo, 'lon1', placement);
    expect(fra.after.vcpuUsed).toBe(fra.before.vcpuUsed - vm.vcpu);
    expect(lon.after.memoryGiBUsed).toBe(lon.before.memoryGiBUsed + vm.memoryGiB);
    expect(lon.after.vcpuTotal).toBe(lon.before.vcpuTotal);
    expect(lon.after.vcpuUtilisation).toBeCloseTo(lon.after.vcpuUsed / lon.after.vcpuTotal);
  });

  it('equals a full scan of the site (random moves on a small estate)', () => {
    fc.assert(
      fc.property(
        smallVmSpecs.chain((specs) => {
          const estate = smallEstate(specs);
          return fc.tuple(fc.constant(estate), placementOn(estate));
        }),
        ([estate, placement]) => {
          const index = indexEstate(estate);
          for (const siteId of ['a', 'b']) {
            const hosts = estate.devices.filter((d) => d.role === 'host' && d.siteId === siteId);
            const used = (p: Placement) => {
              const loads = scan(estate, p);
              return hosts.reduce((s, h) => s + (loads.get(h.id)?.vcpu ?? 0), 0);
            };
            const load = siteLoad(index, siteId, placement);
            expect(load.before.vcpuUsed).toBe(used(new Map()));
            expect(load.after.vcpuUsed).toBe(used(placement));
            expect(load.after.vcpuTotal).toBe(64 * hosts.length);
          }
        },
      ),
    );
  });
});
