// Admission (DESIGN.md, "One rule, two callers"; R16, R17, R19, R20): host capacity per
// dimension, site capacity, targets, tables and placement rules, with and without runs in flight.
// Every expected figure below is worked out by hand from the estate in this file.
import { describe, expect, it } from 'vitest';
import { smallFabric } from '../addressing/test-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Device } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { PlacementRule } from '../model/policy.ts';
import type { Vm } from '../model/vm.ts';
import { admitPlacement, reasonOf, type Reservation } from './admission.ts';

const H11 = 'a.leaf-1-h1';
const H12 = 'a.leaf-1-h2';
const H21 = 'a.leaf-2-h1';
const H22 = 'a.leaf-2-h2';
const B0 = 'b.srv-00';

let n = 0;
/** A VM on the vxlan network (two addresses: IPv4 and IPv6), local or shared disk. */
function vm(id: string, hostId: string, vcpu: number, memoryGiB: number, localGiB: number): Vm {
  n++;
  return {
    id,
    name: id,
    tenantId: 't2',
    networkId: 'vxlan',
    hostId,
    mac: `02:00:00:00:01:${n.toString(16).padStart(2, '0')}`,
    ipv4: `10.3.0.${10 + n}`,
    ipv6: `2001:db8:3::${(10 + n).toString(16)}`,
    vcpu,
    memoryGiB,
    dirtyRateMiBps: 10,
    disk: localGiB > 0 ? { kind: 'local', sizeGiB: localGiB } : { kind: 'shared', sizeGiB: 300 },
  };
}

/**
 * Site a's four hosts have 16 vCPU, 64 GiB and 500 GiB of local disk each.
 * On leaf 1: v1 (H11) and w (H12); on leaf 2: v2 (H21) and v3 (H22).
 */
function estate(
  opts: {
    devices?: Record<string, Partial<Device>>;
    vms?: Vm[];
    rules?: PlacementRule[];
  } = {},
): Estate {
  const e = smallFabric();
  const small = { vcpu: 16, memoryGiB: 64, diskGiB: 500 };
  e.devices = e.devices.map((d) => ({
    ...d,
    ...(d.role === 'host' && d.siteId === 'a' ? { capacity: small } : {}),
    ...opts.devices?.[d.id],
  }));
  e.vms = opts.vms ?? [
    vm('v1', H11, 4, 16, 300),
    vm('w', H12, 8, 32, 250),
    vm('v2', H21, 4, 24, 300),
    vm('v3', H22, 4, 16, 0),
  ];
  e.policies.placementRules = opts.rules ?? [];
  return e;
}

const codes = (r: ReturnType<typeof admitPlacement>) => r.reasons.map((x) => x.code);
const inFlight = (vmId: string, hostId: string, vcpu: number, memoryGiB: number, diskGiB = 0) =>
  ({ vmId, hostId, load: { vcpu, memoryGiB, diskGiB } }) satisfies Reservation;

describe('admitPlacement: host capacity', () => {
  it('refuses a local disk that does not fit (250 + 300 GiB on 500), and only on that dimension', () => {
    const index = indexEstate(estate());
    const r = admitPlacement(index, new Map([['v1', H12]]));
    expect(r.admitted).toBe(false);
    // vCPU 8 + 4 = 12 ≤ 16, memory 32 + 16 = 48 ≤ 64, local disk 250 + 300 = 550 > 500.
    expect(r.reasons).toEqual([
      expect.objectContaining({
        code: 'host-capacity',
        vmId: 'v1',
        hostId: H12,
        dimension: 'diskGiB',
        after: 550,
        reserved: 0,
        capacity: 500,
      }),
    ]);
    expect(reasonOf(r.reasons[0]!)).toEqual({
      code: 'host-capacity',
      vmId: 'v1',
      message: `${H12} would be over capacity: local disk 550 GiB > 500 GiB`,
    });
  });

  it('admits the same move of a VM whose disk is on shared storage (it costs the host no disk)', () => {
    const index = indexEstate(estate());
    const r = admitPlacement(index, new Map([['v3', H12]]));
    expect(r.admitted).toBe(true);
    const target = r.hosts.find((h) => h.hostId === H12)!;
    expect(target.after).toEqual({ vcpu: 12, memoryGiB: 48, diskGiB: 250 });
  });

  it('counts what a run in flight holds on the target: 32 + 24 + 16 GiB of memory on 64', () => {
    const index = indexEstate(estate());
    const move = new Map([['v3', H12]]);
    expect(admitPlacement(index, move).admitted).toBe(true);
    const r = admitPlacement(index, move, [inFlight('v2', H12, 4, 24, 300)]);
    // vCPU 8 + 4 + 4 = 16 ≤ 16; memory 32 + 24 + 16 = 72 > 64; disk 250 + 300 = 550 > 500.
    expect(r.reasons).toEqual([
      expect.objectContaining({ dimension: 'memoryGiB', after: 72, reserved: 24, capacity: 64 }),
      expect.objectContaining({ dimension: 'diskGiB', after: 550, reserved: 300, capacity: 500 }),
    ]);
    expect(r.reasons[0]!.message).toBe(
      `${H12} would be over capacity: memory 72 GiB > 64 GiB (24 GiB of it held by migrations in flight)`,
    );
  });

  it('ignores a run that has switched over: the estate has its VM on the target, counted once', () => {
    const index = indexEstate(estate());
    // w is on H12 already; counted twice it would make 8 + 8 + 4 = 20 vCPU > 16.
    const r = admitPlacement(index, new Map([['v3', H12]]), [inFlight('w', H12, 8, 32, 250)]);
    expect(r.admitted).toBe(true);
    expect(r.hosts.find((h) => h.hostId === H12)!.after).toEqual({
      vcpu: 12,
      memoryGiB: 48,
      diskGiB: 250,
    });
  });

  it('does not count the room a run in flight will free on its source: the VM is still there', () => {
    const index = indexEstate(estate({ vms: [vm('w', H12, 8, 32, 0), vm('big', B0, 10, 8, 0)] }));
    // w is leaving H12 for H22; until its switchover, 8 + 10 = 18 vCPU > 16 on H12.
    const r = admitPlacement(index, new Map([['big', H12]]), [inFlight('w', H22, 8, 32)]);
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'host-capacity', dimension: 'vcpu', after: 18, reserved: 0 }),
    ]);
  });
});

describe('admitPlacement: sites and targets', () => {
  it('refuses a move into a site whose hosts are full in all, even when the target host has room', () => {
    // An estate that would not validate: hog runs 60 vCPU on a 16-vCPU host.
    const index = indexEstate(estate({ vms: [vm('hog', H11, 60, 8, 0), vm('m', B0, 8, 8, 0)] }));
    const r = admitPlacement(index, new Map([['m', H12]]));
    // H12: 8 ≤ 16. Site a: 4 × 16 = 64 vCPU; 60 + 8 = 68 > 64.
    expect(r.reasons).toEqual([
      expect.objectContaining({
        code: 'site-capacity',
        vmId: 'm',
        siteId: 'a',
        dimension: 'vcpu',
        after: 68,
        capacity: 64,
      }),
    ]);
    // Moving within the site adds nothing to it.
    expect(admitPlacement(index, new Map([['hog', H12]])).reasons.map((x) => x.code)).toEqual([
      'host-capacity',
    ]);
  });

  it('refuses targets that are down, unknown or not hosts, and VMs that do not exist, without throwing', () => {
    const index = indexEstate(estate({ devices: { [H22]: { state: 'down' } } }));
    const r = admitPlacement(
      index,
      new Map([
        ['v1', H22],
        ['ghost', H12],
        ['v2', 'nowhere'],
        ['w', 'a.leaf-1'],
      ]),
    );
    expect(r.reasons).toEqual([
      { code: 'target-host-down', vmId: 'v1', hostId: H22, message: `host "${H22}" is down` },
      { code: 'unknown-vm', vmId: 'ghost', message: 'no VM "ghost"' },
      { code: 'unknown-target', vmId: 'v2', hostId: 'nowhere', message: 'no device "nowhere"' },
      {
        code: 'target-not-a-host',
        vmId: 'w',
        hostId: 'a.leaf-1',
        message: '"a.leaf-1" is a leaf; VMs run on hosts',
      },
    ]);
  });

  it('admits an entry that keeps a VM on its host, down or not: it moves nothing', () => {
    const index = indexEstate(estate({ devices: { [H22]: { state: 'down' } } }));
    const r = admitPlacement(index, new Map([['v3', H22]]));
    expect(r).toMatchObject({ admitted: true, hosts: [], sites: [], tables: [] });
  });
});

describe('admitPlacement: switch tables', () => {
  /**
   * Leaf 1 holds v1 and w below it: 2 MAC entries, 4 host routes (two addresses each); its
   * limits are 3 and 6. Its hosts are large, so that only the tables decide.
   */
  const large = { capacity: { vcpu: 64, memoryGiB: 512, diskGiB: 4000 } };
  const tight = () =>
    indexEstate(
      estate({
        devices: { 'a.leaf-1': { tables: { macTable: 3, fib: 6 } }, [H11]: large, [H12]: large },
      }),
    );

  it('admits a third VM under leaf 1 (3 MACs of 3, 6 routes of 6)', () => {
    const r = admitPlacement(tight(), new Map([['v3', H12]]));
    expect(r.admitted).toBe(true);
    expect(r.tables.find((t) => t.deviceId === 'a.leaf-1')).toMatchObject({
      macTable: { before: 2, after: 3, limit: 3 },
      fib: { before: 4, after: 6, limit: 6 },
    });
  });

  it('refuses it while another VM is migrating under leaf 1 (4 MACs of 3, 8 routes of 6)', () => {
    const r = admitPlacement(tight(), new Map([['v3', H12]]), [inFlight('v2', H11, 4, 24, 300)]);
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'table-overflow', table: 'mac', after: 4, limit: 3 }),
      expect.objectContaining({ code: 'table-overflow', table: 'fib', after: 8, limit: 6 }),
    ]);
    expect(r.reasons[0]!.message).toBe('a.leaf-1: MAC table 4 entries > 3 after the move');
    expect(r.tables.find((t) => t.deviceId === 'a.leaf-1')).toMatchObject({
      macTable: { before: 3, after: 4 },
      fib: { before: 6, after: 8 },
    });
  });

  it('counts a VM migrating between two hosts of leaf 1 once in its tables', () => {
    // v1 runs on H11 and is arriving on H12: still one MAC and two routes at the leaf.
    const r = admitPlacement(tight(), new Map([['v3', H12]]), [inFlight('v1', H12, 4, 16, 300)]);
    expect(r.admitted).toBe(true);
    expect(r.tables.find((t) => t.deviceId === 'a.leaf-1')).toMatchObject({
      macTable: { before: 2, after: 3 },
      fib: { before: 4, after: 6 },
    });
  });
});

describe('admitPlacement: placement rules', () => {
  const rules: PlacementRule[] = [{ id: 'apart', kind: 'anti-affinity', vmIds: ['v2', 'v3'] }];

  it('refuses anti-affine VMs on one host while one of them is still migrating there', () => {
    const index = indexEstate(estate({ rules }));
    const move = new Map([['v3', H12]]);
    expect(admitPlacement(index, move).admitted).toBe(true);
    // H12 has room for both: vCPU 8 + 4 + 4 = 16, memory 32 + 8 + 16 = 56.
    const r = admitPlacement(index, move, [inFlight('v2', H12, 4, 8)]);
    expect(r.reasons).toEqual([
      expect.objectContaining({
        code: 'policy-anti-affinity',
        ruleId: 'apart',
        vmIds: ['v3', 'v2'],
      }),
    ]);
  });

  it('refuses them on the host a migrating VM is leaving: a rollback brings it back', () => {
    const index = indexEstate(estate({ rules }));
    const r = admitPlacement(index, new Map([['v3', H21]]), [inFlight('v2', H12, 4, 8)]);
    expect(codes(r)).toEqual(['policy-anti-affinity']);
  });

  it('calls a rule the VMs broke before the move inherited, not blocking', () => {
    const index = indexEstate(
      estate({
        rules: [{ id: 'together', kind: 'affinity', vmIds: ['v1', 'v9'] }],
        vms: [vm('v1', H11, 4, 16, 0), vm('v9', B0, 4, 16, 0)],
      }),
    );
    const r = admitPlacement(index, new Map([['v1', H12]]));
    expect(r.admitted).toBe(true);
    expect(r.inherited).toEqual([
      expect.objectContaining({ ruleId: 'together', preExisting: true }),
    ]);
  });
});
