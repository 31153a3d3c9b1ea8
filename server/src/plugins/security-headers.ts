/**
 * Security headers on every response (@fastify/helmet; OWASP ASVS 5.0, V3.4):
 * the web app's CSP (edge/csp.ts), no framing (frame-ancestors 'none' and
 * X-Frame-Options DENY), nosniff, HSTS, a strict referrer policy. The one
 * exception: the kiosk page (`/?kiosk`) may be framed by KIOSK_FRAME_ORIGINS.
 */
import helmet from '@fastify/helmet';
import { isKiosk } from '@vmmi/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cspDirectives, serialiseCsp, webAppScriptHashes } from '../edge/csp.ts';
import { isApiPath } from '../edge/paths.ts';

export interface SecurityHeadersOptions {
  webRoot?: string;
  kioskFrameOrigins: readonly string[];
}

/** A page load of the kiosk: the document itself, not its assets or the API it calls. */
function isKioskDocument(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const [path = '', query = ''] = req.url.split(/\?(.*)/s, 2);
  if (isApiPath(path) || path.startsWith('/assets/')) return false;
  return isKiosk(query);
}

const securityHeaders: FastifyPluginAsync<SecurityHeadersOptions> = async (app, opts) => {
  const hashes = webAppScriptHashes(opts.webRoot);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: cspDirectives(hashes, []),
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  if (opts.kioskFrameOrigins.length === 0) return;
  const kioskCsp = serialiseCsp(cspDirectives(hashes, opts.kioskFrameOrigins));
  // After helmet's hooks, which write to the raw response: the kiosk page swaps in its own.
  app.addHook('onRequest', (req, reply, done) => {
    if (isKioskDocument(req)) {
      reply.raw.setHeader('content-security-policy', kioskCsp);
      // X-Frame-Options cannot name origins; browsers with CSP level 2 follow frame-ancestors.
      reply.raw.removeHeader('x-frame-options');
    }
    done();
  });
};

export default fp(securityHeaders, { name: 'vmmi-security-headers', fastify: '5.x' });
