/** The root router: one sub-router per domain. Its type is all the web imports from the server. */
import { router } from '../trpc.ts';
import { estateRouter } from './estate.ts';

export const appRouter = router({
  estate: estateRouter,
});

export type AppRouter = typeof appRouter;
