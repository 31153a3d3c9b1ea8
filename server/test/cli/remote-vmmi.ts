/** The `vmmi` commands that drive a running server, run in-process as a user types them. */
import { buildDemoEstate } from '@vmmi/shared';
import { Command, CommanderError } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { openMemoryDb } from '../backends.ts';
import { listenOnLoopback } from '../listen.ts';
import type { Io } from '../../src/cli/remote-io.ts';
import { addServerCommands, type CliRun } from '../../src/cli/server-program.ts';

export interface Ran {
  code: number;
  out: string[];
  err: string[];
  /** stdout, one JSON document per line. */
  json: unknown[];
  /** stderr's JSON line, when there is one. */
  error: Record<string, unknown> | undefined;
}

export function capture(): Io & { lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, out: (l) => void lines.out.push(l), err: (l) => void lines.err.push(l) };
}

/** Runs `vmmi <args> --server <server>`: a commander error (bad option) exits 2, as the real CLI. */
export async function vmmiOn(server: string, args: readonly string[]): Promise<Ran> {
  const io = capture();
  const run: CliRun = { exitCode: 0 };
  const program = new Command('vmmi').exitOverride().configureOutput({
    writeErr: (s) => io.lines.err.push(s),
    writeOut: (s) => io.lines.out.push(s),
  });
  addServerCommands(program, run, io);
  let code: number;
  try {
    await program.parseAsync([...args, '--server', server], { from: 'user' });
    code = run.exitCode;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = 2;
  }
  const { out, err } = io.lines;
  const errLine = err.find((l) => l.startsWith('{'));
  return {
    code,
    out,
    err,
    json: code === 0 || code > 2 ? out.map((l) => JSON.parse(l) as unknown) : [],
    error: errLine ? (JSON.parse(errLine) as Record<string, unknown>) : undefined,
  };
}

/**
 * A server with the demo estate on a random loopback port (PGlite in memory, a
 * fast tick) for the enclosing file, and the operator's API token in
 * VMMI_TOKEN, where the CLI reads it (in process and in child processes).
 */
export function useCliServer(
  instanceId: string,
): () => { db: Db; app: FastifyInstance; server: string } {
  let started: { db: Db; app: FastifyInstance; server: string } | undefined;
  beforeAll(async () => {
    const db = await openMemoryDb();
    const app = await buildApp({
      database: db,
      execution: { instanceId, tickMs: 10, leaseMs: 2_000 },
    });
    await createEstateRepo(db.kysely).put(buildDemoEstate());
    const server = await listenOnLoopback(app);
    vi.stubEnv('VMMI_TOKEN', (await callerWithToken(db, 'operator')).secret);
    started = { db, app, server };
  });
  afterAll(async () => {
    // Test files share a worker: the token must not outlive this one.
    vi.unstubAllEnvs();
    await started?.app.close();
    await started?.db.close();
  });
  return () => {
    if (!started) throw new Error('the CLI test server is not up (beforeAll failed?)');
    return started;
  };
}
