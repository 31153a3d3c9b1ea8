/** A tenant: the owner of virtual networks, VMs and VNEs. */
import { z } from 'zod';
import { IdSchema } from './primitives.ts';

export const TenantSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
});
export type Tenant = z.infer<typeof TenantSchema>;
