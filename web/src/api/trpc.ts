/**
 * The tRPC client. Only the router's *type* comes from the server (ESLint
 * enforces `import type`), so no server code reaches the browser bundle.
 * @see https://trpc.io/docs/client/vanilla
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@vmmi/server';

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** `/trpc` on the page's own origin: the server serves both, and Vite proxies it in development. */
export function createTrpcClient(url = '/trpc'): TrpcClient {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url })] });
}
