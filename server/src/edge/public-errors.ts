/**
 * What an error shows outward: a code, a message and the request's id, never a
 * stack or a file path (OWASP ASVS 5.0, V16.5: errors reveal nothing internal).
 * A server-side failure's real message goes to the log under the same request
 * id; the caller gets "internal error (request <id>)" to quote.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The body of every error the edge answers itself (and of Fastify's own: bad JSON, too large, 404). */
export interface EdgeErrorBody {
  /** Null only where no request was parsed (a malformed request line). */
  error: { code: string; message: string; requestId: string | null };
}

/** The response header that carries the request's id (Fastify's req.id, also in every log line). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** tRPC's names for the statuses the edge answers, so one client handles both kinds alike. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  406: 'NOT_ACCEPTABLE',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  421: 'MISDIRECTED_REQUEST',
  429: 'TOO_MANY_REQUESTS',
};

export function codeOfStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/** What a caller is told about a failure of ours: nothing but where to find it in the log. */
export function internalErrorMessage(requestId: string | undefined): string {
  return requestId ? `internal error (request ${requestId})` : 'internal error';
}

export function errorBody(req: FastifyRequest, status: number, message: string): EdgeErrorBody {
  return { error: { code: codeOfStatus(status), message, requestId: req.id } };
}

/** Answers with the edge's error shape; the request id header is set in onRequest already. */
export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  return reply
    .header(REQUEST_ID_HEADER, req.id)
    .code(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(req, status, message));
}

/** Fastify's error handler: client errors keep their message, server errors are logged and hidden. */
export function handleError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
      ? error.statusCode
      : 500;
  if (status >= 500) {
    req.log.error({ err: error }, 'request failed');
    return sendError(req, reply, status, internalErrorMessage(req.id));
  }
  return sendError(req, reply, status, error.message);
}

export function notFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(req, reply, 404, `${req.method} ${req.url.split('?')[0]} not found`);
}

/** Ids of the requests behind tRPC errors, for the error formatter, which sees no request. */
const requestOfError = new WeakMap<object, string>();

/** Called from tRPC's onError (which gets the request), before the error is formatted. */
export function tagRequestId(error: object, requestId: string): void {
  requestOfError.set(error, requestId);
}

export function requestIdOf(error: object): string | undefined {
  return requestOfError.get(error);
}
