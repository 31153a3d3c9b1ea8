/**
 * The entry point as a real process: it starts on a free port, prints its URL,
 * seeds only once, keeps data across restarts and exits 0 on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase } from './backends.ts';
import { makeEstateInput } from './fixtures.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const children = new Set<ChildProcess>();

interface Running {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_ROOT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  exited.finally(() => children.delete(child)).catch(() => undefined);
  let output = '';
  return new Promise((resolve, reject) => {
    let listening = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /VMMI Planner listening on (http:\/\/\S+)/.exec(output);
      if (!match || listening) return;
      listening = true;
      resolve({
        url: match[1]!,
        output: () => output,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}

/** A signed-in browser's credentials: the session cookie and the CSRF token it echoes. */
interface Session {
  cookie: string;
  csrf: string;
}

async function trpc(
  url: string,
  path: string,
  session: Session,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-vmmi-csrf': session.csrf,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** Creates the first admin with the setup token, as the printed link's form does. */
async function setUpAdmin(url: string, token: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, name: 'root', password: 'a long enough password' }),
  });
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('vmmi_csrf='))!.slice('vmmi_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

const SETUP_TOKEN = 'test-setup-token-0123456789abcdefghijklmnop';

async function printed(running: Running, pattern: RegExp): Promise<void> {
  // The line follows the listening line at once; the pipe may deliver it a moment later.
  for (let i = 0; i < 100 && !pattern.test(running.output()); i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(running.output()).toMatch(pattern);
}

type ListResult = { result: { data: { id: string; version: number }[] } };

afterEach(() => {
  // A failed test must not leave a server behind.
  for (const child of children) child.kill('SIGKILL');
});

const cases: [
  string,
  () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>,
][] = [
  [
    'pglite on disk',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'vmmi-data-'));
      return Promise.resolve({
        env: { DATA_DIR: dir, DATABASE_URL: '' },
        cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
      });
    },
  ],
  [
    'postgres',
    async () => {
      const database = await createPostgresTestDatabase();
      return { env: { DATABASE_URL: database.url }, cleanup: () => database.drop() };
    },
  ],
];

describe.each(cases)('the server process on %s', (name, prepare) => {
  let env: Record<string, string>;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ env, cleanup } = await prepare());
    env = { ...env, VMMI_SETUP_TOKEN: SETUP_TOKEN };
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('serves, keeps its data across a restart without seeding again, and exits 0 on SIGTERM', async () => {
    const first = await startServer(env);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as {
      status: string;
      db: string;
    };
    expect(health).toMatchObject({ status: 'ok', db: name === 'postgres' ? 'postgres' : 'pglite' });
    await printed(first, new RegExp(`No admin yet: .*/\\?setup=${SETUP_TOKEN} `));
    expect((await trpc(first.url, 'estate.list', { cookie: '', csrf: '' })).status).toBe(401);
    const session = await setUpAdmin(first.url, SETUP_TOKEN);
    const seeded = ((await trpc(first.url, 'estate.list', session)).json as ListResult).result.data;
    expect(seeded.every((e) => e.version === 1)).toBe(true);
    const imported = await trpc(first.url, 'estate.import', session, { estate: makeEstateInput() });
    expect(imported.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startServer(env);
    // The admin and the session outlive the restart; no new setup link is printed.
    const after = ((await trpc(second.url, 'estate.list', session)).json as ListResult).result.data;
    expect(second.output()).not.toMatch(/No admin yet/);
    expect(after.map((e) => [e.id, e.version]).sort()).toEqual(
      [...seeded.map((e) => [e.id, e.version]), ['test-estate', 1]].sort(),
    );
    expect(await second.stop()).toBe(0);
  });
});

it('refuses to start on a bad execution setting, and says which', async () => {
  await expect(startServer({ DATA_DIR: 'memory://', TICK_MS: 'often' })).rejects.toThrow(
    /TICK_MS must be a whole number of milliseconds/,
  );
});
