/** Serves the tRPC router under /trpc. */
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthSettings } from '../auth/settings.ts';
import { createContextFactory } from '../context.ts';
import { tagRequestId } from '../edge/public-errors.ts';
import { isUpload, UPLOAD_PROCEDURE } from '../edge/trpc-limits.ts';
import { asIncomingMessage } from '../edge/upload-stream.ts';
import type { Execution } from '../execution/service.ts';
import { appRouter, type AppRouter } from '../routers/_app.ts';
import { installChunkTextEncoderStream } from '../text-encoder-stream.ts';

export const TRPC_PREFIX = '/trpc';

class UnsupportedUpload extends Error {
  readonly statusCode = 415;
  constructor() {
    super(`only ${UPLOAD_PROCEDURE} takes application/octet-stream, alone (not in a batch)`);
    this.name = 'UnsupportedUpload';
  }
}

interface TrpcOptions {
  settings: AuthSettings;
  execution: Execution | null;
  /** The most bytes an upload's stream may carry (the edge's import body limit). */
  maxUploadBytes: number;
}

const trpc: FastifyPluginAsync<TrpcOptions> = async (app, opts) => {
  // Every SSE frame and JSONL line tRPC writes goes through the global TextEncoderStream.
  installChunkTextEncoderStream();
  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      // Read only for a body tRPC reads itself: an upload's stream (JSON comes parsed).
      maxBodySize: opts.maxUploadBytes,
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
  // estate.importFile takes a file's bytes: the request stream goes to tRPC unread, to be
  // read and size-checked as it arrives and parsed off the event loop. Bytes sent to any
  // other procedure are refused before they are read.
  app.addContentTypeParser('application/octet-stream', (req, payload, done) => {
    if (isUpload(req, TRPC_PREFIX)) done(null, asIncomingMessage(payload));
    else done(new UnsupportedUpload());
  });
  await app.register(fastifyTRPCPlugin, options);
};

export default fp(trpc, { name: 'vmmi-trpc', dependencies: ['vmmi-database', 'vmmi-auth'] });
