/** Serves the tRPC router under /trpc. */
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthSettings } from '../auth/settings.ts';
import { createContextFactory } from '../context.ts';
import { tagRequestId } from '../edge/public-errors.ts';
import type { Execution } from '../execution/service.ts';
import { appRouter, type AppRouter } from '../routers/_app.ts';
import { installChunkTextEncoderStream } from '../text-encoder-stream.ts';

export const TRPC_PREFIX = '/trpc';

const trpc: FastifyPluginAsync<{ settings: AuthSettings; execution: Execution | null }> = async (
  app,
  opts,
) => {
  // Every SSE frame and JSONL line tRPC writes goes through the global TextEncoderStream.
  installChunkTextEncoderStream();
  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(app.db, opts.settings, opts.execution),
      onError({ path, error, req }) {
        // Before the error formatter, which shows the caller this id instead of the message.
        tagRequestId(error, req.id);
        // Client errors are the caller's business; only our own failures belong in the log.
        if (error.code === 'INTERNAL_SERVER_ERROR')
          req.log.error({ err: error, path }, 'tRPC error');
      },
    },
  };
  await app.register(fastifyTRPCPlugin, options);
};

export default fp(trpc, { name: 'vmmi-trpc', dependencies: ['vmmi-database', 'vmmi-auth'] });
