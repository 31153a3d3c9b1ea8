/**
 * Serves the built web app. The web app routes on the client, so any other GET
 * that is not an API call gets index.html (the SPA fallback); API paths keep
 * their JSON 404s.
 */
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../edge/paths.ts';
import { notFound } from '../edge/public-errors.ts';

const web: FastifyPluginAsync<{ root: string }> = async (app, opts) => {
  const assets = resolve(opts.root, 'assets') + sep;
  await app.register(fastifyStatic, {
    root: opts.root,
    prefix: '/',
    // Vite names each asset by its content's hash: a new build is new names, so a browser may
    // keep them without asking again (a wall screen that reloads, a planner opened each day).
    // index.html, which names them, is revalidated on every load.
    setHeaders: (reply, path) => {
      if (resolve(path).startsWith(assets))
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.setNotFoundHandler((req, reply) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !isApiPath(req.url)) {
      // Revalidated on every load, so a new deploy's asset names are picked up at once.
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false });
    }
    return notFound(req, reply);
  });
};

export default fp(web, { name: 'vmmi-web' });
