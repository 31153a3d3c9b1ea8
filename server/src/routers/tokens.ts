/**
 * API tokens for the CLI and automation (docs/security.md, "Tokens"): a
 * signed-in user makes and revokes their own; an admin sees and revokes
 * anyone's. The secret is in the answer to `create` only; the server keeps
 * its SHA-256. A token made with a token is refused: a leaked token must
 * not be able to mint others.
 */
import { TRPCError } from '@trpc/server';
import { plainText } from '@vmmi/shared';
import { z } from 'zod';
import { newSecret, hashSecret } from '../auth/secrets.ts';
import { getToken, insertToken, listTokens, revokeToken } from '../db/token-repo.ts';
import { router, viewerProcedure } from '../trpc.ts';

const TokenIdSchema = z.string().regex(/^tok-[0-9a-f-]{36}$/, 'not a token id');

export const TOKEN_PREFIX = 'vmmi_';

function signedInUser(ctx: { principal: { userId: string | null; kind: string } }): string {
  const { userId, kind } = ctx.principal;
  if (userId === null || kind === 'token')
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'API tokens are managed by a signed-in user, not with a token',
    });
  return userId;
}

export const tokensRouter = router({
  /** One's own tokens; an admin's `all` lists everyone's. */
  list: viewerProcedure
    .input(z.object({ all: z.boolean().default(false) }).default({ all: false }))
    .query(({ ctx, input }) => {
      if (input.all && ctx.role !== 'admin')
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: "only an admin lists everyone's tokens",
        });
      if (input.all) return listTokens(ctx.db.kysely, null);
      return ctx.principal.userId === null ? [] : listTokens(ctx.db.kysely, ctx.principal.userId);
    }),

  create: viewerProcedure
    .input(
      z.object({
        name: plainText(64).pipe(z.string().trim().min(1)),
        scope: z.enum(['read', 'write']),
        /** Days until it expires; null: never (discouraged; docs/security.md). */
        expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const userId = signedInUser(ctx);
      if (input.scope === 'write' && ctx.role === 'viewer')
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: 'a viewer can make read-only tokens only',
        });
      const secret = newSecret(TOKEN_PREFIX);
      const token = await insertToken(ctx.db.kysely, {
        userId,
        name: input.name,
        hash: hashSecret(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        scope: input.scope,
        expiresAt:
          input.expiresInDays === null
            ? null
            : new Date(Date.now() + input.expiresInDays * 86_400_000),
      });
      await ctx.audit({ action: 'token.create', target: token.id, outcome: 'ok', after: token });
      return { token, secret };
    }),

  revoke: viewerProcedure
    .input(z.object({ id: TokenIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const token = await getToken(ctx.db.kysely, input.id);
      const mine = token !== undefined && token.userId === ctx.principal.userId;
      if (!token || (!mine && ctx.role !== 'admin'))
        throw new TRPCError({ code: 'NOT_FOUND', message: `no token "${input.id}" of yours` });
      const revoked = await revokeToken(ctx.db.kysely, input.id);
      await ctx.audit({
        action: 'token.revoke',
        target: input.id,
        outcome: revoked ? 'ok' : 'refused',
        before: token,
      });
      return { revoked };
    }),
});
