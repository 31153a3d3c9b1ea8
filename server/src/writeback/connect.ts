/**
 * The worker's NetBox: the import's client (auth, Retry-After, timeouts) with
 * the token from the server's environment, NETBOX_TOKEN. Its errors say
 * whether trying again can help: a refused token, a rejected body or another
 * 4xx cannot; no answer, a timeout or a 5xx may.
 */
import { NetboxError, type NetboxConnection } from '../import/netbox/client.ts';
import { addJournalEntry, updateVmPlacement } from '../import/netbox/write-back.ts';
import type { ConnectNetbox } from './worker.ts';

const PERMANENT: ReadonlySet<NetboxError['kind']> = new Set([
  'auth',
  'not-netbox',
  'rejected',
  'refused-address',
]);

function classified(err: unknown): unknown {
  if (!(err instanceof NetboxError)) return err;
  const clientError = err.status !== undefined && err.status >= 400 && err.status < 500;
  const retryable = !PERMANENT.has(err.kind) && (!clientError || err.status === 429);
  return Object.assign(err, { retryable });
}

export function netboxConnect(
  token: string | undefined,
  options: Omit<NetboxConnection, 'url' | 'token'> = {},
): ConnectNetbox {
  return (url) => {
    if (!token)
      return { error: 'NETBOX_TOKEN is not set on the server, so it cannot write to NetBox' };
    // The worker retries across its own attempts; within one, the client rides out a short 429.
    const conn: NetboxConnection = { url, token, attempts: 2, ...options };
    return {
      async updateVmPlacement(vm, placement) {
        await updateVmPlacement(conn, vm, placement).catch((e: unknown) => {
          throw classified(e);
        });
      },
      async addJournalEntry(vm, text) {
        await addJournalEntry(conn, vm, text).catch((e: unknown) => {
          throw classified(e);
        });
      },
    };
  };
}
