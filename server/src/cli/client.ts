/**
 * The tRPC client the CLI's server commands use (docs/cli.md, "Commands
 * against a running server"): queries and mutations batched over HTTP,
 * subscriptions over SSE. Node 20 has no EventSource, so the `eventsource`
 * package provides one; it reconnects by itself and sends the last event id
 * it saw, from which the server resumes the stream.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource, type FetchLike } from 'eventsource';
import type { AppRouter } from '../routers/_app.ts';
import { CliInputError } from './io.ts';
import { credentialsOf } from './credentials.ts';

export type Api = ReturnType<typeof createTRPCClient<AppRouter>>;

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface ServerOptions {
  /** The server's base URL (`--server`, else VMMI_SERVER, else the config file's, else DEFAULT_SERVER). */
  server?: string | undefined;
}

/** The server's base URL, checked: an http(s) URL without query or fragment. */
export function serverUrl(given: string | undefined, env: NodeJS.ProcessEnv = process.env): URL {
  const text = given ?? (env.VMMI_SERVER || credentialsOf(env).server || DEFAULT_SERVER);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliInputError(`--server "${text}" is not a URL (e.g. ${DEFAULT_SERVER})`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
    throw new CliInputError(`--server "${text}" must be an http(s) URL without ?query or #hash`);
  return url;
}

export function createApi(opts: ServerOptions = {}, env: NodeJS.ProcessEnv = process.env): Api {
  const base = serverUrl(opts.server, env);
  const url = `${base.href.replace(/\/+$/, '')}/trpc`;
  const { token } = credentialsOf(env);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // The EventSource takes no headers of its own; its fetch adds the token.
  const fetchWithToken: FetchLike = (input, init) =>
    fetch(input, { ...init, headers: { ...init?.headers, ...headers } });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: token ? { fetch: fetchWithToken } : {},
        }),
        false: httpBatchLink({ url, headers }),
      }),
    ],
  });
}
