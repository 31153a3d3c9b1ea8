/**
 * A server for the CLI's tests: the demo estate in an in-memory database,
 * execution on a fast tick, on a loopback port, and an operator's API token
 * in $VMMI_TOKEN (read by the commands in this process and in child
 * processes). Started before the file's tests, closed after them.
 */
import { buildDemoEstate } from '@vmmi/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApi } from '../../src/cli/client.ts';
import type { Db } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { openMemoryDb } from '../backends.ts';
import { listenOnLoopback } from '../listen.ts';
import { runVmmi, type Ran } from './run-vmmi.ts';

export interface DemoServer {
  /** The server's base URL (once the file's tests run). */
  url: () => string;
  /** `vmmi <args> --server <url>`, in-process. */
  vmmi: (...args: string[]) => Promise<Ran>;
  /** Where the demo estate places a VM now. */
  vmHost: (vmId: string) => Promise<string>;
  /** The server's database, to check what a command stored (or did not). */
  db: () => Db;
}

export function useDemoServer(instanceId: string): DemoServer {
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let server = '';

  beforeAll(async () => {
    db = await openMemoryDb();
    app = await buildApp({ database: db, execution: { instanceId, tickMs: 10, leaseMs: 2_000 } });
    await createEstateRepo(db.kysely).put(buildDemoEstate());
    server = await listenOnLoopback(app);
    vi.stubEnv('VMMI_TOKEN', (await callerWithToken(db, 'operator')).secret);
  });

  afterAll(async () => {
    // Test files share a worker: the token must not outlive this one.
    vi.unstubAllEnvs();
    await app?.close();
    await db?.close();
  });

  return {
    url: () => server,
    db: () => {
      if (!db) throw new Error('the CLI test server is not up (beforeAll failed?)');
      return db;
    },
    vmmi: (...args) => runVmmi(server, ...args),
    vmHost: async (vmId) => {
      const { estate } = await createApi({ server }).estate.get.query({ id: 'demo' });
      return estate.vms.find((v) => v.id === vmId)!.hostId;
    },
  };
}
