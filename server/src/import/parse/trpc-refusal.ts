/** An import refused by a limit, as the TRPCError a client gets (docs/api.md, docs/security.md). */
import { TRPCError } from '@trpc/server';
import { ImportLimitError, type ImportLimit } from './limits.ts';

const CODES: Record<ImportLimit, TRPCError['code']> = {
  size: 'PAYLOAD_TOO_LARGE',
  busy: 'TOO_MANY_REQUESTS',
  depth: 'BAD_REQUEST',
  nodes: 'BAD_REQUEST',
  time: 'BAD_REQUEST',
  memory: 'BAD_REQUEST',
};

/** Runs an import's parse; a limit it breaks becomes a TRPCError whose message names the limit. */
export async function withinImportLimits<T>(parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (e) {
    if (!(e instanceof ImportLimitError)) throw e;
    throw new TRPCError({ code: CODES[e.limit], message: e.message, cause: e });
  }
}
