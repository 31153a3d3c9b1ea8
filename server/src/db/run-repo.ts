/**
 * Storage of migration runs and their events: every query on `migrations`
 * (one row per run, a VM's migration; its state is derived from its events,
 * the `status` column is a cache of it) and on `migration_events` (the
 * append-only log). Pass a transaction to make a call part of a larger unit
 * of work; given the plain database, each call stands alone.
 */
import {
  EventRecordSchema,
  type EventRecord,
  type MigrationEvent,
  type MigrationEventRecord,
  type MigrationSpec,
  type MigrationStatus,
  type ReservingSpec,
  type SystemEvent,
} from '@vmmi/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MigrationEventsTable } from './schema.ts';

type Db = Kysely<Database>;

const ACTIVE: MigrationStatus[] = ['queued', 'running'];

/** A row of the migration list; the full state is in the run's events. */
export interface MigrationRow {
  id: string;
  planId: string;
  estateId: string;
  vmId: string;
  status: string;
  owner: string | null;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  /** Its write-back to the estate's NetBox, when it owes one (docs/writeback.md). */
  writeback: { status: string; attempts: number; lastError: string | null } | null;
}

/** Stores new runs, queued and owned by `owner` (their created events are appended apart). */
export async function insertRuns(
  trx: Db,
  owner: string,
  runs: readonly { id: string; spec: MigrationSpec }[],
): Promise<void> {
  await trx
    .insertInto('migrations')
    .values(
      runs.map(({ id, spec }) => ({
        id,
        plan_id: spec.planId,
        estate_id: spec.estateId,
        vm_id: spec.vmId,
        status: 'queued',
        spec: JSON.stringify(spec),
        owner,
      })),
    )
    .execute();
}

/** A run not ended of one of these VMs of the estate, if there is one. */
export function activeRunOf(
  db: Db,
  estateId: string,
  vmIds: readonly string[],
): Promise<{ id: string; vm_id: string } | undefined> {
  return db
    .selectFrom('migrations')
    .select(['id', 'vm_id'])
    .where('estate_id', '=', estateId)
    .where('vm_id', 'in', vmIds)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
}

/**
 * What the estate's runs not ended reserve (reservation.ts in the engine).
 * Those that have switched over are among them: admission tells them by their
 * VM being on its target in the estate, which a query of their events for a
 * switchover would cost a scan of every run's events to find. Only the spec's
 * fields a reservation needs are read out of the jsonb, not the path and steps.
 */
export async function inFlightSpecs(db: Db, estateId: string): Promise<ReservingSpec[]> {
  // One jsonb_to_record per row reads the spec once; an ->> per field would read it four times.
  const { rows } = await sql<ReservingSpec>`
    select m.vm_id as "vmId", r."toHost", r.vcpu, r."memoryGiB", r."storageBytes"
    from migrations m
    cross join lateral jsonb_to_record(m.spec)
      as r("toHost" text, vcpu float8, "memoryGiB" float8, "storageBytes" float8)
    where m.estate_id = ${estateId} and m.status in ('queued', 'running')`.execute(db);
  return rows;
}

/** What the API checks of a run before it acts on it: its status, estate and abort request. */
export async function getRun(db: Db, id: string) {
  const r = await db
    .selectFrom('migrations')
    .select(['id', 'status', 'estate_id', 'vm_id', 'abort_requested_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      status: r.status as MigrationStatus,
      estateId: r.estate_id,
      vmId: r.vm_id,
      abortRequested: r.abort_requested_at !== null,
    }
  );
}

/** Records an abort request on a run not ended; false when it has ended. */
export async function requestAbort(db: Db, id: string, by: string): Promise<boolean> {
  const updated = await db
    .updateTable('migrations')
    .set({ abort_requested_by: by, abort_requested_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** The owner's runs not ended with an abort requested: run id -> who asked. */
export async function abortRequests(db: Db, owner: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('migrations')
    .select(['id', 'abort_requested_by'])
    .where('owner', '=', owner)
    .where('status', 'in', ACTIVE)
    .where('abort_requested_at', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.abort_requested_by ?? 'unknown']));
}

/** An estate's runs, newest first (or only those not ended). */
export async function listRuns(
  db: Db,
  estateId: string,
  opts: { active: boolean; limit: number },
): Promise<MigrationRow[]> {
  let q = db
    .selectFrom('migrations as m')
    .leftJoin('writebacks as w', 'w.migration_id', 'm.id')
    .select([
      'm.id',
      'm.plan_id',
      'm.estate_id',
      'm.vm_id',
      'm.status',
      'm.owner',
      'm.created_at',
      'm.updated_at',
      'w.status as writeback_status',
      'w.attempts as writeback_attempts',
      'w.last_error as writeback_error',
    ])
    .where('m.estate_id', '=', estateId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(opts.limit);
  if (opts.active) q = q.where('m.status', 'in', ACTIVE);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    estateId: r.estate_id,
    vmId: r.vm_id,
    status: r.status,
    owner: r.owner,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    writeback:
      r.writeback_status === null
        ? null
        : {
            status: r.writeback_status,
            attempts: r.writeback_attempts ?? 0,
            lastError: r.writeback_error,
          },
  }));
}

/** The ids of one run (if it exists) or of a plan's runs. */
export async function runIds(
  db: Db,
  of: { migrationId: string } | { planId: string },
): Promise<string[]> {
  const q = db.selectFrom('migrations').select('id');
  const rows = await (
    'migrationId' in of ? q.where('id', '=', of.migrationId) : q.where('plan_id', '=', of.planId)
  ).execute();
  return rows.map((r) => r.id);
}

/** Sets the status of runs; one that has ended is no one's any more. */
export async function setStatus(
  trx: Db,
  ids: readonly string[],
  status: MigrationStatus,
): Promise<void> {
  const ended = !ACTIVE.includes(status);
  await trx
    .updateTable('migrations')
    .set({ status, updated_at: new Date(), ...(ended ? { owner: null } : {}) })
    .where('id', 'in', ids)
    .execute();
}

/** The statuses of a plan's runs. */
export async function planRunStatuses(trx: Db, planId: string): Promise<MigrationStatus[]> {
  const rows = await trx
    .selectFrom('migrations')
    .select('status')
    .where('plan_id', '=', planId)
    .execute();
  return rows.map((r) => r.status as MigrationStatus);
}

/** The statuses of these runs, by id (a run that does not exist is left out). */
export async function runStatuses(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, MigrationStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('migrations')
    .select(['id', 'status'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.status as MigrationStatus]));
}

/**
 * Locks and takes over the runs not ended that no live instance drives:
 * unowned ones, those of `instanceId` not in `exclude` (strays of a previous
 * process or registration), and those whose owner has no lease row; or, with
 * `everything`, all but `exclude`. Runs another transaction holds are skipped,
 * so two instances never take the same run. Returns them with their previous owner.
 */
export async function claimUnheld(
  trx: Db,
  instanceId: string,
  opts: { everything: boolean; exclude: readonly string[] },
): Promise<{ id: string; owner: string | null }[]> {
  let q = trx
    .selectFrom('migrations')
    .select(['id', 'owner'])
    .where('status', 'in', ACTIVE)
    .forUpdate()
    .skipLocked();
  if (!opts.everything)
    q = q.where((eb) =>
      eb.or([
        eb('owner', 'is', null),
        eb('owner', '=', instanceId),
        eb('owner', 'not in', eb.selectFrom('executor_instances').select('id')),
      ]),
    );
  if (opts.exclude.length > 0) q = q.where(sql<boolean>`not (${idIn(opts.exclude)})`);
  const rows = await q.execute();
  if (rows.length > 0)
    await trx
      .updateTable('migrations')
      .set({ owner: instanceId })
      .where(idIn(rows.map((r) => r.id)))
      .execute();
  return rows;
}

/**
 * `id = any($1)`: one array parameter for a tick's thousand run ids, where
 * `id in ($1, …, $1000)` has a thousand for the database to parse each tick.
 */
function idIn(ids: readonly string[]) {
  return sql<boolean>`id = any(${ids}::text[])`;
}

// The event log.

/** The advisory lock appenders hold; any constant the rest of the schema does not use. */
const APPEND_LOCK = 0x766d6d69; // 'vmmi'
/** The channel NOTIFY announces new events on (PostgreSQL); the payload is the newest id. */
export const EVENTS_CHANNEL = 'vmmi_events';

export type NewEvent =
  | { migrationId: string; seq: number; simMs: number; event: MigrationEvent }
  | { migrationId: null; event: SystemEvent };

/**
 * Appends the events in the caller's transaction, in order, and returns them
 * as stored. Appenders hold one transaction-scoped advisory lock, so ids
 * become visible in the order they were handed out: a reader that has seen
 * id n never later finds a committed row below n (without it, two PostgreSQL
 * instances could commit 7 after 8, and a reader of 8 would miss 7 for good).
 * With `notify`, other instances are told at commit (NOTIFY inside a
 * transaction is delivered when it commits, and not at all if it rolls back).
 */
export async function appendEvents(
  trx: Db,
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
  db: Db,
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

/** Every event of one run, in seq order. */
export async function readRunEvents(db: Db, migrationId: string): Promise<MigrationEventRecord[]> {
  const rows = await db
    .selectFrom('migration_events')
    .select(columns)
    .where('migration_id', '=', migrationId)
    .orderBy('seq')
    .execute();
  return rows.map(parseRow) as MigrationEventRecord[];
}

/** The newest event id, 0 when there is none. */
export async function latestEventId(db: Db): Promise<bigint> {
  const row = await db
    .selectFrom('migration_events')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .executeTakeFirstOrThrow();
  return BigInt(row.id);
}
