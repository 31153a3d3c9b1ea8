/** Decorates the app with the database. The caller opened it and closes it: the app only borrows it. */
import fp from 'fastify-plugin';
import type { Db } from '../db/db.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export default fp<{ db: Db }>(
  (app, opts, done) => {
    app.decorate('db', opts.db);
    done();
  },
  { name: 'vmmi-database', fastify: '5.x' },
);
