/**
 * Firewall verdict changes in the operator's words (R17): the VMs by their
 * names, an external peer by its prefix, and the deciding rule by its
 * description, or, for a rule without one, by what it matches, with the
 * zones, tenants and networks named. The ids stay beside the words, in the
 * structured fields, for tooling.
 */
import { perIndex } from '../addressing/per-index.ts';
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Flow } from '../model/flow.ts';
import type { FirewallRule } from '../model/policy.ts';
import type { FlowPolicyChange } from './flow-policies.ts';
import type { Placement } from './placement.ts';

type Selector = FirewallRule['from'];

/** A verdict change as the preview warns of it: the words, and the ids they stand for. */
export interface FlowPolicyWarning {
  code: 'policy-firewall' | 'policy-firewall-opened';
  message: string;
  /** The moved VM whose flow it is (the source when both ends move). */
  vmId?: string;
  flowId: string;
  /** The deciding rule after the move; absent when the default action decides. */
  ruleId?: string;
}

const flowsById = perIndex((index) => new Map(index.estate.flows.map((f) => [f.id, f])));
const zonesById = perIndex((index) => new Map(index.estate.policies.zones.map((z) => [z.id, z])));
const rulesById = perIndex(
  (index) => new Map(index.estate.policies.firewallRules.map((r) => [r.id, r])),
);

function selectorWords(index: EstateIndex, sel: Selector): string {
  switch (sel.kind) {
    case 'any':
      return 'anywhere';
    case 'tenant':
      return `tenant ${index.tenants.get(sel.tenantId)?.name ?? sel.tenantId}`;
    case 'zone':
      return `zone ${zonesById(index).get(sel.zoneId)?.name ?? sel.zoneId}`;
    case 'network':
      return `network ${index.networks.get(sel.networkId)?.name ?? sel.networkId}`;
  }
}

/**
 * A rule as an operator recognises it: its description, else what it does.
 *
 * @example
 * describeFirewallRule(index, { id: 'r', priority: 1, action: 'deny', port: 5432,
 *   from: { kind: 'zone', zoneId: 'public' }, to: { kind: 'tenant', tenantId: 'globex' } });
 * // 'deny zone Public cloud → tenant Globex Bank on port 5432'
 */
export function describeFirewallRule(index: EstateIndex, rule: FirewallRule): string {
  if (rule.description) return rule.description;
  const port = rule.port === undefined ? '' : ` on port ${rule.port}`;
  return `${rule.action} ${selectorWords(index, rule.from)} → ${selectorWords(index, rule.to)}${port}`;
}

const vmName = (index: EstateIndex, vmId: string) => index.vms.get(vmId)?.name ?? vmId;

function flowWords(index: EstateIndex, flow: Flow): string {
  const to = flow.dst.kind === 'vm' ? vmName(index, flow.dst.vmId) : flow.dst.prefix;
  const port = flow.port === undefined ? '' : ` on port ${flow.port}`;
  return `${vmName(index, flow.src)} → ${to}${port}`;
}

/**
 * The warning for one verdict change of `checkFlowPolicies`, e.g. "Traffic
 * ehr-01 → ehr-07 on port 443 would be denied by the rule “Public cloud may
 * not reach health records”". A change whose flow the estate does not have
 * (it cannot come from checkFlowPolicies) is still worded, by its id.
 */
export function flowPolicyWarning(
  index: EstateIndex,
  placement: Placement,
  change: FlowPolicyChange,
): FlowPolicyWarning {
  const flow = flowsById(index).get(change.flowId);
  const denied = change.after.action === 'deny';
  const { ruleId } = change.after;
  const rule = ruleId === undefined ? undefined : rulesById(index).get(ruleId);
  const by = rule
    ? `the rule “${describeFirewallRule(index, rule)}”`
    : ruleId === undefined
      ? 'the default action (no rule matches)'
      : `the rule ${ruleId}`;
  const what = flow ? `Traffic ${flowWords(index, flow)}` : `Flow ${change.flowId}`;
  const moved =
    flow && !placement.has(flow.src) && flow.dst.kind === 'vm' ? flow.dst.vmId : flow?.src;
  return {
    code: denied ? 'policy-firewall' : 'policy-firewall-opened',
    message: `${what} would be ${denied ? 'denied' : 'allowed'} by ${by}`,
    ...(moved !== undefined && { vmId: moved }),
    flowId: change.flowId,
    ...(ruleId !== undefined && { ruleId }),
  };
}
