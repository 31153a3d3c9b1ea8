/**
 * The HTTP methods the server answers: GET, HEAD, POST (tRPC mutations) and
 * OPTIONS (CORS preflights). Any other gets 405 with an Allow header, including
 * methods Node's parser refuses before Fastify sees them (TRACK) and CONNECT,
 * which Node hands to a 'connect' listener instead of a route.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { codeOfStatus, sendError, type EdgeErrorBody } from './public-errors.ts';

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const ALLOW = ALLOWED_METHODS.join(', ');

function isAllowed(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method);
}

/** onRequest: anything but the four methods ends here, before a route (tRPC would answer TRACE with 500). */
export function refuseOtherMethods(req: FastifyRequest, reply: FastifyReply, done: () => void) {
  if (isAllowed(req.method)) {
    done();
    return;
  }
  reply.header('allow', ALLOW);
  void sendError(req, reply, 405, `method ${req.method} is not allowed; use ${ALLOW}`);
}

/** OPTIONS outside CORS: the methods, and nothing a browser would read as a cross-origin grant. */
export function answerOptions(req: FastifyRequest, reply: FastifyReply, done: () => void) {
  if (req.method !== 'OPTIONS') {
    done();
    return;
  }
  void reply.code(204).header('allow', ALLOW).send();
}

/** A whole response written to a socket that never became a request. */
function rawResponse(status: number, reason: string, message: string, allow: boolean): string {
  const body: EdgeErrorBody = { error: { code: codeOfStatus(status), message, requestId: null } };
  const text = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    (allow ? `Allow: ${ALLOW}\r\n` : '') +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
    `Connection: close\r\n\r\n${text}`
  );
}

/**
 * Fastify's clientErrorHandler: a request Node could not parse. An unknown method
 * (TRACK, PROPPATCH spelt oddly…) is a 405 like any other refused method.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] =
    err.code === 'HPE_INVALID_METHOD'
      ? [405, 'Method Not Allowed', `this method is not allowed; use ${ALLOW}`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'the request took too long to arrive']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'the request headers are too large']
          : [400, 'Bad Request', 'the request is not valid HTTP'];
  if (socket.writable) socket.write(rawResponse(status, reason, message, status === 405));
  socket.destroy();
}

/** CONNECT never reaches a route: Node emits 'connect', and without a listener drops the socket unanswered. */
export function refuseConnect(server: Server): void {
  server.on('connect', (_req, socket: Socket) => {
    socket.end(
      rawResponse(405, 'Method Not Allowed', `method CONNECT is not allowed; use ${ALLOW}`, true),
    );
  });
}
