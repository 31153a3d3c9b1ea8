/**
 * Users (admin only) and one's own password. A change to a user's role,
 * tenants or state, or its deletion, ends its sessions; the last enabled
 * admin cannot be demoted, disabled or deleted. Every change is audited,
 * with the user before and after (never a password or its hash).
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createUser, NewUserSchema, TenantListSchema } from '../auth/accounts.ts';
import { checkPassword, hashPassword, PasswordSchema } from '../auth/passwords.ts';
import { ROLES } from '../auth/roles.ts';
import {
  countAdmins,
  deleteSessionsOf,
  deleteUser,
  findUserByName,
  getUser,
  listUsers,
  updateUser,
  type User,
} from '../db/user-repo.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';

const UserIdSchema = z.string().regex(/^user-[0-9a-f-]{36}$/, 'not a user id');

const notFound = (id: string) => new TRPCError({ code: 'NOT_FOUND', message: `no user "${id}"` });

async function guardLastAdmin(
  db: Parameters<typeof countAdmins>[0],
  user: User,
  stillAdmin: boolean,
): Promise<void> {
  if (user.role === 'admin' && !user.disabled && !stillAdmin && (await countAdmins(db)) <= 1)
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'this is the last admin: make another admin first',
    });
}

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db.kysely)),

  create: adminProcedure.input(NewUserSchema).mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.db.kysely, input);
    await ctx.audit({ action: 'user.create', target: user.name, outcome: 'ok', after: user });
    return user;
  }),

  update: adminProcedure
    .input(
      z.object({
        id: UserIdSchema,
        role: z.enum(ROLES).optional(),
        tenants: TenantListSchema.optional(),
        disabled: z.boolean().optional(),
        password: PasswordSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const db = ctx.db.kysely;
      const before = await getUser(db, input.id);
      if (!before) throw notFound(input.id);
      const role = input.role ?? before.role;
      const tenants = input.tenants === undefined ? before.tenants : input.tenants;
      if (role === 'admin' && tenants !== null)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'an admin cannot be limited to tenants',
        });
      await guardLastAdmin(db, before, role === 'admin' && !(input.disabled ?? before.disabled));
      const after = await updateUser(db, input.id, {
        ...(input.role !== undefined && { role: input.role }),
        ...(input.tenants !== undefined && { tenants: input.tenants }),
        ...(input.disabled !== undefined && { disabled: input.disabled }),
        ...(input.password !== undefined && { passwordHash: await hashPassword(input.password) }),
      });
      if (!after) throw notFound(input.id);
      await deleteSessionsOf(db, input.id);
      await ctx.audit({
        action: input.password !== undefined ? 'user.update+password' : 'user.update',
        target: after.name,
        outcome: 'ok',
        before,
        after,
      });
      return after;
    }),

  delete: adminProcedure.input(z.object({ id: UserIdSchema })).mutation(async ({ ctx, input }) => {
    const db = ctx.db.kysely;
    const before = await getUser(db, input.id);
    if (!before) throw notFound(input.id);
    await guardLastAdmin(db, before, false);
    await deleteUser(db, input.id);
    await ctx.audit({ action: 'user.delete', target: before.name, outcome: 'ok', before });
    return { deleted: true };
  }),

  /** One's own password, with the current one; other sessions end. */
  changePassword: viewerProcedure
    .input(z.object({ current: z.string().max(128), next: PasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const db = ctx.db.kysely;
      const { userId, name, kind } = ctx.principal;
      if (userId === null || kind !== 'user')
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: 'sign in with your password to change it',
        });
      const found = await findUserByName(db, name);
      if (!found || !(await checkPassword(found.passwordHash, input.current))) {
        await ctx.audit({ action: 'user.password', target: name, outcome: 'refused' });
        throw new TRPCError({ code: 'FORBIDDEN', message: 'the current password is wrong' });
      }
      await updateUser(db, userId, { passwordHash: await hashPassword(input.next) });
      await deleteSessionsOf(db, userId);
      await ctx.audit({ action: 'user.password', target: name, outcome: 'ok' });
      return { changed: true };
    }),
});
