/** What the PGlite worker (worker.ts) and its proxy in the server's thread (remote.ts) say. */

export type PgliteRequest =
  /** A statement, inside the transaction `tx` when given. */
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  /** Opens a transaction; its id is the request's. */
  | { id: number; op: 'begin' }
  /** Commits or rolls back the transaction `tx`. */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface QueryResult {
  rows: unknown[];
  affectedRows?: number;
}

/** An error's own fields (PostgreSQL's `code`, `detail`, `constraint`…), to be rebuilt in the other thread. */
export interface ErrorFields {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type PgliteReply =
  { id: number; ok: true; result?: QueryResult } | { id: number; ok: false; error: ErrorFields };

/** The worker's first message: open, or why the database could not be opened. */
export type PgliteStarted = { started: true } | { started: false; error: ErrorFields };

export function errorFields(err: unknown): ErrorFields {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err))
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value;
  return { name: err.name, message: err.message, fields };
}

export function rebuiltError({ name, message, fields }: ErrorFields): Error {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}
