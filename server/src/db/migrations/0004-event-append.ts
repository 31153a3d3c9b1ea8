/**
 * Faster appends to the event log (the target: 1,000 runs write 10,000
 * events a second). The foreign key from migration_events to migrations
 * checked every appended row against migrations: a third of an append's
 * cost on PGlite. It was redundant for appends: the supervisor appends a
 * run's events only in the transaction that has just locked that run's row
 * (its fencing SELECT … FOR UPDATE), so the run exists. What the key still
 * did was delete a run's events with it (cascades from estates and plans);
 * a statement-level trigger does that now, once per DELETE instead of a check
 * per INSERTed row.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table migration_events drop constraint migration_events_migration_id_fkey`.execute(
    db,
  );
  await sql`
    create function migration_events_follow_runs() returns trigger language plpgsql as $$
    begin
      delete from migration_events e using gone_runs g where e.migration_id = g.id;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger migrations_delete_events after delete on migrations
    referencing old table as gone_runs
    for each statement execute function migration_events_follow_runs()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger migrations_delete_events on migrations`.execute(db);
  await sql`drop function migration_events_follow_runs()`.execute(db);
  await sql`delete from migration_events e where e.migration_id is not null and not exists (select 1 from migrations m where m.id = e.migration_id)`.execute(
    db,
  );
  await sql`alter table migration_events add constraint migration_events_migration_id_fkey foreign key (migration_id) references migrations (id) on delete cascade`.execute(
    db,
  );
}
