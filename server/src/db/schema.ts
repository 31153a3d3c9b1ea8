/** The tables as Kysely sees them. Column names are snake_case, as in SQL. */
import type { ColumnType, Generated } from 'kysely';

/** One row per estate; the estate itself is one jsonb document, validated before it is written. */
export interface EstatesTable {
  id: string;
  name: string;
  /** 1 on insert, +1 on every write, so readers can tell whether the estate changed. */
  version: Generated<number>;
  /** Written as JSON text, read back decoded by the driver. */
  doc: ColumnType<unknown, string, string>;
  /** SHA-256 of the document's sorted-key JSON (audit/estate-digest.ts); null if written before it was kept. */
  sha256: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/**
 * One row per accepted plan: a move request and the report the server
 * computed for it, tied to the estate version it was computed on.
 */
export interface PlansTable {
  /** `plan-<uuid>`. */
  id: string;
  /** Deleting the estate deletes its plans. */
  estate_id: string;
  /** The estate version the report was computed on; an executor must check it again. */
  estate_version: number;
  /** The move request as parsed (defaults filled in), JSON text in, decoded out. */
  request: ColumnType<unknown, string, never>;
  /** The ImpactReport, JSON text in, decoded out. */
  report: ColumnType<unknown, string, never>;
  /** One of PLAN_STATUSES (src/plans/plan.ts); a CHECK constraint holds the same list. */
  status: string;
  /** The role of the caller who accepted it (the only identity there is until real authentication). */
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/** One row per migration run (one VM of a plan); its state is derived from its events. */
export interface MigrationsTable {
  /** `mig-<uuid>`. */
  id: string;
  plan_id: string;
  estate_id: string;
  vm_id: string;
  /** A cache of the status its events give, for queries and the one-active-run-per-VM index. */
  status: string;
  /** The MigrationSpec, JSON text in, decoded out. */
  spec: ColumnType<unknown, string, never>;
  /** The instance that runs it; null once it has ended, or while no live instance holds it. */
  owner: string | null;
  /** An abort asked for through the API; the owner records it as an event on its next tick. */
  abort_requested_by: string | null;
  abort_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/** The append-only event log: migration events (migration_id set) and system events (null). */
export interface MigrationEventsTable {
  id: ColumnType<string, never, never>;
  migration_id: string | null;
  seq: number | null;
  at: ColumnType<Date, never, never>;
  sim_ms: number | null;
  type: string;
  /** The event, JSON text in, decoded out. */
  body: ColumnType<unknown, string, never>;
}

/** Injected faults; active until cleared. */
export interface FaultsTable {
  /** `fault-<uuid>`. */
  id: string;
  /** The estate whose host or link it hits; null for faults named by migration. */
  estate_id: string | null;
  kind: string;
  spec: ColumnType<unknown, string, never>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  cleared_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Server instances that run migrations, each with its lease (supervisor.ts). */
export interface ExecutorInstancesTable {
  id: string;
  /** A new random value at every registration. */
  token: string;
  lease_until: Date;
  registered_at: ColumnType<Date, never, never>;
}

/** Per estate imported from NetBox: where from, its ids, and whether moves are written back. */
export interface EstateSourcesTable {
  estate_id: string;
  /** 'netbox' (a CHECK constraint holds the list). */
  kind: string;
  url: string;
  /** Our ids → NetBox's numeric ids, JSON text in, decoded out (NetboxIdsSchema). */
  ids: ColumnType<unknown, string, string>;
  write_back: ColumnType<boolean, boolean | undefined, boolean>;
  imported_at: ColumnType<Date, Date | undefined, Date>;
}

/** The outbox of write-backs: one per succeeded run of an estate with write-back on. */
export interface WritebacksTable {
  migration_id: string;
  estate_id: string;
  /** The system written to: 'netbox'. */
  target: string;
  /** 'pending' | 'done' | 'failed'. */
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  /** What is to be written (WritebackRequestSchema), JSON text in, decoded out. */
  request: ColumnType<unknown, string, never>;
  last_error: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/** People who sign in; `tenants` null means every tenant (JSON text in, decoded out). */
export interface UsersTable {
  id: string;
  name: string;
  password_hash: string;
  role: string;
  tenants: ColumnType<unknown, string | null, string | null>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/** One per login, by the SHA-256 of the cookie's secret. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf: string;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  source: string | null;
}

/** API tokens, by the SHA-256 of the secret; `prefix` is its first characters, to recognise it. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  hash: string;
  prefix: string;
  /** 'read' | 'write'. */
  scope: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date | null;
  last_used_at: ColumnType<Date | null, never, Date>;
  revoked_at: ColumnType<Date | null, never, Date>;
}

/** The one-time token that creates the first admin (a single row, id 1). */
export interface AuthSetupTable {
  id: number;
  token_hash: string;
  created_at: ColumnType<Date, never, never>;
  used_at: ColumnType<Date | null, never, Date>;
}

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, never, never>;
  actor: string;
  /** 'user' | 'token' | 'anonymous' | 'proxy' | 'system'. */
  actor_kind: string;
  action: string;
  target: string | null;
  /** 'ok' | 'refused' | 'failed'. */
  outcome: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: string | null;
  source: string | null;
}

/** Wave runs (migration 0010): a wave plan the supervisor carries out, wave by wave. */
export interface WaveRunsTable {
  /** `waves-<uuid>`. */
  id: string;
  estate_id: string;
  estate_version: number;
  created_by: string;
  /** One of WaveRunStatusSchema's; a CHECK constraint holds the same list. */
  status: string;
  current_wave: ColumnType<number, number | undefined, number>;
  wave_started: ColumnType<boolean, boolean | undefined, boolean>;
  /** WaveRunOptionsSchema, JSON text in, decoded out. */
  options: ColumnType<unknown, string, never>;
  /** WaveRunWaveSchema[], JSON text in, decoded out. */
  waves: ColumnType<unknown, string, string>;
  /** WaveRunHistoryEntrySchema[], JSON text in, decoded out. */
  history: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface Database {
  estates: EstatesTable;
  plans: PlansTable;
  migrations: MigrationsTable;
  migration_events: MigrationEventsTable;
  faults: FaultsTable;
  executor_instances: ExecutorInstancesTable;
  estate_sources: EstateSourcesTable;
  writebacks: WritebacksTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_setup: AuthSetupTable;
  audit_log: AuditLogTable;
  wave_runs: WaveRunsTable;
}
