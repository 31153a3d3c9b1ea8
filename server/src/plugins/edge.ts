/**
 * The HTTP edge, registered before everything else (docs/security.md, "The edge";
 * OWASP ASVS 5.0 level 2): every response names its request and carries the
 * security headers; then, before any route, the Host allow-list, the method list, CORS, the
 * tRPC batch and body limits and the rate limit on changes; one error shape
 * for everything Fastify answers itself.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { EDGE_DEFAULTS, type EdgeConfig } from '../edge/config.ts';
import { hostCheck } from '../edge/hosts.ts';
import {
  ALLOWED_METHODS,
  answerOptions,
  refuseConnect,
  refuseOtherMethods,
} from '../edge/methods.ts';
import { handleError, REQUEST_ID_HEADER } from '../edge/public-errors.ts';
import { limitChanges } from '../edge/rate-limit.ts';
import { batchLimit, bodyLimit } from '../edge/trpc-limits.ts';
import securityHeaders from './security-headers.ts';
import { TRPC_PREFIX } from './trpc.ts';

export interface EdgeOptions extends Partial<EdgeConfig> {
  /** The built web app, whose inline scripts the CSP allows by hash. */
  webRoot?: string;
}

const edge: FastifyPluginAsync<EdgeOptions> = async (app, opts) => {
  const { webRoot, ...given } = opts;
  const config: EdgeConfig = { ...EDGE_DEFAULTS, ...given };

  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  // First, so that the refusals below carry the headers too.
  await app.register(securityHeaders, { webRoot, kioskFrameOrigins: config.kioskFrameOrigins });
  app.addHook('onRequest', hostCheck(config.allowedHosts));
  app.addHook('onRequest', refuseOtherMethods);
  refuseConnect(app.server);

  const corsOrigins = new Set(config.corsOrigins);
  await app.register(cors, {
    // An origin not listed (all of them, by default) gets no Access-Control-* headers at all.
    origin: (origin, cb) => cb(null, origin !== undefined && corsOrigins.has(origin)),
    methods: [...ALLOWED_METHODS],
  });
  // Any OPTIONS that CORS did not answer (a preflight from an origin not listed) ends here.
  app.addHook('onRequest', answerOptions);

  app.addHook('onRequest', batchLimit(TRPC_PREFIX, config.maxBatch));
  await limitChanges(app, TRPC_PREFIX, config.changesPerMinute);
  app.addHook('preParsing', bodyLimit(TRPC_PREFIX, config));

  app.setErrorHandler(handleError);
};

export default fp(edge, { name: 'vmmi-edge', fastify: '5.x' });
