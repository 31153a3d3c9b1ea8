/**
 * The Fastify app as a plugin, apart from the entry point (server.ts) so tests
 * can build it around any database and drive it with inject().
 * Order: the HTTP edge (plugins/edge.ts), app plugins (database, then the routes that
 * need it), tRPC, then the web app.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { AUTH_DEFAULTS, type AuthSettings } from './auth/settings.ts';
import type { Db } from './db/db.ts';
import { createExecution, executionConfig, type ExecutionConfig } from './execution/service.ts';
import auth from './plugins/auth.ts';
import { EDGE_DEFAULTS, type EdgeConfig } from './edge/config.ts';
import { clientErrorHandler } from './edge/methods.ts';
import { handleError, notFound } from './edge/public-errors.ts';
import database from './plugins/database.ts';
import edge from './plugins/edge.ts';
import health from './plugins/health.ts';
import trpc from './plugins/trpc.ts';
import web from './plugins/web.ts';

export interface AppOptions {
  database: Db;
  /** A directory holding the built web app (index.html and assets); nothing is served when absent. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** How callers are authenticated (auth/settings.ts); defaults: no anonymous viewer, no proxy. */
  auth?: Partial<AuthSettings>;
  /** The migration runner's settings; false runs none (the API then refuses to execute). */
  execution?: Partial<ExecutionConfig> | false;
  /** Host and origin allow-lists, request limits (edge/config.ts); defaults where absent. */
  edge?: Partial<EdgeConfig>;
}

/** Big estates are imported as one JSON body. */
export const BODY_LIMIT = 64 * 1024 * 1024;

/** Everything the app adds to a Fastify instance; register it with the options above. */
export const appPlugin = fp<Omit<AppOptions, 'logger'>>(
  async (app, opts) => {
    await app.register(edge, { ...opts.edge, webRoot: opts.webRoot });
    await app.register(database, { db: opts.database });
    await app.register(health, { webRoot: opts.webRoot });
    const execution =
      opts.execution === false
        ? null
        : createExecution(opts.database, executionConfig(opts.execution), app.log);
    if (execution) {
      app.addHook('onReady', () => execution.start());
      // Before the database closes (the caller closes it after app.close()).
      app.addHook('preClose', () => execution.stop());
    }
    const settings = { ...AUTH_DEFAULTS, ...opts.auth };
    await app.register(auth, { settings });
    const { importBodyLimit } = { ...EDGE_DEFAULTS, ...opts.edge };
    await app.register(trpc, { settings, execution, maxUploadBytes: importBodyLimit });
    if (opts.webRoot) await app.register(web, { root: opts.webRoot });
    else app.setNotFoundHandler(notFound);
  },
  { name: 'vmmi-app', fastify: '5.x' },
);

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Random, not Fastify's counter: the audit log keeps request ids across restarts and
    // instances, where req-1 would name a request of every run.
    genReqId: () => `req-${randomBytes(6).toString('hex')}`,
    bodyLimit: BODY_LIMIT,
    // Batched tRPC GETs put every procedure name in one path segment.
    routerOptions: { maxParamLength: 5000 },
    // Only the named proxies' X-Forwarded-For is believed (req.ip, the audit log's source).
    ...(opts.auth?.trustedProxies?.length && { trustProxy: [...opts.auth.trustedProxies] }),
    clientErrorHandler,
    // A path that is not valid percent-encoding is refused by the router, before any hook.
    frameworkErrors: (error, req, reply) => {
      void handleError(error, req, reply);
    },
  });
  const { logger: _logger, ...pluginOpts } = opts;
  await app.register(appPlugin, pluginOpts);
  return app;
}
