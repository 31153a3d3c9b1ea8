/**
 * The append-only event log (issue 5, item 2). Every state change of a
 * migration is written here, in the transaction that makes it, before anyone
 * is told about it. Ids come from an identity column; appenders hold one
 * transaction-scoped advisory lock, so ids become visible in the order they
 * were handed out and a reader that has seen id n never later finds a
 * committed row below n (without the lock, two PostgreSQL instances could
 * commit 7 after 8, and a reader that read 8 would miss 7 for good).
 */
import {
  EventRecordSchema,
  type EventRecord,
  type MigrationEvent,
  type MigrationEventRecord,
  type SystemEvent,
} from '@vmmi/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MigrationEventsTable } from '../db/schema.ts';

/** The advisory lock appenders hold; any constant the rest of the schema does not use. */
const APPEND_LOCK = 0x766d6d69; // 'vmmi'
/** The channel NOTIFY announces new events on (PostgreSQL); the payload is the newest id. */
export const EVENTS_CHANNEL = 'vmmi_events';

export type NewEvent =
  | { migrationId: string; seq: number; simMs: number; event: MigrationEvent }
  | { migrationId: null; event: SystemEvent };

/**
 * Appends the events in the caller's transaction, in order, and returns them
 * as stored. With `notify`, other instances are told at commit (NOTIFY inside
 * a transaction is delivered when it commits, and not at all if it rolls back).
 */
export async function appendEvents(
  trx: Kysely<Database>,
  events: readonly NewEvent[],
  notify: boolean,
): Promise<EventRecord[]> {
  if (events.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(trx);
  // Under the lock no one else draws ids: take the n next ones at once, so that the insert needs
  // no RETURNING (a thousand rows back to the caller each tick). A rollback leaves a gap, as an
  // identity column's would. `at` is the column's default, the transaction's now().
  const n = events.length;
  const reserved = await sql<{ first: string; at: Date }>`
    select (setval(pg_get_serial_sequence('migration_events', 'id'),
                   nextval(pg_get_serial_sequence('migration_events', 'id')) + ${n - 1}) - ${n - 1})::text
             as first,
           now() as at`.execute(trx);
  const { first, at } = reserved.rows[0]!;
  // Text columns travel as one newline-separated string each (JSON.stringify never writes a raw
  // newline, ids and types cannot hold one): PostgreSQL splits it in C, where an array parameter
  // of a thousand quoted, escaped JSON texts costs its parser and PGlite's serialiser far more.
  // An empty line is NULL (a system event's migration). With numeric arrays: five parameters
  // however many rows, where a VALUES list would have five per row to parse and plan.
  const lines = (f: (e: NewEvent) => string) => events.map(f).join('\n');
  await sql`
    insert into migration_events (id, migration_id, seq, sim_ms, type, body) overriding system value
    select ${first}::bigint + n - 1, migration_id, seq, sim_ms, type, body::json from unnest(
      string_to_array(${lines((e) => e.migrationId ?? '')}, E'\n', ''),
      ${events.map((e) => (e.migrationId === null ? null : e.seq))}::integer[],
      ${events.map((e) => (e.migrationId === null ? null : e.simMs))}::float8[],
      string_to_array(${lines((e) => e.event.type)}, E'\n'),
      string_to_array(${lines((e) => JSON.stringify(e.event))}, E'\n')
    ) with ordinality as r(migration_id, seq, sim_ms, type, body, n)`.execute(trx);
  const base = BigInt(first);
  const when = at.toISOString();
  const records = events.map((e, i) => toRecord(e, (base + BigInt(i)).toString(), when));
  if (notify) await sql`select pg_notify(${EVENTS_CHANNEL}, ${records.at(-1)!.id})`.execute(trx);
  return records;
}

function toRecord(e: NewEvent, id: string, at: string): EventRecord {
  return e.migrationId === null
    ? { scope: 'system', id, at, event: e.event }
    : {
        scope: 'migration',
        id,
        migrationId: e.migrationId,
        seq: e.seq,
        at,
        simMs: e.simMs,
        event: e.event,
      };
}

type Row = Omit<Selectable<MigrationEventsTable>, 'id'> & { id: string };

/** A stored row as a record, checked against the schema (a row an older build wrote is checked too). */
function parseRow(row: Row): EventRecord {
  return EventRecordSchema.parse(
    row.migration_id === null
      ? { scope: 'system', id: row.id, at: row.at.toISOString(), event: row.body }
      : {
          scope: 'migration',
          id: row.id,
          migrationId: row.migration_id,
          seq: row.seq,
          at: row.at.toISOString(),
          simMs: row.sim_ms ?? 0,
          event: row.body,
        },
  );
}

const columns = [
  sql<string>`id::text`.as('id'),
  'migration_id',
  'seq',
  'at',
  'sim_ms',
  'type',
  'body',
] as const;

/** Events with ids in (after, upTo], oldest first, at most `limit`; only the given runs' when given. */
export async function readEventsAfter(
  db: Kysely<Database>,
  after: bigint,
  opts: { migrationIds?: readonly string[]; upTo?: bigint; limit: number },
): Promise<EventRecord[]> {
  let q = db
    .selectFrom('migration_events')
    .select(columns)
    .where('id', '>', sql<string>`${after.toString()}::bigint`)
    // The table's bigint id: a bare 'id' would sort by the text alias selected above ('10' < '9').
    .orderBy('migration_events.id')
    .limit(opts.limit);
  if (opts.upTo !== undefined)
    q = q.where('id', '<=', sql<string>`${opts.upTo.toString()}::bigint`);
  if (opts.migrationIds !== undefined) {
    if (opts.migrationIds.length === 0) return [];
    q = q.where('migration_id', 'in', opts.migrationIds);
  }
  const rows = await q.execute();
  return rows.map(parseRow);
}

/** Every event of one migration, in seq order. */
export async function readMigrationEvents(
  db: Kysely<Database>,
  migrationId: string,
): Promise<MigrationEventRecord[]> {
  const rows = await db
    .selectFrom('migration_events')
    .select(columns)
    .where('migration_id', '=', migrationId)
    .orderBy('seq')
    .execute();
  return rows.map(parseRow) as MigrationEventRecord[];
}

/** The newest event id, 0 when there is none. */
export async function latestEventId(db: Kysely<Database>): Promise<bigint> {
  const row = await db
    .selectFrom('migration_events')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .executeTakeFirstOrThrow();
  return BigInt(row.id);
}
