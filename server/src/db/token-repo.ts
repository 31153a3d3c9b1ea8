/** API tokens: kept by the SHA-256 of their secret, shown to their owner once (auth/secrets.ts). */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from './schema.ts';

type K = Kysely<Database>;

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** The secret's first characters, to tell tokens apart in a list. */
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function tokenOf(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope === 'write' ? 'write' : 'read',
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

export async function insertToken(
  db: K,
  t: {
    userId: string;
    name: string;
    hash: string;
    prefix: string;
    scope: TokenScope;
    expiresAt: Date | null;
  },
): Promise<ApiToken> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      id: `tok-${randomUUID()}`,
      user_id: t.userId,
      name: t.name,
      hash: t.hash,
      prefix: t.prefix,
      scope: t.scope,
      expires_at: t.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return tokenOf(row);
}

export async function findTokenByHash(db: K, hash: string): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row && tokenOf(row);
}

export async function getToken(db: K, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && tokenOf(row);
}

/** A user's tokens, or everyone's (userId null), newest first. */
export async function listTokens(db: K, userId: string | null): Promise<ApiToken[]> {
  let q = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
  if (userId !== null) q = q.where('user_id', '=', userId);
  return (await q.execute()).map(tokenOf);
}

export async function markTokenUsed(db: K, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Whether a live token was revoked now (false: no such token, or revoked already). */
export async function revokeToken(db: K, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
