/** A virtual network element (R20): a virtual router, firewall or load balancer with its table sizes. */
import { z } from 'zod';
import { IdSchema } from './primitives.ts';

export const VneSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  tenantId: IdSchema,
  kind: z.enum(['router', 'firewall', 'load-balancer']),
  hostId: IdSchema,
  networkIds: z.array(IdSchema).min(1),
  tables: z.object({
    routes: z.number().int().nonnegative(),
    routeLimit: z.number().int().positive(),
    sessions: z.number().int().nonnegative(),
    sessionLimit: z.number().int().positive(),
  }),
});
export type Vne = z.infer<typeof VneSchema>;
