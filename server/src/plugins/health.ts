/**
 * GET /api/health: up and able to reach the database. For load balancers and NOC screens,
 * so it answers within a second or so even while a long import holds the database
 * (`dbBusyMs` then says for how long): Db.health never waits behind other statements.
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { SERVER_VERSION } from '../version.ts';
import { webBuildReader } from '../web-build.ts';

const health: FastifyPluginAsync<{ webRoot?: string }> = (app, opts) => {
  const webBuild = webBuildReader(opts.webRoot);
  app.get('/api/health', async (_req, reply) => {
    // `web`: the web build served (web-build.ts); a kiosk reloads itself when it changes.
    const base = { db: app.db.kind, version: SERVER_VERSION, web: webBuild() };
    const { ok, busyMs } = await app.db.health();
    const busy = busyMs === undefined ? {} : { dbBusyMs: busyMs };
    if (ok) return { status: 'ok', ...base, ...busy };
    app.log.error({ busyMs }, 'health check: the database does not serve');
    return reply.code(503).send({ status: 'error', ...base, ...busy });
  });
  return Promise.resolve();
};

export default fp(health, { name: 'vmmi-health', dependencies: ['vmmi-database'] });
