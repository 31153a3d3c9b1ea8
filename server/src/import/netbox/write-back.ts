/**
 * Writing a moved VM back to NetBox: its placement (`device`, `cluster`) and a
 * journal entry saying why. Same auth and retry rules as the reads (client.ts).
 */
import { z } from 'zod';
import { NetboxError, netboxRequest, type NetboxConnection } from './client.ts';

const NbId = z.number().int().nonnegative();
export const VmPlacementSchema = z.object({ device: NbId, cluster: NbId.optional() });
export type VmPlacement = z.infer<typeof VmPlacementSchema>;

const JournalKindSchema = z.enum(['info', 'success', 'warning', 'danger']);

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new NetboxError(
      'rejected',
      `${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data;
}

/** PATCHes the VM's `device` (and `cluster`); resolves to NetBox's rendering of the VM. */
export async function updateVmPlacement(
  conn: NetboxConnection,
  vmId: number,
  placement: VmPlacement,
): Promise<unknown> {
  const id = checked(NbId, vmId, 'VM id');
  const body = checked(VmPlacementSchema, placement, 'placement');
  return netboxRequest(conn, 'PATCH', `virtualization/virtual-machines/${id}/`, body);
}

/** Adds a journal entry to the VM (kind `info` unless given). */
export async function addJournalEntry(
  conn: NetboxConnection,
  vmId: number,
  text: string,
  kind: z.infer<typeof JournalKindSchema> = 'info',
): Promise<unknown> {
  const id = checked(NbId, vmId, 'VM id');
  const comments = checked(z.string().min(1), text, 'journal text');
  return netboxRequest(conn, 'POST', 'extras/journal-entries/', {
    assigned_object_type: 'virtualization.virtualmachine',
    assigned_object_id: id,
    kind: checked(JournalKindSchema, kind, 'journal kind'),
    comments,
  });
}
