/** The root router: one sub-router per domain. Its type is all the web imports from the server. */
import { router } from '../trpc.ts';
import { estateRouter } from './estate.ts';
import { impactRouter } from './impact.ts';
import { plansRouter } from './plans.ts';

export const appRouter = router({
  estate: estateRouter,
  impact: impactRouter,
  plans: plansRouter,
});

export type AppRouter = typeof appRouter;
