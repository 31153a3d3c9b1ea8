/**
 * What a succeeded migration writes back to the NetBox its estate came from
 * (R21): the VM's new `device` (and the device's `cluster`, which NetBox
 * requires to match), and a journal entry on the VM naming the plan. Built
 * when the run succeeds, from the ids the import recorded; a VM or host the
 * import never saw cannot be written back, and says so.
 */
import { NetboxIdsSchema } from '@vmmi/shared';
import { z } from 'zod';

export const NetboxWritebackRequestSchema = z.object({
  url: z.string().url(),
  vm: z.number().int().positive(),
  device: z.number().int().positive(),
  cluster: z.number().int().positive().optional(),
  journal: z.string().min(1),
});
export type NetboxWritebackRequest = z.infer<typeof NetboxWritebackRequestSchema>;

export interface SucceededRun {
  migrationId: string;
  planId: string;
  vmId: string;
  fromHost: string;
  toHost: string;
  executor: string;
}

/** The request, or why there can be none (the request then records what was known). */
export function netboxWriteback(
  source: { url: string; ids: unknown },
  run: SucceededRun,
): { request: NetboxWritebackRequest } | { error: string; request: unknown } {
  const journal =
    `VMMI Planner moved ${run.vmId} from ${run.fromHost} to ${run.toHost} ` +
    `(plan ${run.planId}, migration ${run.migrationId}, executor ${run.executor}).`;
  const ids = NetboxIdsSchema.safeParse(source.ids);
  if (!ids.success)
    return { error: 'the estate source holds no usable NetBox ids', request: { journal } };
  const vm = ids.data.vms[run.vmId];
  const device = ids.data.devices[run.toHost];
  const partial = { url: source.url, vm, device, journal };
  if (vm === undefined)
    return {
      error: `VM ${run.vmId} did not come from NetBox: nothing to update`,
      request: partial,
    };
  if (device === undefined)
    return {
      error: `host ${run.toHost} did not come from NetBox: its device id is unknown`,
      request: partial,
    };
  const cluster = ids.data.deviceClusters[run.toHost];
  return { request: { ...partial, vm, device, ...(cluster ? { cluster } : {}) } };
}
