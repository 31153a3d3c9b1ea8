/** Turns a failed request into words for the error state. */

export interface ErrorInfo {
  /** What the user sees as the heading. */
  title: string;
  /** The underlying message, for the details line. */
  detail: string;
  /** The server could not be reached at all (as opposed to answering with an error). */
  unreachable: boolean;
}

/** tRPC client errors carry the HTTP status in `data.httpStatus` when the server answered. */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
  const data = (err as { data?: { httpStatus?: unknown } }).data;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined;
}

export function describeError(err: unknown): ErrorInfo {
  const detail = err instanceof Error ? err.message : String(err);
  const status = httpStatusOf(err);
  if (status === 404) return { title: 'Not found', detail, unreachable: false };
  if (status !== undefined)
    return { title: `The server answered ${status}`, detail, unreachable: false };
  // fetch() rejects with a TypeError ("Failed to fetch") when nothing answers; a proxy or static
  // server without the API answers with a non-JSON body that tRPC cannot parse.
  return { title: 'Cannot reach the VMMI server', detail, unreachable: true };
}
