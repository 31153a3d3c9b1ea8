/**
 * Killing the server mid-migration: the real server process
 * on PGlite on disk is killed with SIGKILL (or stopped with SIGTERM) while a
 * run is in flight, and started again on the same port and data directory. A
 * client subscribed to every event over SSE (httpSubscriptionLink with the
 * `eventsource` package, as the CLI uses it) reconnects by itself with its
 * last event id, and must end up with every event exactly once, in id order;
 * the restarted server applies the crash rule (docs/execution-ops.md), and the
 * estate has the VM on one host, the right one.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoEstate } from '@vmmi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi } from '../../src/cli/client.ts';
import { openDb } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import {
  expectCompleteStream,
  has,
  hostOf,
  runEvents,
  startRun,
  subscribeAll,
  until,
} from './sse-client.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { freePort } from '../free-port.ts';
import { useServerProcesses } from './server-process.ts';

const INSTANCE = 'crash-test-1';
const dirs: string[] = [];
/** A data directory with the schema and the demo estate, copied for each test (a first start is slow). */
let template: string;
/** An operator's API token, in the template, for the CLI's client. */
let token: string;

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'vmmi-crash-template-'));
  const db = await openDb({ dataDir: template, pgliteTemplate: inject('pgliteTemplate') });
  await createEstateRepo(db.kysely).put(buildDemoEstate());
  token = (await callerWithToken(db, 'operator')).secret;
  await db.close();
});

afterAll(() => rmSync(template, { recursive: true, force: true }));

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const startServerProcess = useServerProcesses();
const startServer = (port: number, dataDir: string) =>
  startServerProcess({ port, dataDir, instanceId: INSTANCE });

/**
 * Where the restarted server's recovery is in a run's records: its last `recovered`.
 * A loaded machine can stall a server past its lease (5 s) before the kill, and the
 * server then takes its own run over again (an earlier `recovered`, by the same rule).
 */
function restartRecovery(records: readonly { event: { type: string } }[]): number {
  return records.map((r) => r.event.type).lastIndexOf('recovered');
}

describe('the server killed mid-migration (PGlite on disk)', () => {
  async function setUp() {
    const dataDir = mkdtempSync(join(tmpdir(), 'vmmi-crash-'));
    dirs.push(dataDir);
    cpSync(template, dataDir, { recursive: true });
    const port = await freePort();
    const server = await startServer(port, dataDir);
    const api = createApi(
      { server: `http://127.0.0.1:${port}` },
      { ...process.env, VMMI_TOKEN: token },
    );
    const sub = subscribeAll(api);
    await sub.opened;
    return { dataDir, port, server, api, sub };
  }

  it('before switchover: the restarted server rolls the run back, the VM stays on its source, and the client misses nothing', async () => {
    const { dataDir, port, server, api, sub } = await setUp();
    // A quarter of real time: the copy takes about 14 s, so the kill lands well before switchover.
    const run = await startRun(api, 'acme-web-web-01', 0.25);
    await until(
      'progress events',
      () => runEvents(sub, run.migrationId).filter((r) => r.event.type === 'progress').length >= 3,
    );
    expect(await hostOf(api, 'acme-web-web-01')).toBe(run.fromHost);
    server.child.kill('SIGKILL');
    await server.exited;
    const before = runEvents(sub, run.migrationId);
    expect(has(before, 'switched-over')).toBe(false);

    const restarted = await startServer(port, dataDir);
    await until('the rollback', () => has(runEvents(sub, run.migrationId), 'rolled-back'), sub);
    expect(sub.ended).toBeNull();
    // It lost its connection and got it back by itself.
    expect(sub.states.lastIndexOf('connecting')).toBeGreaterThan(sub.states.indexOf('pending'));

    const rs = await expectCompleteStream(api, sub, run.migrationId);
    // Events stored before the kill but not yet delivered come first (replayed), then the restart's.
    const from = restartRecovery(rs);
    expect(from).toBeGreaterThanOrEqual(before.length);
    expect(has(rs.slice(0, from), 'switched-over')).toBe(false);
    expect(rs.slice(from).map((r) => r.event)).toEqual([
      {
        type: 'recovered',
        rule: 'rollback-before-switchover',
        instance: INSTANCE,
        previousOwner: INSTANCE,
      },
      expect.objectContaining({ type: 'rolling-back', code: 'owner-lost' }),
      expect.objectContaining({ type: 'rolled-back', code: 'owner-lost' }),
    ]);
    expect(await hostOf(api, 'acme-web-web-01')).toBe(run.fromHost);
    const [row] = await api.migrations.list.query({ estateId: 'demo' });
    expect(row).toMatchObject({ id: run.migrationId, status: 'rolled-back', owner: null });
    // Stopped with the client still subscribed: one that has just let go keeps its socket
    // until the server's next SSE ping, which the stop would wait for (up to 5 s).
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    sub.unsubscribe();
  });

  it('after switchover: the restarted server finishes the run, the VM is on its target, and the client misses nothing', async () => {
    const { dataDir, port, server, api, sub } = await setUp();
    // Twice real time: after switchover, activate + confirm + decommission take 2.8 s to kill the server in.
    const run = await startRun(api, 'acme-web-web-01', 2);
    await until('the switchover', () => has(runEvents(sub, run.migrationId), 'switched-over'));
    server.child.kill('SIGKILL');
    await server.exited;
    const before = runEvents(sub, run.migrationId);
    expect(has(before, 'progress')).toBe(true);
    expect(has(before, 'succeeded')).toBe(false);

    const restarted = await startServer(port, dataDir);
    // The estate moved the VM in the switchover's transaction: it is on the target, and only there.
    expect(await hostOf(api, 'acme-web-web-01')).toBe(run.toHost);
    await until('the end of the run', () => has(runEvents(sub, run.migrationId), 'succeeded'), sub);
    expect(sub.ended).toBeNull();

    const rs = await expectCompleteStream(api, sub, run.migrationId);
    const from = restartRecovery(rs);
    expect(from).toBeGreaterThanOrEqual(before.length);
    const after = rs.slice(from).map((r) => r.event);
    expect(after[0]).toEqual({
      type: 'recovered',
      rule: 'resume-after-switchover',
      instance: INSTANCE,
      previousOwner: INSTANCE,
    });
    expect(after.map((e) => e.type)).not.toContain('switched-over');
    expect(after.map((e) => e.type)).not.toContain('rolled-back');
    expect(rs.filter((r) => r.event.type === 'switched-over')).toHaveLength(1);
    expect(await hostOf(api, 'acme-web-web-01')).toBe(run.toHost);
    // Stopped with the client still subscribed: one that has just let go keeps its socket
    // until the server's next SSE ping, which the stop would wait for (up to 5 s).
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    sub.unsubscribe();
  });

  it('a graceful restart (SIGTERM) mid-run: the client resumes too, and the run is rolled back', async () => {
    const { dataDir, port, server, api, sub } = await setUp();
    const run = await startRun(api, 'acme-web-web-01', 0.25);
    await until('progress events', () => has(runEvents(sub, run.migrationId), 'progress'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const before = runEvents(sub, run.migrationId);
    expect(has(before, 'switched-over')).toBe(false);

    const restarted = await startServer(port, dataDir);
    await until('the rollback', () => has(runEvents(sub, run.migrationId), 'rolled-back'), sub);
    expect(sub.ended).toBeNull();
    const rs = await expectCompleteStream(api, sub, run.migrationId);
    const from = restartRecovery(rs);
    expect(from).toBeGreaterThanOrEqual(before.length);
    expect(has(rs.slice(0, from), 'switched-over')).toBe(false);
    expect(rs[from]!.event).toMatchObject({
      type: 'recovered',
      rule: 'rollback-before-switchover',
    });
    expect(await hostOf(api, 'acme-web-web-01')).toBe(run.fromHost);
    // Stopped with the client still subscribed: one that has just let go keeps its socket
    // until the server's next SSE ping, which the stop would wait for (up to 5 s).
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    sub.unsubscribe();
  });
});
