/** A physical link inside a site, between two devices. */
import { z } from 'zod';
import { IdSchema, LinkStateSchema } from './primitives.ts';

export const LinkSchema = z.object({
  id: IdSchema,
  a: IdSchema,
  b: IdSchema,
  capacityGbps: z.number().positive(),
  latencyMs: z.number().nonnegative(),
  /** OSPF-like cost (R3). */
  cost: z.number().int().positive(),
  state: LinkStateSchema.default('up'),
  /** Measured background load, 0..1, used for bottleneck utilisation. */
  utilisation: z.number().min(0).max(1).default(0),
});
export type Link = z.infer<typeof LinkSchema>;
