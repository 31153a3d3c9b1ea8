/** A WAN / DCI link between the gateways of two sites (R12). */
import { z } from 'zod';
import { IdSchema, LinkStateSchema } from './primitives.ts';

export const WanLinkSchema = z.object({
  id: IdSchema,
  a: IdSchema,
  b: IdSchema,
  capacityGbps: z.number().positive(),
  latencyMs: z.number().nonnegative(),
  cost: z.number().int().positive(),
  state: LinkStateSchema.default('up'),
  utilisation: z.number().min(0).max(1).default(0),
});
export type WanLink = z.infer<typeof WanLinkSchema>;
