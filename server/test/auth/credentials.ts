/**
 * Callers for HTTP tests: a user of a role with an API token, made straight
 * in the database (no password hashing: these users never sign in with one).
 */
import { hashSecret, newSecret } from '../../src/auth/secrets.ts';
import type { Role } from '../../src/auth/roles.ts';
import type { Db } from '../../src/db/db.ts';
import { insertToken, type TokenScope } from '../../src/db/token-repo.ts';
import { insertUser } from '../../src/db/user-repo.ts';

let made = 0;

/** A new API token of a user, as tokens.create makes one. */
export async function newToken(
  db: Db,
  userId: string,
  scope: TokenScope,
): Promise<{ secret: string; tokenId: string }> {
  const secret = newSecret('vmmi_');
  const token = await insertToken(db.kysely, {
    userId,
    name: 'test',
    hash: hashSecret(secret),
    prefix: secret.slice(0, 11),
    scope,
    expiresAt: null,
  });
  return { secret, tokenId: token.id };
}

export interface TestCaller {
  headers: { authorization: string };
  /** The API token itself (VMMI_TOKEN for the CLI). */
  secret: string;
  userId: string;
  tokenId: string;
  name: string;
}

export async function callerWithToken(
  db: Db,
  role: Role,
  opts: { tenants?: string[] | null; scope?: TokenScope; name?: string } = {},
): Promise<TestCaller> {
  const name = opts.name ?? `${role}-${++made}`;
  const user = await insertUser(db.kysely, {
    name,
    passwordHash: 'not-a-hash',
    role,
    tenants: opts.tenants ?? null,
  });
  const { secret, tokenId } = await newToken(db, user.id, opts.scope ?? 'write');
  return {
    headers: { authorization: `Bearer ${secret}` },
    secret,
    userId: user.id,
    tokenId,
    name,
  };
}

/** The headers of a new caller of a role (a token of a new user). */
export async function headersOf(db: Db, role: Role): Promise<{ authorization: string }> {
  return (await callerWithToken(db, role)).headers;
}
