/**
 * One lease per server instance instead of one per run.
 * Renewing a lease per run rewrote every active run's row each second, and
 * fencing locked every written run's row each tick: 1,000 runs cost a
 * thousand-row UPDATE a second and a thousand row locks ten times a second,
 * and left dead row versions behind that PGlite (no autovacuum) never
 * reclaims. Now an instance renews one row, fences a tick by locking that
 * row, and owns its runs through `migrations.owner`; another instance takes
 * a run over when its owner's row has expired (supervisor.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('executor_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Changes at every registration, so a registration that was lost cannot pass for the next one.
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`drop index migrations_active_lease`.execute(db);
  await db.schema.alterTable('migrations').dropColumn('lease_until').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('migrations').addColumn('lease_until', 'timestamptz').execute();
  await sql`create index migrations_active_lease on migrations (lease_until) where status in ('queued', 'running')`.execute(
    db,
  );
  await db.schema.dropTable('executor_instances').execute();
}
