/**
 * The entry point: read the environment, open the database, seed it on first
 * start, listen, and close cleanly on SIGINT / SIGTERM. Everything else is in app.ts.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createEstateRepo } from './db/estate-repo.ts';
import { openDb, type Db } from './db/db.ts';
import { loadDemoEstate } from './demo.ts';
import { seedDemoIfEmpty } from './seed.ts';
import { ensureSetupToken } from './auth/accounts.ts';

/** Past this, a shutdown that hangs (a stuck connection) is cut short. */
const CLOSE_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let setupToken: string | null = null;

  const close = async (signal: string) => {
    app?.log.info(`${signal}: closing`);
    setTimeout(() => process.exit(1), CLOSE_TIMEOUT_MS).unref();
    await app?.close();
    await db?.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      close(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('error while closing:', err);
          process.exit(1);
        },
      );
    });
  }

  try {
    db = await openDb({ url: config.databaseUrl, dataDir: config.dataDir, pgliteWorker: true });
    app = await buildApp({
      database: db,
      webRoot: config.webRoot,
      auth: config.auth,
      logger: { level: config.logLevel },
      execution: config.execution,
      edge: config.edge,
    });
    await seedDemoIfEmpty(createEstateRepo(db.kysely), loadDemoEstate, app.log);
    setupToken = await ensureSetupToken(db.kysely, config.auth.setupToken);
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close();
    await db?.close();
    throw err;
  }

  // The real port, so PORT=0 (any free port) prints something usable.
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  console.log(`VMMI Planner listening on ${base}`);
  if (setupToken)
    console.log(
      `No admin yet: create the first one at ${base}/?setup=${setupToken} (one-time link)`,
    );
  app.log.info(
    {
      db: db.kind,
      webRoot: config.webRoot ?? null,
      anonymousViewer: config.auth.anonymousEstates,
      execution: config.execution,
    },
    'ready',
  );
}

main().catch((err: unknown) => {
  console.error('VMMI Planner failed to start:', err);
  process.exit(1);
});
