/**
 * Firewall verdicts of a move (R17): every flow of a moved VM is checked again
 * with the VM at its new site, and the flows whose verdict changes are what the
 * preview shows: an allowed flow that the move would cut, or a denied one it
 * would open. Only the moved VMs' flows are looked at.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Flow } from '../model/flow.ts';
import { evaluateFirewall, type FirewallVerdict, type FlowEnd } from './firewall.ts';
import { resolveMoves, siteAfter, type Placement } from './placement.ts';

export interface FlowPolicyChange {
  flowId: string;
  before: FirewallVerdict;
  after: FirewallVerdict;
}

function vmEnd(index: EstateIndex, vmId: string, site: (vmId: string) => string | undefined) {
  const vm = index.vms.get(vmId);
  const siteId = site(vmId);
  if (!vm || siteId === undefined) return undefined;
  return { kind: 'vm', tenantId: vm.tenantId, networkId: vm.networkId, siteId } satisfies FlowEnd;
}

function verdict(
  index: EstateIndex,
  flow: Flow,
  site: (vmId: string) => string | undefined,
): FirewallVerdict | undefined {
  const from = vmEnd(index, flow.src, site);
  const to: FlowEnd | undefined =
    flow.dst.kind === 'vm'
      ? vmEnd(index, flow.dst.vmId, site)
      : { kind: 'external', prefix: flow.dst.prefix };
  if (!from || !to) return undefined;
  return evaluateFirewall(index, from, to, flow.port);
}

/**
 * The flows touching a moved VM whose action (allow / deny) changes, each
 * once, in the order of the placement and then of the VM's flows. A change of
 * deciding rule with the same action is not a change of verdict and is left out.
 *
 * @example
 * // An Umbrella VM moved to the public DC: its flows to Umbrella peers now hit fw-public-to-health.
 * checkFlowPolicies(index, new Map([['umbrella-ehr-ehr-01', 'dub-cloud.leaf-1-h1']]));
 */
export function checkFlowPolicies(index: EstateIndex, placement: Placement): FlowPolicyChange[] {
  // Zone selectors are the only ones a move can change, so only moves between sites matter.
  const moves = resolveMoves(index, placement).filter((m) => m.fromSiteId !== m.toSiteId);
  if (moves.length === 0) return [];
  const siteBefore = (vmId: string) => {
    const vm = index.vms.get(vmId);
    return vm && index.devices.get(vm.hostId)?.siteId;
  };
  const siteAfterMove = (vmId: string) => {
    const vm = index.vms.get(vmId);
    return vm && siteAfter(index, placement, vm);
  };
  const seen = new Set<string>();
  const changes: FlowPolicyChange[] = [];
  for (const move of moves)
    for (const flow of index.flowsByVm.get(move.vm.id) ?? []) {
      if (seen.has(flow.id)) continue;
      seen.add(flow.id);
      const before = verdict(index, flow, siteBefore);
      const after = verdict(index, flow, siteAfterMove);
      if (before && after && before.action !== after.action)
        changes.push({ flowId: flow.id, before, after });
    }
  return changes;
}
