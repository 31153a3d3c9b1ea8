/**
 * Firewall evaluation (R17): the first rule, by priority, whose selectors
 * match both ends and whose port matches decides; no match means the
 * policies' default action. A zone selector matches a VM by the site it runs
 * in, which is why a move can change a flow's verdict although nothing about
 * the VM itself changed.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { FirewallRule } from '../model/policy.ts';
import { perIndex } from '../addressing/per-index.ts';

/** One end of a flow, as the firewall sees it. */
export type FlowEnd =
  | { kind: 'vm'; tenantId: string; networkId: string; siteId: string }
  | { kind: 'external'; prefix: string };

export interface FirewallVerdict {
  action: 'allow' | 'deny';
  /** The deciding rule; absent when the default action applied. */
  ruleId?: string;
}

type Selector = FirewallRule['from'];

interface CompiledPolicy {
  /** Rules by priority; equal priorities keep the estate's order (Array.prototype.sort is stable). */
  rules: FirewallRule[];
  zoneSites: Map<string, ReadonlySet<string>>;
  defaultAction: 'allow' | 'deny';
}

const compiled = perIndex((index): CompiledPolicy => {
  const { firewallRules, zones, defaultAction } = index.estate.policies;
  return {
    rules: [...firewallRules].sort((a, b) => a.priority - b.priority),
    zoneSites: new Map(zones.map((z) => [z.id, new Set(z.siteIds)])),
    defaultAction,
  };
});

function matches(policy: CompiledPolicy, sel: Selector, end: FlowEnd): boolean {
  switch (sel.kind) {
    case 'any':
      return true;
    // External prefixes have no tenant, network or site, so only `any` matches them.
    case 'tenant':
      return end.kind === 'vm' && end.tenantId === sel.tenantId;
    case 'network':
      return end.kind === 'vm' && end.networkId === sel.networkId;
    case 'zone':
      return end.kind === 'vm' && (policy.zoneSites.get(sel.zoneId)?.has(end.siteId) ?? false);
  }
}

/**
 * The verdict for traffic from `from` to `to` on `port`. A rule with a port
 * matches only flows on that port; a flow without a port (any port) matches
 * only rules without one, so a port-specific rule never decides for all ports.
 *
 * @example
 * evaluateFirewall(index, { kind: 'vm', tenantId: 'umbrella', networkId: 'umbrella-ehr', siteId: 'dub-cloud' },
 *   { kind: 'vm', tenantId: 'umbrella', networkId: 'umbrella-ehr', siteId: 'lon1' });
 * // { action: 'deny', ruleId: 'fw-public-to-health' }
 */
export function evaluateFirewall(
  index: EstateIndex,
  from: FlowEnd,
  to: FlowEnd,
  port?: number,
): FirewallVerdict {
  const policy = compiled(index);
  for (const rule of policy.rules) {
    if (rule.port !== undefined && rule.port !== port) continue;
    if (matches(policy, rule.from, from) && matches(policy, rule.to, to))
      return { action: rule.action, ruleId: rule.id };
  }
  return { action: policy.defaultAction };
}
