/**
 * The fetch under the tRPC link, for signed-in use: every POST (a tRPC
 * mutation) carries the session's CSRF token from the vmmi_csrf cookie in
 * x-vmmi-csrf (the server refuses a mutation without it), and every answer
 * is looked at for UNAUTHORIZED (the session ended: sign in again) and
 * FORBIDDEN (say why). The caller's own error handling is untouched: the
 * response goes on to the link as it came.
 */

export const CSRF_COOKIE = 'vmmi_csrf';
export const CSRF_HEADER = 'x-vmmi-csrf';

export interface AuthEvents {
  /** A request needed a signed-in user (HTTP 401). */
  onUnauthorized: () => void;
  /** The caller may not do this; the server's words. */
  onForbidden: (message: string) => void;
}

/** The tRPC errors in an answer (one, or a batch's list): their codes and messages. */
export function trpcErrorsOf(body: unknown): { code: string; message: string }[] {
  const entries = Array.isArray(body) ? body : [body];
  const errors: { code: string; message: string }[] = [];
  for (const entry of entries) {
    const error = (entry as { error?: { message?: unknown; data?: { code?: unknown } } } | null)
      ?.error;
    const code = error?.data?.code;
    if (typeof code === 'string')
      errors.push({ code, message: typeof error?.message === 'string' ? error.message : code });
  }
  return errors;
}

/** Sends what the server asks of a signed-in mutation, and reports 401s and 403s to `events`. */
export function authFetch(
  inner: typeof fetch,
  csrf: () => string | null,
  events: () => AuthEvents | null,
): typeof fetch {
  return async (input, init) => {
    let sent = init;
    if ((init?.method ?? 'GET').toUpperCase() === 'POST') {
      const token = csrf();
      if (token !== null) {
        const headers = new Headers(init?.headers);
        headers.set(CSRF_HEADER, token);
        sent = { ...init, headers };
      }
    }
    const response = await inner(input, sent);
    if (response.status === 401 || response.status === 403 || response.status === 207) {
      const listener = events();
      if (listener) {
        const body: unknown = await response
          .clone()
          .json()
          .catch(() => null);
        const errors = trpcErrorsOf(body);
        if (errors.some((e) => e.code === 'UNAUTHORIZED')) listener.onUnauthorized();
        const forbidden = errors.find((e) => e.code === 'FORBIDDEN');
        if (forbidden) listener.onForbidden(forbidden.message);
      }
    }
    return response;
  };
}
