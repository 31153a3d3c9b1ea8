/**
 * GET /api/health: up and able to reach the database. For load balancers and NOC screens,
 * so it answers within a second or so even while a long import holds the database
 * (`dbBusyMs` then says for how long): Db.health never waits behind other statements.
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { SERVER_VERSION } from '../version.ts';

const health: FastifyPluginAsync = (app) => {
  app.get('/api/health', async (_req, reply) => {
    const base = { db: app.db.kind, version: SERVER_VERSION };
    const { ok, busyMs } = await app.db.health();
    const busy = busyMs === undefined ? {} : { dbBusyMs: busyMs };
    if (ok) return { status: 'ok', ...base, ...busy };
    app.log.error({ busyMs }, 'health check: the database does not serve');
    return reply.code(503).send({ status: 'error', ...base, ...busy });
  });
  return Promise.resolve();
};

export default fp(health, { name: 'vmmi-health', dependencies: ['vmmi-database'] });
