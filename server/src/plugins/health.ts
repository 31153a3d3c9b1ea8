/** GET /api/health: up and able to reach the database. For load balancers and NOC screens. */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { SERVER_VERSION } from '../version.ts';

const health: FastifyPluginAsync = (app) => {
  app.get('/api/health', async (_req, reply) => {
    const base = { db: app.db.kind, version: SERVER_VERSION };
    try {
      await sql`select 1`.execute(app.db.kysely);
      return { status: 'ok', ...base };
    } catch (err) {
      app.log.error({ err }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'error', ...base });
    }
  });
  return Promise.resolve();
};

export default fp(health, { name: 'vmmi-health', dependencies: ['vmmi-database'] });
