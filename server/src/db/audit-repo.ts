/**
 * The audit log: appended to, read, never changed (the table's trigger
 * refuses UPDATE and DELETE; this module offers neither).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
  actor: string;
  actorKind: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  /** JSON values; an estate appears as its digest, not its document. */
  before?: unknown;
  after?: unknown;
  requestId: string | null;
  source: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  /** ISO 8601. */
  at: string;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: e.actor,
      actor_kind: e.actorKind,
      action: e.action,
      target: e.target,
      outcome: e.outcome,
      before: json(e.before),
      after: json(e.after),
      request_id: e.requestId,
      source: e.source,
    })
    .execute();
}

export interface AuditQuery {
  /** Entries older than this id (the previous page's last). */
  beforeId?: string;
  limit: number;
  action?: string;
  actor?: string;
  target?: string;
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.action !== undefined)
    query = query.where('action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.target !== undefined) query = query.where('target', '=', q.target);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    actorKind: r.actor_kind,
    action: r.action,
    target: r.target,
    outcome: r.outcome as AuditOutcome,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.request_id,
    source: r.source,
  }));
}
