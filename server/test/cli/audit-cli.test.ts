// `vmmi audit` against a running server: the log as JSON lines, newest first, for an admin's token only.
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Io } from '../../src/cli/remote-io.ts';
import { addServerCommands, type CliRun } from '../../src/cli/server-program.ts';
import type { Db } from '../../src/db/db.ts';
import { openMemoryDb } from '../backends.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { makeEstateInput } from '../fixtures.ts';
import { listenOnLoopback } from '../listen.ts';

let db: Db;
let app: FastifyInstance;
let server: string;
const tokens: Record<'admin' | 'operator', string> = { admin: '', operator: '' };

beforeAll(async () => {
  db = await openMemoryDb();
  app = await buildApp({ database: db, execution: false });
  server = await listenOnLoopback(app);
  tokens.admin = (await callerWithToken(db, 'admin', { name: 'ada' })).secret;
  tokens.operator = (await callerWithToken(db, 'operator', { name: 'otto' })).secret;
  const headers = {
    authorization: `Bearer ${tokens.operator}`,
    'content-type': 'application/json',
  };
  for (const id of ['first', 'second'])
    await fetch(`${server}/trpc/estate.import`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ estate: { ...makeEstateInput(), id } }),
    });
});
afterAll(async () => {
  // Test files share a worker: the token must not outlive this one.
  vi.unstubAllEnvs();
  await app?.close();
  await db?.close();
});

async function vmmi(token: string, ...args: string[]) {
  vi.stubEnv('VMMI_TOKEN', token);
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => void out.push(l), err: (l) => void err.push(l) };
  const run: CliRun = { exitCode: 0 };
  const program = new Command('vmmi').exitOverride();
  addServerCommands(program, run, io);
  await program.parseAsync([...args, '--server', server], { from: 'user' });
  vi.unstubAllEnvs();
  return { code: run.exitCode, out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

describe('vmmi audit', () => {
  it('prints the log newest first, one JSON line an entry, with who and what', async () => {
    const { code, out } = await vmmi(tokens.admin, 'audit', '--action', 'estate.');
    expect(code).toBe(0);
    expect(out.map((e) => [e.action, e.target, e.outcome])).toEqual([
      ['estate.import', 'second', 'ok'],
      ['estate.import', 'first', 'ok'],
    ]);
    expect(String(out[0]!.actor)).toMatch(/^otto \(token tok-/);
  });

  it('pages back with --limit and --all', async () => {
    const one = await vmmi(tokens.admin, 'audit', '--action', 'estate.', '--limit', '1');
    expect(one.out).toHaveLength(1);
    const all = await vmmi(tokens.admin, 'audit', '--action', 'estate.', '--limit', '1', '--all');
    expect(all.out.map((e) => e.target)).toEqual(['second', 'first']);
  });

  it("refuses an operator's token (exit 2, FORBIDDEN)", async () => {
    const { code, err } = await vmmi(tokens.operator, 'audit');
    expect(code).toBe(2);
    expect(JSON.parse(err.find((l) => l.startsWith('{'))!)).toMatchObject({
      error: 'refused',
      code: 'FORBIDDEN',
    });
  });
});
