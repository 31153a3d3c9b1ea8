/**
 * The tRPC client. Only the router's *type* comes from the server (ESLint
 * enforces `import type`), so no server code reaches the browser bundle.
 * Subscriptions go over Server-Sent Events (the browser's EventSource, through
 * httpSubscriptionLink), which tracks the last event id and resumes from it
 * after a reconnect; queries and mutations go through httpBatchLink, except those
 * whose input is bytes (an estate file's upload), which go alone through httpLink
 * as `application/octet-stream`.
 * @see https://trpc.io/docs/client/vanilla
 * @see https://trpc.io/docs/client/links/httpSubscriptionLink
 */
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  isNonJsonSerializable,
  splitLink,
} from '@trpc/client';
import type { AppRouter } from '@vmmi/server';
import { bootAwareFetch } from './boot-fetch.ts';

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * `/trpc` on the page's own origin: the server serves both, and Vite proxies it in development.
 * Queries and mutations go through `fetchImpl`, which by default takes the boot request's
 * response (boot-fetch.ts).
 */
export function createTrpcClient(
  url = '/trpc',
  fetchImpl: typeof fetch = bootAwareFetch(),
): TrpcClient {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: splitLink({
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url, fetch: fetchImpl }),
          false: httpBatchLink({ url, fetch: fetchImpl }),
        }),
      }),
    ],
  });
}
