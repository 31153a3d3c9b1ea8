/**
 * Estate sources and the write-back outbox (migration 0007): every query on
 * `estate_sources` and `writebacks`. The rules of what is written are in
 * src/writeback/.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface EstateSource {
  estateId: string;
  kind: 'netbox';
  url: string;
  ids: unknown;
  writeBack: boolean;
  /** ISO 8601. */
  importedAt: string;
}

export type WritebackStatus = 'pending' | 'done' | 'failed';

export interface WritebackRow {
  migrationId: string;
  estateId: string;
  target: 'netbox';
  status: WritebackStatus;
  attempts: number;
  request: unknown;
  lastError: string | null;
  /** ISO 8601. */
  updatedAt: string;
}

export async function getSource(db: Kysely<Database>, estateId: string) {
  const row = await db
    .selectFrom('estate_sources')
    .selectAll()
    .where('estate_id', '=', estateId)
    .executeTakeFirst();
  return row && toSource(row);
}

/** Records where an estate was imported from; a re-import keeps the write-back setting. */
export async function putSource(
  db: Kysely<Database>,
  s: { estateId: string; kind: 'netbox'; url: string; ids: unknown },
): Promise<void> {
  const ids = JSON.stringify(s.ids);
  await db
    .insertInto('estate_sources')
    .values({ estate_id: s.estateId, kind: s.kind, url: s.url, ids })
    .onConflict((oc) =>
      oc
        .column('estate_id')
        .doUpdateSet({ kind: s.kind, url: s.url, ids, imported_at: new Date() }),
    )
    .execute();
}

/** Whether there was a source to set it on. */
export async function setWriteBack(
  db: Kysely<Database>,
  estateId: string,
  enabled: boolean,
): Promise<boolean> {
  const r = await db
    .updateTable('estate_sources')
    .set({ write_back: enabled })
    .where('estate_id', '=', estateId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds write-backs to the outbox; one per run, a second insert for a run is ignored. */
export async function enqueue(
  db: Kysely<Database>,
  rows: readonly {
    migrationId: string;
    estateId: string;
    request: unknown;
    /** Set when the write-back cannot be made at all: it is recorded failed at once. */
    error?: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('writebacks')
    .values(
      rows.map((r) => ({
        migration_id: r.migrationId,
        estate_id: r.estateId,
        target: 'netbox',
        request: JSON.stringify(r.request),
        status: r.error ? 'failed' : 'pending',
        last_error: r.error ?? null,
      })),
    )
    .onConflict((oc) => oc.column('migration_id').doNothing())
    .execute();
}

/**
 * Claims the write-backs due now for one attempt: they are pushed out by
 * `leaseMs` first, so another instance claiming at the same time skips them
 * (and a crash mid-attempt leaves them due again once that passes).
 */
export async function claimDue(
  db: Kysely<Database>,
  limit: number,
  leaseMs: number,
): Promise<WritebackRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('writebacks')
      .select('migration_id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('writebacks')
      .set({
        next_attempt_at: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`,
        updated_at: sql<Date>`now()`,
      })
      .where(
        'migration_id',
        'in',
        due.map((d) => d.migration_id),
      )
      .returningAll()
      .execute();
    return rows.map(toRow);
  });
}

/** The outcome of one attempt: done, failed for good, or due again after `retryInMs`. */
export async function recordAttempt(
  db: Kysely<Database>,
  migrationId: string,
  outcome: { ok: true } | { ok: false; error: string; retryInMs: number | null },
): Promise<void> {
  await db
    .updateTable('writebacks')
    .set({
      attempts: sql<number>`attempts + 1`,
      status: outcome.ok ? 'done' : outcome.retryInMs === null ? 'failed' : 'pending',
      last_error: outcome.ok ? null : outcome.error,
      next_attempt_at:
        outcome.ok || outcome.retryInMs === null
          ? sql<Date>`now()`
          : sql<Date>`now() + ${`${outcome.retryInMs} milliseconds`}::interval`,
      updated_at: sql<Date>`now()`,
    })
    .where('migration_id', '=', migrationId)
    .execute();
}

/** The write-backs of some runs, for their cards and history rows. */
export async function forRuns(
  db: Kysely<Database>,
  migrationIds: readonly string[],
): Promise<WritebackRow[]> {
  if (migrationIds.length === 0) return [];
  const rows = await db
    .selectFrom('writebacks')
    .selectAll()
    .where('migration_id', 'in', [...migrationIds])
    .execute();
  return rows.map(toRow);
}

function toSource(row: {
  estate_id: string;
  kind: string;
  url: string;
  ids: unknown;
  write_back: boolean;
  imported_at: Date;
}): EstateSource {
  return {
    estateId: row.estate_id,
    kind: row.kind as 'netbox',
    url: row.url,
    ids: row.ids,
    writeBack: row.write_back,
    importedAt: row.imported_at.toISOString(),
  };
}

function toRow(row: {
  migration_id: string;
  estate_id: string;
  target: string;
  status: string;
  attempts: number;
  request: unknown;
  last_error: string | null;
  updated_at: Date;
}): WritebackRow {
  return {
    migrationId: row.migration_id,
    estateId: row.estate_id,
    target: row.target as 'netbox',
    status: row.status as WritebackStatus,
    attempts: row.attempts,
    request: row.request,
    lastError: row.last_error,
    updatedAt: row.updated_at.toISOString(),
  };
}
