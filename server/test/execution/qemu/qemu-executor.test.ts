/**
 * The QEMU executor behind the real server's execute: a plan's move carried
 * out on real QEMU processes, its events from QEMU's own figures, and an
 * abort that leaves the guest running on its source. Nothing is timed: the
 * tests wait for recorded events and QEMU's reported state.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildDemoEstate, type Convergence } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { ExecutorRegistry, simulatedExecutor } from '../../../src/execution/executor.ts';
import { parseHeartbeats } from '../../../src/execution/qemu/guest.ts';
import { createEstateRepo } from '../../../src/db/estate-repo.ts';
import { netnsWanPath } from '../../../src/execution/netns/wan-path.ts';
import {
  QemuExecutor,
  type QemuExecutorOptions,
} from '../../../src/execution/qemu/qemu-executor.ts';
import { launchQemu } from '../../../src/execution/qemu/qemu-process.ts';
import { BACKENDS, useTestDb } from '../../backends.ts';
import { acceptDemoMove, eventsOf, useExecution, waitForEnd } from '../harness.ts';
import { BOOT_TIMEOUT_MS, TEST_TIMEOUT_MS } from './qemu-fixture.ts';
import type { Harness } from '../harness.ts';

const run = promisify(execFile);

// PGlite only: the executor is the subject here, and each test boots a guest.
const [PGLITE] = BACKENDS;

function qemuExecutor(wanPath?: QemuExecutorOptions['wanPath']) {
  // acme-web-web-01 has 4 GiB dirtying 26 MiB/s: a 128 MiB guest dirtying 26 × 128 / 4096 MiB/s stands in.
  return new QemuExecutor({
    maxGuestMib: 128,
    minGuestMib: 128,
    bootTimeoutMs: BOOT_TIMEOUT_MS,
    launch: (o) => launchQemu({ startTimeoutMs: BOOT_TIMEOUT_MS, ...o }),
    ...(wanPath ? { wanPath } : {}),
  });
}

/** The network namespace a process runs in, as `ip netns identify` names it. */
async function namespaceOf(pid: number): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'identify', String(pid)]);
  return stdout.trim();
}

const MiB = 2 ** 20;

/**
 * Runs the demo move with acme-web-web-01 dirtying far faster than its copy
 * can go. Its 4 GiB are played by a 128 MiB guest (a scale of 1/32): 2,500
 * MiB/s in the estate is 78 MiB/s (20,000 pages/s) in the guest, over its
 * 32 MiB working set. Every link is collapsed so the copy gets 8 MiB/s: a
 * pass over the working set takes 4 s, and the guest needs only 2,048 of its
 * 20,000 pages/s to dirty all of it again meanwhile (a TCG guest starved of
 * CPU by a loaded machine still does that), so from the second round on every
 * round sends as much as the last.
 */
async function runHotGuest(h: Harness, convergence: Convergence) {
  const op = h.as('operator');
  const estate = buildDemoEstate();
  estate.vms = estate.vms.map((vm) =>
    vm.id === 'acme-web-web-01' ? { ...vm, dirtyRateMiBps: 2500 } : vm,
  );
  await op.estate.import({ estate });
  const plan = await acceptDemoMove(h);
  const { migrations } = await op.migrations.execute({
    planId: plan.id,
    executor: 'qemu',
    convergence,
  });
  const id = migrations[0]!.id;
  const { state } = await h.as('viewer').migrations.get({ id });
  const bottleneck = Math.min(...state.spec.path.map((l) => l.freeBytesPerSecond));
  await op.faults.inject({
    estateId: 'demo',
    fault: { kind: 'bandwidth-collapse', factor: (8 * MiB) / bottleneck },
  });
  return { plan, id };
}

/** What the copy did, for a failure's message: rounds, and QEMU's samples once a second. */
function copyTrace(events: Parameters<typeof eventsOf>[0]): string {
  const rounds = eventsOf(events, 'round-completed').map(
    (e) => `round ${e.event.round.round}: ${(e.event.round.sentBytes / MiB).toFixed(1)} MiB`,
  );
  const samples = eventsOf(events, 'progress')
    .filter((_, i) => i % 10 === 0)
    .map(
      (e) =>
        `${e.event.measured?.status} sent ${(e.event.transferredBytes / MiB).toFixed(1)} MiB at ${(e.event.bandwidthBytesPerSecond / MiB).toFixed(1)} MiB/s, dirty ${e.event.measured?.dirtyPagesPerSecond} p/s, syncs ${e.event.measured?.dirtySyncCount}`,
    );
  return [...rounds, ...samples].join('\n');
}

/** The VM's guest stayed on `host`: QEMU's copy cancelled, the guest running there. */
async function expectKeptOnSource(qemu: QemuExecutor, host: string) {
  const guest = qemu.guestOf('acme-web-web-01')!;
  expect(guest.hostId).toBe(host);
  await expect
    .poll(() => guest.handle.qmp.queryMigrate().then((i) => i.status), { timeout: 60_000 })
    .toBe('cancelled');
  expect(await guest.handle.qmp.queryStatus()).toEqual({ running: true, status: 'running' });
  return guest;
}

/** The VM's guest runs on `host` now. */
async function expectRunningOn(qemu: QemuExecutor, host: string) {
  const guest = qemu.guestOf('acme-web-web-01')!;
  expect(guest.hostId).toBe(host);
  expect(await guest.handle.qmp.queryStatus()).toEqual({ running: true, status: 'running' });
  return guest;
}

/** QEMU's own figures, from the progress events that carry them. */
const measuredOf = (events: Parameters<typeof eventsOf>[0]) =>
  eventsOf(events, 'progress').flatMap((e) => (e.event.measured ? [e.event.measured] : []));

describe.each([PGLITE!])('the QEMU executor on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it(
    'migrates the VM’s guest for real over a WAN path: QEMU’s figures stream as progress, the stream crosses two namespaces shaped to the path, the target runs the guest after',
    async () => {
      const wanPaths: string[] = [];
      const make = netnsWanPath(
        async (id) => (await createEstateRepo(db().kysely).get(id))?.estate,
      );
      const qemu = qemuExecutor(async (spec) => {
        const path = await make(spec);
        wanPaths.push(path.targetNs);
        return path;
      });
      const h = await start({ tickMs: 100 }, new ExecutorRegistry([simulatedExecutor, qemu]));
      try {
        const plan = await acceptDemoMove(h);
        const { migrations } = await h
          .as('operator')
          .migrations.execute({ planId: plan.id, executor: 'qemu' });
        const run = await waitForEnd(h, migrations[0]!.id, TEST_TIMEOUT_MS - 30_000);
        expect(run.state.status, JSON.stringify(run.state.outcome)).toBe('succeeded');

        const measured = measuredOf(run.events);
        expect(measured.length).toBeGreaterThan(0);
        const last = measured.at(-1)!;
        expect(last.status).toBe('completed');
        // Every page of a 128 MiB guest went across once at least, as a zero marker or whole.
        expect(last.zeroPages + last.normalPages).toBeGreaterThanOrEqual((128 * 2 ** 20) / 4096);
        expect(last.dirtySyncCount).toBeGreaterThanOrEqual(3);
        // The switchover reports the downtime QEMU measured, not the model's.
        const [switched] = eventsOf(run.events, 'switched-over');
        expect(switched!.event.downtimeMs).toBe(last.downtimeMs);

        const guest = await expectRunningOn(qemu, plan.report.placements[0]!.toHost);
        // The destination listened only on its end of the link: the stream could come no other way.
        expect(wanPaths).toHaveLength(1);
        expect(await namespaceOf(guest.handle.pid)).toBe(wanPaths[0]);
        // The destination never booted: its heartbeats are the migrated guest's, none with a lost write.
        const beats = await guest.handle.waitForSerial(
          (s) => (parseHeartbeats(s).length > 0 ? parseHeartbeats(s) : undefined),
          BOOT_TIMEOUT_MS,
        );
        expect(beats[0]!.counter).toBeGreaterThan(0);
        expect(beats.every((b) => b.wrongPages === 0)).toBe(true);
      } finally {
        await qemu.close();
      }
      // The namespaces went with the run.
      const { stdout } = await run('ip', ['netns', 'list']);
      expect(stdout).not.toContain(wanPaths[0]!);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an abort during the copy cancels it in QEMU: the guest runs on in its source',
    async () => {
      const qemu = qemuExecutor();
      const h = await start({ tickMs: 100 }, new ExecutorRegistry([simulatedExecutor, qemu]));
      try {
        const plan = await acceptDemoMove(h);
        const op = h.as('operator');
        // Every link at a thousandth of itself: the copy cannot finish before the abort.
        await op.faults.inject({
          estateId: 'demo',
          fault: { kind: 'bandwidth-collapse', factor: 0.0001 },
        });
        const { migrations } = await op.migrations.execute({ planId: plan.id, executor: 'qemu' });
        const id = migrations[0]!.id;
        await expect
          .poll(
            async () => {
              const { events } = await h.as('viewer').migrations.get({ id });
              return eventsOf(events, 'progress').some(
                (e) => e.event.measured?.status === 'active',
              );
            },
            { timeout: TEST_TIMEOUT_MS - 60_000, interval: 200 },
          )
          .toBe(true);
        await op.migrations.abort({ id });
        const run = await waitForEnd(h, id, 60_000);
        expect(run.state.status).toBe('rolled-back');
        expect(run.events.at(-1)!.event).toMatchObject({ type: 'rolled-back', code: 'aborted' });

        await expectKeptOnSource(qemu, plan.report.placements[0]!.fromHost);
      } finally {
        await qemu.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a copy that cannot converge, with neither auto-converge nor post-copy allowed, rolls back: QEMU cancels, the source runs on',
    async () => {
      const qemu = qemuExecutor();
      const h = await start({ tickMs: 100 }, new ExecutorRegistry([simulatedExecutor, qemu]));
      try {
        const { plan, id } = await runHotGuest(h, 'none');
        const run = await waitForEnd(h, id, TEST_TIMEOUT_MS - 60_000);
        expect(run.state.status, copyTrace(run.events)).toBe('rolled-back');
        expect(run.events.at(-1)!.event).toMatchObject({
          type: 'rolled-back',
          code: 'non-convergent',
        });
        expect(eventsOf(run.events, 'switched-over')).toHaveLength(0);
        // It gave up once a round sent as much as the one before: the first round (the
        // whole guest) is larger, so at least rounds 0, 1 and 2 were seen, none throttled.
        const rounds = eventsOf(run.events, 'round-completed').map((e) => e.event.round);
        expect(rounds.length).toBeGreaterThanOrEqual(3);
        expect(rounds.every((r) => r.throttle === 0)).toBe(true);

        const guest = await expectKeptOnSource(qemu, plan.report.placements[0]!.fromHost);
        // It goes on dirtying its memory on the source, every write where it left it.
        const before = parseHeartbeats(await guest.handle.readSerial()).length;
        const beats = await guest.handle.waitForSerial((s) => {
          const all = parseHeartbeats(s);
          return all.length > before ? all : undefined;
        }, BOOT_TIMEOUT_MS);
        expect(beats.every((b) => b.wrongPages === 0)).toBe(true);
      } finally {
        await qemu.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'post-copy, when the plan asks for it: the guest switches over while its working set is still dirty, and arrives whole',
    async () => {
      const qemu = qemuExecutor();
      const h = await start({ tickMs: 100 }, new ExecutorRegistry([simulatedExecutor, qemu]));
      try {
        const { plan, id } = await runHotGuest(h, 'post-copy');
        const run = await waitForEnd(h, id, TEST_TIMEOUT_MS - 60_000);
        expect(run.state.status, copyTrace(run.events)).toBe('succeeded');
        const measured = measuredOf(run.events);
        // QEMU lifts the rate limit once post-copy starts (max-postcopy-bandwidth 0), so
        // postcopy-active may last less than a tick; the bytes it sent in it are counted.
        expect(measured.at(-1)!.status).toBe('completed');
        expect(measured.at(-1)!.postcopyBytes, copyTrace(run.events)).toBeGreaterThan(0);
        expect(
          eventsOf(run.events, 'round-completed').every((e) => e.event.round.throttle === 0),
        ).toBe(true);

        const guest = await expectRunningOn(qemu, plan.report.placements[0]!.toHost);
        // Pages the destination pulled on demand hold what the guest wrote last.
        const beats = await guest.handle.waitForSerial(
          (s) => (parseHeartbeats(s).length > 1 ? parseHeartbeats(s) : undefined),
          BOOT_TIMEOUT_MS,
        );
        expect(beats.every((b) => b.wrongPages === 0)).toBe(true);
      } finally {
        await qemu.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
