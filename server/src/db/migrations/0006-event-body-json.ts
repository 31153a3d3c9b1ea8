/**
 * Event bodies as `json`, not `jsonb` (the target: 1,000 runs append
 * 10,000 events a second). An event's body is written once and read back
 * whole, never queried inside: `json` keeps the text as it came, where
 * `jsonb` parsed every body into its binary form on the way in, about a sixth
 * of an append's cost on PGlite. Both come back to the driver as parsed
 * objects, so readers see no difference.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table migration_events alter column body type json using body::json`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table migration_events alter column body type jsonb using body::jsonb`.execute(
    db,
  );
}
