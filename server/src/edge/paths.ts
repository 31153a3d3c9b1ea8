/** Which request paths belong to the API (tRPC and /api) rather than to the web app. */
import { TRPC_PREFIX } from '../plugins/trpc.ts';

export function isApiPath(url: string): boolean {
  return [TRPC_PREFIX, '/api'].some(
    (p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`),
  );
}
