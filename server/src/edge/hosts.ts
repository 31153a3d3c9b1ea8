/**
 * The Host allow-list: a page on another name that resolves to this server (DNS
 * rebinding) reaches it with its own name in Host, which is refused here before
 * any route, /api/health included (OWASP ASVS 5.0, V4.1; the load balancer
 * probes with the name it was configured with, which belongs in ALLOWED_HOSTS).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normaliseHost, type EdgeConfig } from './config.ts';
import { sendError } from './public-errors.ts';

/** `name:port`, `[v6]:port` or a bare name, as the Host header carries it, without the port. */
export function hostWithoutPort(header: string): string {
  const host = header.trim();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** An onRequest hook answering 421 to a Host that is not on the list (400 when there is none). */
export function hostCheck(allowed: EdgeConfig['allowedHosts']) {
  const names = allowed === '*' ? null : new Set(allowed);
  return (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (names === null) {
      done();
      return;
    }
    const header = req.headers.host;
    if (!header) {
      void sendError(req, reply, 400, 'the request has no Host header');
      return;
    }
    const host = normaliseHost(hostWithoutPort(header));
    if (names.has(host)) {
      done();
      return;
    }
    // The name is not echoed: it is the caller's, and the caller knows it.
    void sendError(
      req,
      reply,
      421,
      'this server does not answer for that host name (ALLOWED_HOSTS)',
    );
  };
}
