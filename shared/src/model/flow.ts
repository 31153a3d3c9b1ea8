/** A traffic flow of a VM, to another VM or to an external prefix, so a move's effect on real traffic can be computed. */
import { z } from 'zod';
import { CidrSchema, IdSchema } from './primitives.ts';

export const FlowSchema = z.object({
  id: IdSchema,
  src: IdSchema,
  dst: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('vm'), vmId: IdSchema }),
    z.object({ kind: z.literal('prefix'), prefix: CidrSchema }),
  ]),
  rateMbps: z.number().nonnegative(),
  /** L4 port, used by firewall rules; absent means any. */
  port: z.number().int().min(0).max(65535).optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

/** The VM at the other end of `flow` from `vmId`, or null when that end is an external prefix. */
export function flowPeer(flow: Flow, vmId: string): string | null {
  if (flow.src !== vmId) return flow.src;
  return flow.dst.kind === 'vm' ? flow.dst.vmId : null;
}
