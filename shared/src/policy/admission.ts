/**
 * Admission (DESIGN.md, "One rule, two callers"; R16, R17, R19, R20): may
 * these VMs land where a placement puts them? Host capacity per dimension
 * (vCPU, memory, local disk), site capacity, the target hosts being up,
 * switch-table limits and placement rules, judged by one pure function. The
 * preview calls it with nothing in flight (so does plan acceptance, through
 * the preview); the executor's prechecks call it with the reservations of the
 * migrations in flight. So what the preview calls feasible is what execution
 * admits while nothing else runs, and a later plan cannot take what a run in
 * flight holds. docs/policy.md, "Admission".
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import {
  addLoad,
  hostCapacityAfter,
  siteLoad,
  type HostLoad,
  type HostLoadChange,
  type SiteLoad,
} from './capacity.ts';
import { compatibilityReasons, type CompatibilityReason } from './compatibility.ts';
import { checkPlacement, type PlacementViolation } from './placement-rules.ts';
import { resolveMoves, type Placement } from './placement.ts';
import { switchTableChanges, type SwitchTableChange } from './switch-tables.ts';

/**
 * What a migration in flight holds until its switchover: its target host's room for
 * the VM (the source keeps running the VM, and takes it back on a rollback).
 * A run that has switched over holds nothing more: the switchover placed its
 * VM on the target in the estate, in the same transaction, so admission
 * leaves out a reservation whose VM the estate has on its target already.
 */
export interface Reservation {
  vmId: string;
  /** The run's target host. */
  hostId: string;
  /** What the VM will occupy there, fixed when the run was created. */
  load: HostLoad;
}

/** A dimension of a host's load. */
export type LoadDimension = keyof HostLoad;

/** The placement-rule kinds as reason codes. */
export type PolicyReasonCode = `policy-${PlacementViolation['kind']}`;

/** Why admission refuses a placement: one limit or rule each, with the figures behind it. */
export type AdmissionReason =
  | { code: 'unknown-vm'; vmId: string; message: string }
  | { code: 'unknown-target' | 'target-not-a-host'; vmId: string; hostId: string; message: string }
  | { code: 'target-host-down'; vmId: string; hostId: string; message: string }
  | {
      code: 'host-capacity';
      /** The first VM moving onto the host. */
      vmId: string;
      hostId: string;
      dimension: LoadDimension;
      /** The host's load after the move, reservations included. */
      after: number;
      /** Of `after`, what runs in flight hold. */
      reserved: number;
      capacity: number;
      message: string;
    }
  | {
      code: 'site-capacity';
      vmId: string;
      siteId: string;
      dimension: 'vcpu' | 'memoryGiB';
      after: number;
      capacity: number;
      message: string;
    }
  | {
      code: 'table-overflow';
      deviceId: string;
      table: 'mac' | 'fib';
      after: number;
      limit: number;
      message: string;
    }
  | { code: PolicyReasonCode; vmId: string; ruleId: string; vmIds: string[]; message: string }
  | CompatibilityReason;

/** The reason codes admission can give (the preview's blocking reasons of these codes are its verdict). */
export const ADMISSION_CODES: ReadonlySet<string> = new Set<AdmissionReason['code']>([
  'unknown-vm',
  'unknown-target',
  'target-not-a-host',
  'target-host-down',
  'host-capacity',
  'site-capacity',
  'table-overflow',
  'policy-region',
  'policy-private-only',
  'policy-affinity',
  'policy-anti-affinity',
  'incompatible-hypervisor',
  'incompatible-cpu',
]);

export interface Admission {
  /** True when `reasons` is empty. */
  admitted: boolean;
  /** Every limit or rule the placement breaks, in order: targets, rules, hosts, sites, tables, compatibility. */
  reasons: AdmissionReason[];
  /** Placement rules the same VMs broke already without the move: not the move's doing, not blocking. */
  inherited: PlacementViolation[];
  /** Every host that gains or loses VMs, by id; loads count reservations. */
  hosts: HostLoadChange[];
  /** The sites the VMs leave and join, in the placement's order. */
  sites: SiteLoad[];
  /** Every switch or gateway whose tables change, by id. */
  tables: SwitchTableChange[];
}

const LABEL: Record<LoadDimension, { name: string; unit: string }> = {
  vcpu: { name: 'vCPU', unit: '' },
  memoryGiB: { name: 'memory', unit: ' GiB' },
  diskGiB: { name: 'local disk', unit: ' GiB' },
};

function targetReasons(index: EstateIndex, placement: Placement): AdmissionReason[] {
  const out: AdmissionReason[] = [];
  for (const [vmId, hostId] of placement) {
    const vm = index.vms.get(vmId);
    const host = index.devices.get(hostId);
    if (!vm) out.push({ code: 'unknown-vm', vmId, message: `no VM "${vmId}"` });
    else if (!host)
      out.push({ code: 'unknown-target', vmId, hostId, message: `no device "${hostId}"` });
    else if (host.role !== 'host')
      out.push({
        code: 'target-not-a-host',
        vmId,
        hostId,
        message: `"${hostId}" is a ${host.role}; VMs run on hosts`,
      });
    else if (host.state !== 'up' && vm.hostId !== hostId)
      out.push({ code: 'target-host-down', vmId, hostId, message: `host "${hostId}" is down` });
  }
  return out;
}

function hostReasons(
  index: EstateIndex,
  hosts: HostLoadChange[],
  held: ReadonlyMap<string, HostLoad>,
): AdmissionReason[] {
  const out: AdmissionReason[] = [];
  for (const h of hosts) {
    const vmId = h.vmsIn[0];
    // A device that is not a host has its own reason (target-not-a-host), not three of capacity.
    if (vmId === undefined || index.devices.get(h.hostId)?.role !== 'host') continue;
    for (const dimension of h.exceeded) {
      const { name, unit } = LABEL[dimension];
      const reserved = held.get(h.hostId)?.[dimension] ?? 0;
      const after = h.after[dimension];
      const capacity = h.capacity[dimension];
      out.push({
        code: 'host-capacity',
        vmId,
        hostId: h.hostId,
        dimension,
        after,
        reserved,
        capacity,
        message: `${h.hostId} would be over capacity: ${name} ${after}${unit} > ${capacity}${unit}${
          reserved > 0 ? ` (${reserved}${unit} of it held by migrations in flight)` : ''
        }`,
      });
    }
  }
  return out;
}

function siteReasons(sites: SiteLoad[], into: ReadonlyMap<string, string>): AdmissionReason[] {
  const out: AdmissionReason[] = [];
  for (const { siteId, before, after } of sites) {
    const vmId = into.get(siteId);
    if (vmId === undefined) continue;
    const dims = [
      ['vcpu', before.vcpuUsed, after.vcpuUsed, after.vcpuTotal],
      ['memoryGiB', before.memoryGiBUsed, after.memoryGiBUsed, after.memoryGiBTotal],
    ] as const;
    for (const [dimension, was, used, total] of dims)
      if (used > was && used > total) {
        const { name, unit } = LABEL[dimension];
        out.push({
          code: 'site-capacity',
          vmId,
          siteId,
          dimension,
          after: used,
          capacity: total,
          message: `${siteId} would be over capacity: ${name} ${used}${unit} > ${total}${unit} on all its hosts`,
        });
      }
  }
  return out;
}

function tableReasons(tables: SwitchTableChange[]): AdmissionReason[] {
  const out: AdmissionReason[] = [];
  for (const t of tables)
    for (const [table, o, name] of [
      ['mac', t.macTable, 'MAC table'],
      ['fib', t.fib, 'FIB'],
    ] as const)
      if (o.limit !== undefined && o.after > o.limit)
        out.push({
          code: 'table-overflow',
          deviceId: t.deviceId,
          table,
          after: o.after,
          limit: o.limit,
          message: `${t.deviceId}: ${name} ${o.after} entries > ${o.limit} after the move`,
        });
  return out;
}

/**
 * Whether the VMs may land where `placement` puts them while the runs of
 * `reservations` are in flight: each holds its target's room for its VM, and
 * its VM counts at its target as well as its source in the tables and the
 * affinity rules, since until its switchover it may yet stay at the source.
 * Entries naming an unknown VM or a device that is not an up host are
 * reasons too, never exceptions; entries that keep a VM on its host move
 * nothing. A cold move (`cold`, R15) skips live migration's compatibility
 * rules; everything else applies alike.
 *
 * @example
 * admitPlacement(index, new Map([['vm-1', 'h2']])).admitted; // true: nothing in flight, room on h2
 * admitPlacement(index, new Map([['vm-1', 'h2']]), [{ vmId: 'vm-9', hostId: 'h2', load }]).reasons;
 * // [{ code: 'host-capacity', hostId: 'h2', dimension: 'memoryGiB', reserved: 64, ... }]
 */
export function admitPlacement(
  index: EstateIndex,
  placement: Placement,
  reservations: readonly Reservation[] = [],
  options: { cold?: boolean } = {},
): Admission {
  const held = new Map<string, HostLoad>();
  const arrivals = new Map<string, string>();
  for (const r of reservations) {
    // Switched over: the VM's load is on its target in the estate, counted there.
    if (index.vms.get(r.vmId)?.hostId === r.hostId) continue;
    const sum = held.get(r.hostId);
    held.set(r.hostId, sum ? addLoad(sum, r.load, 1) : r.load);
    arrivals.set(r.vmId, r.hostId);
  }

  const violations = checkPlacement(index, placement, arrivals);
  const hosts = hostCapacityAfter(index, placement, held);
  const siteIds = new Set<string>();
  const into = new Map<string, string>();
  for (const m of resolveMoves(index, placement)) {
    if (m.fromSiteId !== undefined) siteIds.add(m.fromSiteId);
    siteIds.add(m.toSiteId);
    if (!into.has(m.toSiteId) && m.fromSiteId !== m.toSiteId) into.set(m.toSiteId, m.vm.id);
  }
  const sites = [...siteIds].map((id) => siteLoad(index, id, placement, held));
  const tables = switchTableChanges(index, placement, arrivals);

  const reasons: AdmissionReason[] = [
    ...targetReasons(index, placement),
    ...violations
      .filter((v) => !v.preExisting)
      .map((v): AdmissionReason => ({
        code: `policy-${v.kind}`,
        vmId: v.vmIds[0]!,
        ruleId: v.ruleId,
        vmIds: v.vmIds,
        message: v.message,
      })),
    ...hostReasons(index, hosts, held),
    ...siteReasons(sites, into),
    ...tableReasons(tables),
    ...compatibilityReasons(index, placement, options),
  ];
  return {
    admitted: reasons.length === 0,
    reasons,
    inherited: violations.filter((v) => v.preExisting),
    hosts,
    sites,
    tables,
  };
}

/** A reason as the impact report and the API's refusals carry it: `{ code, message, vmId? }`. */
export function reasonOf(r: AdmissionReason): { code: string; message: string; vmId?: string } {
  return 'vmId' in r
    ? { code: r.code, message: r.message, vmId: r.vmId }
    : { code: r.code, message: r.message };
}
