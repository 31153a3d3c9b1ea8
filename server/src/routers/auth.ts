/**
 * Who the caller is, for the web app's header and sign-in form. Signing in
 * and out are HTTP routes (plugins/auth.ts) because they set cookies.
 */
import { countAdmins } from '../db/user-repo.ts';
import { publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /**
   * The caller; `setupNeeded` when no admin exists yet (the web app then
   * offers the setup form for the printed one-time link).
   */
  me: publicProcedure.query(async ({ ctx }) => {
    const p = ctx.principal;
    return {
      kind: p.kind,
      name: p.name,
      role: p.role,
      tenants: p.tenants,
      estates: p.estates,
      tokenId: p.tokenId ?? null,
      setupNeeded: (await countAdmins(ctx.db.kysely)) === 0,
    };
  }),
});
