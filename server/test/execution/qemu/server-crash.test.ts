/**
 * The server killed with SIGKILL while QEMU migrates a guest: QEMU outlives
 * it (detached, recorded in VMMI_QEMU_STATE_DIR), and the restarted server
 * resolves the run by asking both sides what happened, instead of assuming
 * from the events alone. Nothing is timed: the tests wait for events and for
 * what QEMU reports.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoEstate } from '@vmmi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi } from '../../../src/cli/client.ts';
import { openDb } from '../../../src/db/db.ts';
import { createEstateRepo } from '../../../src/db/estate-repo.ts';
import { parseHeartbeats } from '../../../src/execution/qemu/guest.ts';
import { GuestRecordSchema, type GuestRecord } from '../../../src/execution/qemu/guest-records.ts';
import { pidAlive } from '../../../src/execution/qemu/process-watch.ts';
import { freePort } from '../../free-port.ts';
import { useServerProcesses } from '../server-process.ts';
import { callerWithToken } from '../../auth/credentials.ts';
import { has, hostOf, runEvents, startRun, subscribeAll, until } from '../sse-client.ts';
import { BOOT_TIMEOUT_MS, TEST_TIMEOUT_MS } from './qemu-fixture.ts';

const VM = 'acme-web-web-01';
const startServer = useServerProcesses();
const dirs: string[] = [];
let template: string;
/** An operator's API token, in the template, for the CLI's client. */
let token: string;

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'vmmi-qemu-crash-template-'));
  const db = await openDb({ dataDir: template, pgliteTemplate: inject('pgliteTemplate') });
  await createEstateRepo(db.kysely).put(buildDemoEstate());
  token = (await callerWithToken(db, 'operator')).secret;
  await db.close();
});

afterAll(() => rmSync(template, { recursive: true, force: true }));

/** Whatever a failed test left: the guests in its state directory are killed. */
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    for (const record of existsSync(dir) ? records(dir) : []) {
      for (const side of [record.guest, record.migration?.target]) {
        try {
          if (side) process.kill(side.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

function records(stateDir: string): GuestRecord[] {
  return readdirSync(stateDir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => GuestRecordSchema.parse(JSON.parse(readFileSync(join(stateDir, n), 'utf8'))));
}

const recordOf = (stateDir: string) => records(stateDir).find((r) => r.vmId === VM);

async function setUp(instanceId: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vmmi-qemu-crash-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'vmmi-qemu-state-'));
  dirs.push(dataDir, stateDir);
  cpSync(template, dataDir, { recursive: true });
  const port = await freePort();
  const opts = { port, dataDir, instanceId, env: { VMMI_QEMU_STATE_DIR: stateDir } };
  const server = await startServer(opts);
  const api = createApi(
    { server: `http://127.0.0.1:${port}` },
    { ...process.env, VMMI_TOKEN: token },
  );
  const sub = subscribeAll(api);
  await sub.opened;
  // Every link at a fifth of a percent of itself: a few MiB/s. The server plays the 4 GiB VM
  // with a 256 MiB guest whose 64 MiB working set is non-zero, so its copy takes tens of
  // seconds and the kill lands in the middle of it.
  const fault = await api.faults.inject.mutate({
    estateId: 'demo',
    fault: { kind: 'bandwidth-collapse', factor: 0.002 },
  });
  const run = await startRun(api, VM, 1, 'ams1', undefined, 'qemu');
  await until(
    'QEMU copying',
    () =>
      runEvents(sub, run.migrationId).some(
        (r) => r.event.type === 'progress' && r.event.measured?.status === 'active',
      ),
    sub,
    BOOT_TIMEOUT_MS,
  );
  const before = recordOf(stateDir)!;
  expect(before.migration?.target).toBeTruthy();
  return { opts, server, api, sub, run, fault, stateDir, before };
}

/** The guest's heartbeats go on in `pid`'s serial log, none with a lost write. */
async function expectAlive(record: { pid: number; dir: string }): Promise<void> {
  expect(await pidAlive(record.pid)).toBe(true);
  const log = join(record.dir, 'serial.log');
  const count = parseHeartbeats(readFileSync(log, 'utf8')).length;
  await until(
    'a new heartbeat',
    () => parseHeartbeats(readFileSync(log, 'utf8')).length > count,
    undefined,
    60_000,
  );
  expect(parseHeartbeats(readFileSync(log, 'utf8')).every((b) => b.wrongPages === 0)).toBe(true);
}

/**
 * The runs taken over after the kill: the restarted server's. Before it, a server held up
 * past its lease on a loaded machine may have taken its own queued run over (rule
 * requeue-not-started, itself the previous owner), which is not what these tests are about.
 */
const recoveredSince = (events: readonly { type: string }[], from: number) =>
  events.slice(from).filter((e) => e.type === 'recovered');

describe('the server killed (SIGKILL) while QEMU migrates', () => {
  it(
    'QEMU copies on without it; the restarted server asks, finds the copy going or done, and finishes the move',
    async () => {
      const { opts, server, api, sub, run, fault, stateDir, before } =
        await setUp('qemu-crash-forward');
      const { guest: source, migration } = before;
      const beforeKill = runEvents(sub, run.migrationId).length;
      server.child.kill('SIGKILL');
      await server.exited;
      expect(has(runEvents(sub, run.migrationId), 'switched-over')).toBe(false);
      // Both sides outlived the server.
      expect(await pidAlive(source.pid)).toBe(true);
      expect(await pidAlive(migration!.target!.pid)).toBe(true);

      const restarted = await startServer(opts);
      // The link comes back: whatever is left of the copy goes at full speed.
      await api.faults.clear.mutate({ id: fault.id });
      await until(
        'the run to end',
        () => has(runEvents(sub, run.migrationId), 'succeeded'),
        sub,
        TEST_TIMEOUT_MS - 120_000,
      );
      const events = runEvents(sub, run.migrationId).map((r) => r.event);
      expect(recoveredSince(events, beforeKill)).toEqual([
        expect.objectContaining({ rule: 'ask-executor', previousOwner: 'qemu-crash-forward' }),
      ]);
      const after = events.slice(events.findIndex((e) => e.type === 'recovered'));
      expect(after.some((e) => e.type === 'progress' && e.measured?.status === 'completed')).toBe(
        true,
      );
      expect(has(runEvents(sub, run.migrationId), 'rolled-back')).toBe(false);
      expect(await hostOf(api, VM)).toBe(run.toHost);

      // The destination is the VM's guest now, the same process the first server started.
      const settled = recordOf(stateDir)!;
      expect(settled).toMatchObject({ hostId: run.toHost, migration: null });
      expect(settled.guest).toEqual(migration!.target);
      await expectAlive(settled.guest);
      expect(await pidAlive(source.pid)).toBe(false);

      sub.unsubscribe();
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
      // A graceful stop takes its guests with it.
      expect(await pidAlive(settled.guest.pid)).toBe(false);
      expect(records(stateDir)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the destination died with the server: the restarted server finds the copy failed in QEMU and rolls back to the running source',
    async () => {
      const { opts, server, api, sub, run, fault, before } = await setUp('qemu-crash-back');
      const beforeKill = runEvents(sub, run.migrationId).length;
      server.child.kill('SIGKILL');
      await server.exited;
      process.kill(before.migration!.target!.pid, 'SIGKILL');

      const restarted = await startServer(opts);
      await api.faults.clear.mutate({ id: fault.id });
      await until(
        'the rollback',
        () => has(runEvents(sub, run.migrationId), 'rolled-back'),
        sub,
        TEST_TIMEOUT_MS - 120_000,
      );
      const events = runEvents(sub, run.migrationId).map((r) => r.event);
      expect(recoveredSince(events, beforeKill)).toEqual([
        expect.objectContaining({ rule: 'ask-executor' }),
      ]);
      // Rolled back for what QEMU said, not for the server having stopped.
      expect(events.at(-1)).toMatchObject({ type: 'rolled-back', code: 'qemu-failed' });
      expect(has(runEvents(sub, run.migrationId), 'switched-over')).toBe(false);
      expect(await hostOf(api, VM)).toBe(run.fromHost);
      await expectAlive(before.guest);

      sub.unsubscribe();
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
      expect(await pidAlive(before.guest.pid)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});
