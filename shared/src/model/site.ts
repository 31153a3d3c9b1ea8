/** A data center (R2, R12): where it is, whose it is, and what its fabric looks like. */
import { z } from 'zod';
import { IdSchema, Ipv4CidrSchema, Ipv6CidrSchema } from './primitives.ts';

/** The fabrics the generators build (topology/registry.ts). */
export const GeneratedTopologyKindSchema = z.enum([
  'three-tier',
  'fat-tree',
  'leaf-spine',
  'bcube',
]);
export type GeneratedTopologyKind = z.infer<typeof GeneratedTopologyKindSchema>;

/**
 * A site's fabric: one a generator built, or `custom`, any other graph (imported from
 * NetBox or containerlab, or written by hand), whose devices' roles say its tiers.
 */
export const TopologyKindSchema = z.enum([...GeneratedTopologyKindSchema.options, 'custom']);
export type TopologyKind = z.infer<typeof TopologyKindSchema>;

export const isGeneratedKind = (kind: TopologyKind): kind is GeneratedTopologyKind =>
  kind !== 'custom';

/** Routing inside the site (R3): link-state with ECMP, or fat-tree two-level tables. */
export const RoutingModeSchema = z.enum(['link-state', 'two-level']);

export const SiteSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  /** Private DCs are the operator's own; public ones are rented cloud regions (R17). */
  ownership: z.enum(['private', 'public']),
  region: z.string().min(1),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  topology: z.object({
    kind: TopologyKindSchema,
    /** The generator parameters that built it (k, n, counts), kept for display and rebuilds. */
    params: z.record(z.string(), z.number().int()),
  }),
  routingMode: RoutingModeSchema.default('link-state'),
  underlay: z
    .object({ ipv4: Ipv4CidrSchema.optional(), ipv6: Ipv6CidrSchema.optional() })
    .default({}),
});
export type Site = z.infer<typeof SiteSchema>;
