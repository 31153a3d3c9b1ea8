/** A virtual machine: what it is attached to, what it costs to host, and what it costs to move. */
import { z } from 'zod';
import { IdSchema, Ipv4Schema, Ipv6Schema, MacSchema } from './primitives.ts';

export const VmSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  tenantId: IdSchema,
  networkId: IdSchema,
  hostId: IdSchema,
  mac: MacSchema,
  ipv4: Ipv4Schema.optional(),
  ipv6: Ipv6Schema.optional(),
  vcpu: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  /** Rate at which the guest dirties memory, in MiB/s: what decides pre-copy convergence (R14). */
  dirtyRateMiBps: z.number().nonnegative(),
  /**
   * Memory the guest writes to, GiB (default: all of it). Dirtied pages are distinct pages of
   * it, so a small working set bounds each round of the pre-copy (model v2, precopy.ts).
   */
  workingSetGiB: z.number().nonnegative().optional(),
  /** Share of memory that is not zero pages, 0..1 (default 1); QEMU sends zero pages as markers. */
  nonZeroShare: z.number().min(0).max(1).optional(),
  disk: z.object({ kind: z.enum(['shared', 'local']), sizeGiB: z.number().nonnegative() }),
  /**
   * The guest's CPU model, an id of the estate's `cpuModels` (a named model or a baseline such
   * as x86-64-v2); absent, the guest sees its host's model (libvirt's host-model), so it can go
   * live only to hosts with every feature of it (R15).
   */
  cpuModel: IdSchema.optional(),
  /**
   * Whether the guest keeps state in memory that clients depend on (R15): `stateful` (a
   * database, sessions in memory) cannot run twice in parallel, so a strategy that runs the
   * source and a copy side by side (re-addressing, R5) does not apply; `stateless` (a web
   * worker behind a load balancer) loses nothing in a cold move and can be redeployed from its
   * image on another hypervisor family, so a cold migration is offered for it too. Absent: not
   * stated, treated as neither. docs/strategies.md, "Stateful and stateless VMs".
   */
  state: z.enum(['stateful', 'stateless']).optional(),
  /** Cluster label (an application or availability group) used by placement rules. */
  cluster: z.string().optional(),
});
export type Vm = z.infer<typeof VmSchema>;
