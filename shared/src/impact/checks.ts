/**
 * The checks that depend only on where the VMs land, not on the strategy:
 * admission (placement rules, host and site capacity, switch tables: the rule
 * execution applies too, policy/admission.ts) and firewall verdicts (R16,
 * R17, R20). Computed once per preview and shared by every strategy it
 * compares.
 */
import { admitPlacement, reasonOf } from '../policy/admission.ts';
import { checkFlowPolicies } from '../policy/flow-policies.ts';
import { flowPolicyWarning } from '../policy/flow-policy-words.ts';
import type { MoveContext } from './move-context.ts';
import type { LoadChange, Reason, TableChange } from './report.ts';

export interface PlacementChecks {
  blocking: Reason[];
  warnings: Reason[];
  load: LoadChange[];
  tables: TableChange[];
}

/**
 * The strategy-independent part of a preview: admission's reasons block
 * (nothing is in flight in a preview), rules the VMs broke already and
 * firewall verdicts that change are warnings.
 */
export function placementChecks(ctx: MoveContext): PlacementChecks {
  const { index } = ctx.engine;
  const admission = admitPlacement(index, ctx.placement, [], { cold: ctx.mode === 'cold' });
  const blocking: Reason[] = admission.reasons.map(reasonOf);
  const warnings: Reason[] = admission.inherited.map((v) => ({
    code: `policy-${v.kind}`,
    message: v.message,
    vmId: v.vmIds[0],
  }));
  for (const change of checkFlowPolicies(index, ctx.placement))
    warnings.push(flowPolicyWarning(index, ctx.placement, change));

  const load: LoadChange[] = admission.hosts.map((h) => ({
    id: h.hostId,
    kind: 'host',
    vcpu: { before: h.before.vcpu, after: h.after.vcpu, capacity: h.capacity.vcpu },
    memoryGiB: {
      before: h.before.memoryGiB,
      after: h.after.memoryGiB,
      capacity: h.capacity.memoryGiB,
    },
    over: h.over,
  }));
  for (const s of admission.sites)
    load.push({
      id: s.siteId,
      kind: 'site',
      vcpu: { before: s.before.vcpuUsed, after: s.after.vcpuUsed, capacity: s.after.vcpuTotal },
      memoryGiB: {
        before: s.before.memoryGiBUsed,
        after: s.after.memoryGiBUsed,
        capacity: s.after.memoryGiBTotal,
      },
      over: s.after.vcpuUsed > s.after.vcpuTotal || s.after.memoryGiBUsed > s.after.memoryGiBTotal,
    });

  const tables: TableChange[] = [];
  for (const t of admission.tables) {
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
  }
  return { blocking, warnings, load, tables };
}
