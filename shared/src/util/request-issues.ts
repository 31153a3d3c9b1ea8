/** A request zod refused, as the engine's typed error: each issue as `path: message`, `(request)` for the whole. */
import type { z } from 'zod';

export function requestIssuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
}

/** `{ ok: false, error: { code: 'invalid-request', message } }` for a refused request. */
export function invalidRequest(error: z.ZodError) {
  return {
    ok: false,
    error: { code: 'invalid-request', message: requestIssuesText(error) },
  } as const;
}
