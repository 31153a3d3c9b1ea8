/** Zones, firewall rules and placement rules (R16, R17). */
import { z } from 'zod';
import { IdSchema, plainText } from './primitives.ts';

export const ZoneSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  siteIds: z.array(IdSchema).min(1),
});
export type Zone = z.infer<typeof ZoneSchema>;

/** What a firewall rule matches on either side. */
export const EndpointSelectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('tenant'), tenantId: IdSchema }),
  z.object({ kind: z.literal('zone'), zoneId: IdSchema }),
  z.object({ kind: z.literal('network'), networkId: IdSchema }),
]);

export const FirewallRuleSchema = z.object({
  id: IdSchema,
  /** Lower runs first; the first match decides. */
  priority: z.number().int().nonnegative(),
  from: EndpointSelectorSchema,
  to: EndpointSelectorSchema,
  port: z.number().int().min(0).max(65535).optional(),
  action: z.enum(['allow', 'deny']),
  /** What the rule is for, in the operator's words; warnings name the rule by it. */
  description: plainText(200).min(1).optional(),
});
export type FirewallRule = z.infer<typeof FirewallRuleSchema>;

/** What every placement rule carries: its id, and what it is for in the operator's words (warnings name it by that). */
const placementRuleBase = {
  id: IdSchema,
  description: plainText(200).min(1).optional(),
};

export const PlacementRuleSchema = z.discriminatedUnion('kind', [
  /** The VMs must stay in these regions (data residency). */
  z.object({
    ...placementRuleBase,
    kind: z.literal('region'),
    vmIds: z.array(IdSchema).min(1),
    regions: z.array(z.string()).min(1),
  }),
  /** The VMs must share a site. */
  z.object({ ...placementRuleBase, kind: z.literal('affinity'), vmIds: z.array(IdSchema).min(2) }),
  /** The VMs must be on different hosts. */
  z.object({
    ...placementRuleBase,
    kind: z.literal('anti-affinity'),
    vmIds: z.array(IdSchema).min(2),
  }),
  /** The VMs may not run in a public DC (R17). */
  z.object({
    ...placementRuleBase,
    kind: z.literal('private-only'),
    vmIds: z.array(IdSchema).min(1),
  }),
]);
export type PlacementRule = z.infer<typeof PlacementRuleSchema>;

export const PoliciesSchema = z.object({
  zones: z.array(ZoneSchema).default([]),
  firewallRules: z.array(FirewallRuleSchema).default([]),
  /** What happens to traffic no rule matches. */
  defaultAction: z.enum(['allow', 'deny']).default('allow'),
  placementRules: z.array(PlacementRuleSchema).default([]),
});
export type Policies = z.infer<typeof PoliciesSchema>;
