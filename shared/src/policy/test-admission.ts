/**
 * Random small estates and moves for the property tests of admission: the
 * small two-site fabric of addressing/test-estate.ts with VMs of random
 * size and disk, hosts whose spare room is small and random (some down),
 * switches with small random table limits, random placement rules, a random
 * move and random migrations in flight. Valid where validation looks (no
 * host over capacity, unique MACs and addresses), tight everywhere else.
 */
import fc from 'fast-check';
import type { Estate } from '../model/estate.ts';
import type { PlacementRule } from '../model/policy.ts';
import type { Vm } from '../model/vm.ts';
import { cidrFamily, nthAddress } from '../net/ip.ts';
import { SMALL_NETWORKS, smallFabric } from '../addressing/test-estate.ts';
import type { Reservation } from './admission.ts';

interface VmDraft {
  host: number;
  net: number;
  vcpu: number;
  memoryGiB: number;
  /** 0: on shared storage. */
  localGiB: number;
}

interface HostDraft {
  spareVcpu: number;
  spareMemoryGiB: number;
  spareDiskGiB: number;
  down: boolean;
}

interface TableDraft {
  /** Undefined: the generator's large defaults stay. */
  limits: { macTable: number; fib: number } | undefined;
}

interface RuleDraft {
  kind: PlacementRule['kind'];
  /** Indexes into the VMs, modulo their number. */
  vms: number[];
  regions: ('r-a' | 'r-b')[];
}

/** One case: an estate, a move request on it, and runs in flight (as VM index, host index pairs). */
export interface AdmissionCase {
  estate: Estate;
  request: {
    vmIds: string[];
    target: { kind: 'host'; hostId: string } | { kind: 'site'; siteId: string };
  };
  /** Runs in flight of VMs the request does not name, each to a host not its own. */
  reservations: Reservation[];
}

const HOSTS = 8;
const SWITCHES = 9;

const vmDraft: fc.Arbitrary<VmDraft> = fc.record({
  // Half the VMs on the first three hosts, so that VMs share hosts and leaves often.
  host: fc.oneof(fc.nat(2), fc.nat(HOSTS - 1)),
  net: fc.nat(SMALL_NETWORKS.length - 1),
  vcpu: fc.integer({ min: 1, max: 16 }),
  memoryGiB: fc.integer({ min: 1, max: 64 }),
  localGiB: fc.oneof(fc.constant(0), fc.integer({ min: 10, max: 400 })),
});

const hostDraft: fc.Arbitrary<HostDraft> = fc.record({
  // Unbiased: fast-check's bias towards the bounds would make most hosts full.
  spareVcpu: fc.noBias(fc.integer({ min: 0, max: 96 })),
  spareMemoryGiB: fc.noBias(fc.integer({ min: 0, max: 384 })),
  spareDiskGiB: fc.noBias(fc.integer({ min: 0, max: 2400 })),
  // One host in eight down.
  down: fc.nat(7).map((n) => n === 0),
});

const tableDraft: fc.Arbitrary<TableDraft> = fc.record({
  // One switch in six with limits small enough to be reached.
  limits: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    {
      arbitrary: fc.record({
        macTable: fc.integer({ min: 2, max: 16 }),
        fib: fc.integer({ min: 2, max: 24 }),
      }),
      weight: 1,
    },
  ),
});

const ruleDraft: fc.Arbitrary<RuleDraft> = fc.record({
  kind: fc.constantFrom('region', 'private-only', 'affinity', 'anti-affinity'),
  // Mostly the first VMs, which the moves and the runs in flight pick from too.
  vms: fc.uniqueArray(fc.nat(6), { minLength: 2, maxLength: 4 }),
  regions: fc.subarray(['r-a', 'r-b'] as ('r-a' | 'r-b')[], { minLength: 1 }),
});

function vmOf(d: VmDraft, i: number, hostId: string): Vm {
  const network = SMALL_NETWORKS[d.net]!;
  const addr: Pick<Vm, 'ipv4' | 'ipv6'> = {};
  for (const sn of network.subnets) addr[cidrFamily(sn.cidr)] = nthAddress(sn.cidr, 10 + i);
  return {
    id: `vm-${i}`,
    name: `vm-${i}`,
    tenantId: network.tenantId,
    networkId: network.id,
    hostId,
    mac: `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`,
    ...addr,
    vcpu: d.vcpu,
    memoryGiB: d.memoryGiB,
    dirtyRateMiBps: 10,
    disk: d.localGiB > 0 ? { kind: 'local', sizeGiB: d.localGiB } : { kind: 'shared', sizeGiB: 50 },
  };
}

function build(
  vms: VmDraft[],
  hosts: HostDraft[],
  tables: TableDraft[],
  rules: RuleDraft[],
): Estate {
  const estate = smallFabric();
  const hostIds = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
  estate.vms = vms.map((d, i) => vmOf(d, i, hostIds[d.host]!));
  const load = new Map<string, { vcpu: number; memoryGiB: number; diskGiB: number }>();
  for (const vm of estate.vms) {
    const l = load.get(vm.hostId) ?? { vcpu: 0, memoryGiB: 0, diskGiB: 0 };
    l.vcpu += vm.vcpu;
    l.memoryGiB += vm.memoryGiB;
    if (vm.disk.kind === 'local') l.diskGiB += vm.disk.sizeGiB;
    load.set(vm.hostId, l);
  }
  let h = 0;
  let s = 0;
  estate.devices = estate.devices.map((d) => {
    if (d.role === 'host') {
      const draft = hosts[h++]!;
      const l = load.get(d.id) ?? { vcpu: 0, memoryGiB: 0, diskGiB: 0 };
      return {
        ...d,
        state: draft.down ? 'down' : 'up',
        // Room for what runs there and a little more: full hosts are common, over-full ones absent.
        capacity: {
          vcpu: Math.max(1, l.vcpu + draft.spareVcpu),
          memoryGiB: Math.max(1, l.memoryGiB + draft.spareMemoryGiB),
          diskGiB: l.diskGiB + draft.spareDiskGiB,
        },
      };
    }
    const limits = tables[s++]?.limits;
    return limits ? { ...d, tables: limits } : d;
  });
  estate.policies.placementRules = rules.flatMap((r, i): PlacementRule[] => {
    const ids = [...new Set(r.vms.map((v) => `vm-${v % vms.length}`))];
    const id = `rule-${i}`;
    if (r.kind === 'region') return [{ id, kind: r.kind, vmIds: ids, regions: r.regions }];
    if (r.kind === 'private-only') return [{ id, kind: r.kind, vmIds: ids }];
    return ids.length >= 2 ? [{ id, kind: r.kind, vmIds: ids }] : [];
  });
  return estate;
}

/**
 * A random case. The request moves one to three VMs to a host (any, even
 * down or their own) or to a site; up to four other VMs are in flight.
 */
export const admissionCase: fc.Arbitrary<AdmissionCase> = fc
  .record({
    vms: fc.array(vmDraft, { minLength: 2, maxLength: 14 }),
    hosts: fc.array(hostDraft, { minLength: HOSTS, maxLength: HOSTS }),
    tables: fc.array(tableDraft, { minLength: SWITCHES, maxLength: SWITCHES }),
    rules: fc.array(ruleDraft, { maxLength: 4 }),
    moved: fc.uniqueArray(fc.nat(6), { minLength: 1, maxLength: 3 }),
    target: fc.oneof(
      fc.record({ kind: fc.constant('host' as const), host: fc.nat(HOSTS - 1) }),
      fc.record({ kind: fc.constant('site' as const), site: fc.constantFrom('a', 'b') }),
    ),
    // Host -1: the move's own target host, where runs in flight matter most.
    inFlight: fc.array(fc.tuple(fc.nat(6), fc.oneof(fc.constant(-1), fc.nat(HOSTS - 1))), {
      maxLength: 4,
    }),
  })
  .map(({ vms, hosts, tables, rules, moved, target, inFlight }): AdmissionCase => {
    const estate = build(vms, hosts, tables, rules);
    const hostIds = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
    const vmIds = [...new Set(moved.map((m) => `vm-${m % vms.length}`))];
    const targetHost =
      target.kind === 'host'
        ? hostIds[target.host]!
        : estate.devices.find((d) => d.role === 'host' && d.siteId === target.site)!.id;
    const reservations: Reservation[] = [];
    for (const [v, hi] of inFlight) {
      const vm = estate.vms[v % vms.length]!;
      const hostId = hi < 0 ? targetHost : hostIds[hi]!;
      if (vmIds.includes(vm.id) || vm.hostId === hostId) continue;
      if (reservations.some((r) => r.vmId === vm.id)) continue;
      reservations.push({
        vmId: vm.id,
        hostId,
        load: {
          vcpu: vm.vcpu,
          memoryGiB: vm.memoryGiB,
          diskGiB: vm.disk.kind === 'local' ? vm.disk.sizeGiB : 0,
        },
      });
    }
    return {
      estate,
      request: {
        vmIds,
        target:
          target.kind === 'host'
            ? { kind: 'host', hostId: hostIds[target.host]! }
            : { kind: 'site', siteId: target.site },
      },
      reservations,
    };
  });
