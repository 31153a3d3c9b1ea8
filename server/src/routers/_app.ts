/** The root router: one sub-router per domain. Its type is all the web imports from the server. */
import { router } from '../trpc.ts';
import { estateRouter } from './estate.ts';
import { faultsRouter } from './faults.ts';
import { impactRouter } from './impact.ts';
import { migrationsRouter } from './migrations.ts';
import { plansRouter } from './plans.ts';
import { sourcesRouter } from './sources.ts';

export const appRouter = router({
  estate: estateRouter,
  impact: impactRouter,
  plans: plansRouter,
  migrations: migrationsRouter,
  faults: faultsRouter,
  sources: sourcesRouter,
});

export type AppRouter = typeof appRouter;
