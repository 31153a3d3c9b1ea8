/**
 * Injected faults, stored so that every instance applies
 * them and they survive a restart. A host or link fault also sets that
 * device's or link's state in its estate, so previews and the topology show
 * it; clearing the fault sets it back.
 */
import { randomUUID } from 'node:crypto';
import { FaultSchema, type Fault, type Estate } from '@vmmi/shared';
import { type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface StoredFault {
  id: string;
  estateId: string | null;
  fault: Fault;
  createdAt: string;
  clearedAt: string | null;
}

export async function listFaults(
  db: Kysely<Database>,
  opts: { active: boolean },
): Promise<StoredFault[]> {
  let q = db.selectFrom('faults').selectAll().orderBy('created_at').orderBy('id');
  if (opts.active) q = q.where('cleared_at', 'is', null);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    estateId: r.estate_id,
    fault: FaultSchema.parse(r.spec),
    createdAt: r.created_at.toISOString(),
    clearedAt: r.cleared_at?.toISOString() ?? null,
  }));
}

export async function insertFault(
  trx: Kysely<Database>,
  estateId: string | null,
  fault: Fault,
  createdBy: string | null,
): Promise<StoredFault> {
  const row = await trx
    .insertInto('faults')
    .values({
      id: `fault-${randomUUID()}`,
      estate_id: estateId,
      kind: fault.kind,
      spec: JSON.stringify(fault),
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, estateId, fault, createdAt: row.created_at.toISOString(), clearedAt: null };
}

/** Marks the fault cleared; undefined when there is no such active fault. */
export async function clearFault(
  trx: Kysely<Database>,
  id: string,
): Promise<StoredFault | undefined> {
  const row = await trx
    .updateTable('faults')
    .set({ cleared_at: new Date() })
    .where('id', '=', id)
    .where('cleared_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      estateId: row.estate_id,
      fault: FaultSchema.parse(row.spec),
      createdAt: row.created_at.toISOString(),
      clearedAt: row.cleared_at?.toISOString() ?? null,
    }
  );
}

/** Whether the fault names something the estate has; a message saying what is missing otherwise. */
export function faultTargetMissing(estate: Estate, fault: Fault): string | null {
  switch (fault.kind) {
    case 'host-down':
      return estate.devices.some((d) => d.id === fault.hostId && d.role === 'host')
        ? null
        : `estate "${estate.id}" has no host "${fault.hostId}"`;
    case 'link-down':
      return [...estate.links, ...estate.wanLinks].some((l) => l.id === fault.linkId)
        ? null
        : `estate "${estate.id}" has no link "${fault.linkId}"`;
    case 'bandwidth-collapse':
      return fault.linkId === undefined ||
        [...estate.links, ...estate.wanLinks].some((l) => l.id === fault.linkId)
        ? null
        : `estate "${estate.id}" has no link "${fault.linkId}"`;
    default:
      return null;
  }
}

/** The estate with the fault's host or link set down (or up again, for a cleared fault). */
export function withFaultState(estate: Estate, fault: Fault, state: 'up' | 'down'): Estate {
  if (fault.kind === 'host-down')
    return {
      ...estate,
      devices: estate.devices.map((d) => (d.id === fault.hostId ? { ...d, state } : d)),
    };
  if (fault.kind === 'link-down')
    return {
      ...estate,
      links: estate.links.map((l) => (l.id === fault.linkId ? { ...l, state } : l)),
      wanLinks: estate.wanLinks.map((l) => (l.id === fault.linkId ? { ...l, state } : l)),
    };
  return estate;
}
