/**
 * Execution: migration runs, their append-only events, and the
 * injected faults. Lists of statuses are written out here, not imported, so
 * this migration stays as it shipped.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('migrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id').onDelete('cascade'))
    .addColumn('vm_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('abort_requested_by', 'text')
    .addColumn('abort_requested_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'migrations_status_check',
      sql`status in ('queued', 'running', 'succeeded', 'rolled-back', 'failed')`,
    )
    .execute();
  // One run at a time per VM: a second one is refused by the database itself.
  await sql`create unique index migrations_one_active_per_vm on migrations (estate_id, vm_id) where status in ('queued', 'running')`.execute(
    db,
  );
  await sql`create index migrations_active_lease on migrations (lease_until) where status in ('queued', 'running')`.execute(
    db,
  );
  await db.schema
    .createIndex('migrations_estate_created_idx')
    .on('migrations')
    .columns(['estate_id', 'created_at desc'])
    .execute();

  await db.schema
    .createTable('migration_events')
    // Strictly increasing in commit order: writers hold an advisory lock while they append (db/run-repo.ts).
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('migration_id', 'text', (c) => c.references('migrations.id').onDelete('cascade'))
    .addColumn('seq', 'integer')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sim_ms', 'float8')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('migration_events_seq_unique', ['migration_id', 'seq'])
    .execute();

  await db.schema
    .createTable('faults')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.references('estates.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cleared_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('faults').execute();
  await db.schema.dropTable('migration_events').execute();
  await db.schema.dropTable('migrations').execute();
}
