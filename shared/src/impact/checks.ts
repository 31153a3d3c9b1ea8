/**
 * The checks that depend only on where the VMs land, not on the strategy:
 * placement rules, host capacity, site load, switch tables and firewall
 * verdicts (R16, R17, R20). Computed once per preview and shared by every
 * strategy it compares.
 */
import { checkFlowPolicies } from '../policy/flow-policies.ts';
import { checkPlacement } from '../policy/placement-rules.ts';
import { hostCapacityAfter, siteLoad } from '../policy/capacity.ts';
import { switchTableChanges } from '../policy/switch-tables.ts';
import type { MoveContext } from './move-context.ts';
import type { LoadChange, Reason, TableChange } from './report.ts';

export interface PlacementChecks {
  blocking: Reason[];
  warnings: Reason[];
  load: LoadChange[];
  tables: TableChange[];
}

export function placementChecks(ctx: MoveContext): PlacementChecks {
  const { index } = ctx.engine;
  const blocking: Reason[] = [];
  const warnings: Reason[] = [];

  for (const v of checkPlacement(index, ctx.placement)) {
    const reason = { code: `policy-${v.kind}`, message: v.message, vmId: v.vmIds[0] };
    (v.preExisting ? warnings : blocking).push(reason);
  }
  for (const change of checkFlowPolicies(index, ctx.placement)) {
    if (change.after.action === 'deny' && change.before.action === 'allow')
      warnings.push({
        code: 'policy-firewall',
        message: `flow ${change.flowId} will be denied by rule ${change.after.ruleId ?? 'default'}`,
      });
    else if (change.after.action === 'allow' && change.before.action === 'deny')
      warnings.push({
        code: 'policy-firewall-opened',
        message: `flow ${change.flowId} will be allowed by rule ${change.after.ruleId ?? 'default'}`,
      });
  }

  const load: LoadChange[] = [];
  for (const h of hostCapacityAfter(index, ctx.placement)) {
    load.push({
      id: h.hostId,
      kind: 'host',
      vcpu: { before: h.before.vcpu, after: h.after.vcpu, capacity: h.capacity.vcpu },
      memoryGiB: {
        before: h.before.memoryGiB,
        after: h.after.memoryGiB,
        capacity: h.capacity.memoryGiB,
      },
      over: h.over,
    });
    if (h.over && h.vmsIn.length)
      blocking.push({
        code: 'host-capacity',
        message: `${h.hostId} would be over capacity (${h.exceeded.join(', ')})`,
        vmId: h.vmsIn[0],
      });
  }
  const sites = new Set(ctx.moves.flatMap((m) => [m.fromSite.id, m.toSite.id]));
  for (const siteId of sites) {
    const s = siteLoad(index, siteId, ctx.placement);
    load.push({
      id: siteId,
      kind: 'site',
      vcpu: { before: s.before.vcpuUsed, after: s.after.vcpuUsed, capacity: s.after.vcpuTotal },
      memoryGiB: {
        before: s.before.memoryGiBUsed,
        after: s.after.memoryGiBUsed,
        capacity: s.after.memoryGiBTotal,
      },
      over: s.after.vcpuUsed > s.after.vcpuTotal || s.after.memoryGiBUsed > s.after.memoryGiBTotal,
    });
  }

  const tables: TableChange[] = [];
  for (const t of switchTableChanges(index, ctx.placement)) {
    const delta = (o: { before: number; after: number }) => o.after - o.before;
    tables.push({
      deviceId: t.deviceId,
      table: 'mac',
      added: Math.max(0, delta(t.macTable)),
      changed: 0,
      removed: Math.max(0, -delta(t.macTable)),
    });
    if (delta(t.fib))
      tables.push({
        deviceId: t.deviceId,
        table: 'fib',
        added: Math.max(0, delta(t.fib)),
        changed: 0,
        removed: Math.max(0, -delta(t.fib)),
      });
    if (t.overflow)
      blocking.push({
        code: 'table-overflow',
        message: `${t.deviceId}: MAC ${t.macTable.after}/${t.macTable.limit ?? '∞'}, FIB ${t.fib.after}/${t.fib.limit ?? '∞'} after the move`,
      });
  }
  return { blocking, warnings, load, tables };
}
