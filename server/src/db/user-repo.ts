/**
 * Users, their sessions and API tokens, and the one-time setup token. Every
 * query on those tables is here; the auth plugin and the users and tokens
 * routers call these functions and write no SQL of their own.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { isRole, type Role } from '../auth/roles.ts';
import type { Database, UsersTable } from './schema.ts';

type K = Kysely<Database>;

export interface User {
  id: string;
  name: string;
  role: Role;
  tenants: string[] | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

const TenantsSchema = z.array(z.string()).nullable();

function userOf(row: Selectable<UsersTable>): User {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role "${row.role}"`);
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tenants: TenantsSchema.parse(row.tenants ?? null),
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface NewUser {
  name: string;
  passwordHash: string;
  role: Role;
  tenants: string[] | null;
}

export async function insertUser(db: K, user: NewUser): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      id: `user-${randomUUID()}`,
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      tenants: user.tenants === null ? null : JSON.stringify(user.tenants),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return userOf(row);
}

export async function findUserByName(
  db: K,
  name: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { user: userOf(row), passwordHash: row.password_hash };
}

export async function getUser(db: K, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && userOf(row);
}

export async function listUsers(db: K): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map(userOf);
}

export interface UserChange {
  role?: Role;
  tenants?: string[] | null;
  disabled?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: K, id: string, change: UserChange): Promise<User | undefined> {
  const row = await db
    .updateTable('users')
    .set({
      ...(change.role !== undefined && { role: change.role }),
      ...(change.tenants !== undefined && {
        tenants: change.tenants === null ? null : JSON.stringify(change.tenants),
      }),
      ...(change.disabled !== undefined && { disabled: change.disabled }),
      ...(change.passwordHash !== undefined && { password_hash: change.passwordHash }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && userOf(row);
}

export async function deleteUser(db: K, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Enabled admins: the last one may not be demoted, disabled or deleted. */
export async function countAdmins(db: K): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow();
  return row.n;
}

// Sessions

export interface SessionRow {
  userId: string;
  csrf: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function insertSession(
  db: K,
  s: { idHash: string; userId: string; csrf: string; expiresAt: Date; source: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf: s.csrf,
      expires_at: s.expiresAt,
      source: s.source,
    })
    .execute();
}

export async function findSession(db: K, idHash: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf', 'last_seen_at', 'expires_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  return (
    row && {
      userId: row.user_id,
      csrf: row.csrf,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    }
  );
}

export async function touchSession(db: K, idHash: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: K, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Signs a user out everywhere (role changed, disabled, password changed). */
export async function deleteSessionsOf(db: K, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: K, idleBefore: Date, now: Date): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

// The setup token

/** Stores a new setup token's hash (replacing an unused one). */
export async function putSetupToken(db: K, tokenHash: string): Promise<void> {
  await db
    .insertInto('auth_setup')
    .values({ id: 1, token_hash: tokenHash })
    .onConflict((oc) => oc.column('id').doUpdateSet({ token_hash: tokenHash }))
    .execute();
}

/** Marks the setup token used if it is the one stored and unused; whether it was. */
export async function useSetupToken(db: K, tokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable('auth_setup')
    .set({ used_at: new Date() })
    .where('id', '=', 1)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
