/** The root router: one sub-router per domain. Its type is all the web imports from the server. */
import { router } from '../trpc.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { estateRouter } from './estate.ts';
import { faultsRouter } from './faults.ts';
import { impactRouter } from './impact.ts';
import { migrationsRouter } from './migrations.ts';
import { plansRouter } from './plans.ts';
import { sourcesRouter } from './sources.ts';
import { tokensRouter } from './tokens.ts';
import { usersRouter } from './users.ts';
import { waveRunsRouter } from './wave-runs.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  estate: estateRouter,
  impact: impactRouter,
  plans: plansRouter,
  migrations: migrationsRouter,
  waveRuns: waveRunsRouter,
  faults: faultsRouter,
  sources: sourcesRouter,
});

export type AppRouter = typeof appRouter;
