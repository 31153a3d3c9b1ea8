/**
 * Storage of the instances that run migrations and their leases
 * (`executor_instances`, docs/execution.md, "Leases and the crash rule"): one
 * row per live instance, with a token new at every registration and the time
 * its lease ends, on the database's clock (the one every instance compares it with).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** A lease's end, `ms` from now on the database's clock. */
function fromNow(ms: number) {
  return sql<Date>`now() + ${`${ms} milliseconds`}::interval`;
}

/** Registers the instance under `token` with a fresh lease, replacing an earlier registration's row. */
export async function registerInstance(db: Db, id: string, token: string, ms: number) {
  const leaseUntil = fromNow(ms);
  await db
    .insertInto('executor_instances')
    .values({ id, token, lease_until: leaseUntil })
    .onConflict((oc) => oc.column('id').doUpdateSet({ token, lease_until: leaseUntil }))
    .execute();
}

/** Renews the registration's lease; false when its row is gone (its runs were taken over). */
export async function renewLease(db: Db, id: string, token: string, ms: number): Promise<boolean> {
  const renewed = await db
    .updateTable('executor_instances')
    .set({ lease_until: fromNow(ms) })
    .where('id', '=', id)
    .where('token', '=', token)
    .returning('id')
    .executeTakeFirst();
  return renewed !== undefined;
}

/** Gives the registration's lease up, so another instance takes its runs over at once. */
export async function releaseLease(db: Db, id: string, token: string): Promise<void> {
  await db
    .deleteFrom('executor_instances')
    .where('id', '=', id)
    .where('token', '=', token)
    .execute();
}

/**
 * Fencing: whether the registration still holds its lease, locking its row
 * (FOR SHARE) until the caller's transaction ends. Taking runs over deletes an
 * expired lease's row first, which waits for this lock.
 */
export async function holdLease(trx: Db, id: string, token: string): Promise<boolean> {
  const held = await trx
    .selectFrom('executor_instances')
    .select('id')
    .where('id', '=', id)
    .where('token', '=', token)
    .forShare()
    .executeTakeFirst();
  return held !== undefined;
}

/** Deletes the rows of other instances whose lease has expired; their ids. */
export async function expireOthers(trx: Db, id: string): Promise<string[]> {
  const rows = await trx
    .deleteFrom('executor_instances')
    .where('lease_until', '<', sql<Date>`now()`)
    .where('id', '!=', id)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
