/**
 * The server `pnpm bench:stream` measures: the real app (HTTP, tRPC over SSE,
 * the supervisor, and PostgreSQL at DATABASE_URL or else PGlite with its files
 * in BENCH_DATA_DIR, `memory://` for none) with a benchmark estate of 2,000
 * VMs on four fat-tree k=8 sites, and the concurrency limits raised so that
 * 1,000 runs go at once.
 */
import { buildLargeEstate } from '../../shared/bench/large-estate.ts';
import { buildApp } from '../src/app.ts';
import { MEMORY, openDb } from '../src/db/db.ts';
import { createEstateRepo } from '../src/db/estate-repo.ts';

export const BENCH_ESTATE_ID = 'large';

const port = Number(process.env.PORT ?? 0);
const db = await openDb({
  url: process.env.DATABASE_URL,
  dataDir: process.env.BENCH_DATA_DIR ?? MEMORY,
});
await createEstateRepo(db.kysely).put(buildLargeEstate({ k: 8, vms: 2_000, flowsPerVm: 1 }));
const app = await buildApp({
  database: db,
  execution: {
    tickMs: 100,
    safety: {
      completionTimeoutSecondsPerGiB: 800,
      progressTimeoutSeconds: 150,
      perHost: 1_000,
      perSite: 100_000,
      perWanLink: 100_000,
    },
  },
});
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void app
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
