/** Serves the tRPC router under /trpc. */
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthMode } from '../auth/roles.ts';
import { createContextFactory } from '../context.ts';
import type { Execution } from '../execution/service.ts';
import { appRouter, type AppRouter } from '../routers/_app.ts';
import { installChunkTextEncoderStream } from '../text-encoder-stream.ts';

export const TRPC_PREFIX = '/trpc';

const trpc: FastifyPluginAsync<{ authMode: AuthMode; execution: Execution | null }> = async (
  app,
  opts,
) => {
  // Every SSE frame and JSONL line tRPC writes goes through the global TextEncoderStream.
  installChunkTextEncoderStream();
  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(app.db, opts.authMode, opts.execution),
      onError({ path, error }) {
        // Client errors are the caller's business; only our own failures belong in the log.
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error, path }, 'tRPC error');
      },
    },
  };
  // estate.importFile takes a file's bytes: the request stream goes to tRPC as it is, to be
  // read and size-checked by the procedure and parsed off the event loop.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) =>
    done(null, payload),
  );
  await app.register(fastifyTRPCPlugin, options);
};

export default fp(trpc, { name: 'vmmi-trpc', dependencies: ['vmmi-database'] });
