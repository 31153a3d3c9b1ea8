/**
 * Creating users and the first admin: one place for the checks a user must
 * pass, whoever creates it (an admin through the API, or the setup token).
 */
import { TRPCError } from '@trpc/server';
import { IdSchema } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import {
  countAdmins,
  findUserByName,
  insertUser,
  putSetupToken,
  useSetupToken,
  type User,
} from '../db/user-repo.ts';
import { hashPassword, PasswordSchema } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Sign-in names: letters, digits and . _ @ -, as most directories allow. */
export const UserNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'user names use letters, digits, ".", "_", "@" and "-"');

/** Null: every tenant. An empty list is refused: such an operator could do nothing. */
export const TenantListSchema = z.array(IdSchema).min(1).max(1000).nullable();

export const NewUserSchema = z.object({
  name: UserNameSchema,
  password: PasswordSchema,
  role: z.enum(ROLES),
  tenants: TenantListSchema.default(null),
});
export type NewUserInput = z.input<typeof NewUserSchema>;

export async function createUser(
  db: Kysely<Database>,
  input: { name: string; password: string; role: Role; tenants: string[] | null },
): Promise<User> {
  if (await findUserByName(db, input.name))
    throw new TRPCError({ code: 'CONFLICT', message: `a user "${input.name}" exists already` });
  if (input.role === 'admin' && input.tenants !== null)
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'an admin cannot be limited to tenants' });
  return insertUser(db, {
    name: input.name,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    tenants: input.tenants,
  });
}

/**
 * On a start with no admin: a one-time setup token (VMMI_SETUP_TOKEN's, or a
 * new one) that creates the first admin; null when an admin exists.
 */
export async function ensureSetupToken(
  db: Kysely<Database>,
  fixed: string | null,
): Promise<string | null> {
  if ((await countAdmins(db)) > 0) return null;
  const token = fixed ?? newSecret('setup_');
  await putSetupToken(db, hashSecret(token));
  return token;
}

export const SetupSchema = z.object({
  token: z.string().min(1).max(200),
  name: UserNameSchema,
  password: PasswordSchema,
});

/** The first admin, once: a wrong or used token, or an admin already there, is refused. */
export async function completeSetup(
  db: Kysely<Database>,
  input: z.infer<typeof SetupSchema>,
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    if ((await countAdmins(trx)) > 0)
      throw new TRPCError({ code: 'CONFLICT', message: 'an admin exists already: sign in' });
    if (!(await useSetupToken(trx, hashSecret(input.token))))
      throw new TRPCError({ code: 'FORBIDDEN', message: 'the setup token is wrong or used' });
    return createUser(trx, { ...input, role: 'admin', tenants: null });
  });
}
