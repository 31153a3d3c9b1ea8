/**
 * A throw-away PostgreSQL server (Debian's binaries) for the test run and for
 * `pnpm bench:stream`.
 *
 * PostgreSQL refuses to run as root, so as root its binaries run as the
 * `postgres` system user, in a temp dir that user owns. The server runs as a
 * direct child of this process rather than daemonised by pg_ctl: a daemon is
 * re-parented to PID 1, and where PID 1 does not reap (as in some sandboxes)
 * every run would leave a defunct postgres behind.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from './free-port.ts';

const PG_LIB = '/usr/lib/postgresql';
const DATABASE = 'vmmi_test';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** The newest installed server's bin dir (Debian layout), or PG_BIN when set. */
function findPgBin(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync(PG_LIB)
      ? readdirSync(PG_LIB)
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => join(PG_LIB, v, 'bin'))
      : [];
  const bin = candidates.find(
    (dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')),
  );
  if (!bin) {
    throw new Error(
      `PostgreSQL server binaries (initdb, postgres) not found in ${process.env.PG_BIN ?? `${PG_LIB}/*/bin`}. ` +
        'The server tests run against a real PostgreSQL too: apt-get install postgresql',
    );
  }
  return bin;
}

/** spawn options that run a binary as the postgres user when we are root (and as ourselves otherwise). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilReady(port: number, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`postgres exited (${server.exitCode}):\n${readFileSync(log, 'utf8')}`);
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    });
    try {
      await client.connect();
      await client.query(`create database ${DATABASE}`);
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`postgres did not start: ${String(err)}\n${readFileSync(log, 'utf8')}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(100);
  }
}

/** A running throw-away PostgreSQL server: a URL of a database in it whose user may create databases. */
export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server in a temp dir on a free loopback port and
 * creates a database in it; stop() shuts it down and removes the dir.
 * `fsync: false` (-F) for data that is thrown away anyway (tests).
 */
export async function startThrowawayPostgres(opts: { fsync: boolean }): Promise<ThrowawayPostgres> {
  const bin = findPgBin();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'vmmi-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  let server: ChildProcess | undefined;

  const stop = async () => {
    if (server) {
      server.kill('SIGINT'); // fast shutdown: disconnect clients, then stop
      const stopped = await Promise.race([
        exited(server).then(() => true),
        sleep(STOP_TIMEOUT_MS, false, { ref: false }),
      ]);
      if (!stopped) {
        server.kill('SIGKILL');
        await exited(server);
      }
      server = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
      {
        ...user,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      },
    );
    const port = await freePort();
    const logFd = openSync(log, 'a');
    // -k keeps the socket out of /var/run.
    server = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), ...(opts.fsync ? [] : ['-F'])],
      {
        ...user,
        stdio: ['ignore', logFd, logFd],
      },
    );
    closeSync(logFd);
    await waitUntilReady(port, server, log);
    return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
