/**
 * A real live migration of a small TCG guest between two QEMU processes on
 * loopback, over QMP alone. Nothing here is timed: each step waits for QEMU's
 * recorded state (query-migrate, query-status, QMP events, the guest's serial
 * output). A cancelled copy is the QEMU executor's abort test
 * (qemu-executor.test.ts), which checks the same ending: QEMU reports
 * `cancelled` and the guest runs on in its source.
 */
import { describe, expect, it } from 'vitest';
import { parseHeartbeats } from '../../../src/execution/qemu/guest.ts';
import {
  listenForMigration,
  migrationCompleted,
  waitForMigration,
} from '../../../src/execution/qemu/migration.ts';
import type { QemuHandle } from '../../../src/execution/qemu/qemu-process.ts';
import type { QmpEvent } from '../../../src/execution/qemu/qmp.ts';
import { BOOT_TIMEOUT_MS, MIGRATION_TIMEOUT_MS, TEST_TIMEOUT_MS, useQemu } from './qemu-fixture.ts';

const MiB = 1024 * 1024;

function recordEvents(handle: QemuHandle): QmpEvent[] {
  const events: QmpEvent[] = [];
  handle.qmp.onEvent((e) => events.push(e));
  return events;
}

describe('QEMU live migration', () => {
  const qemu = useQemu();

  it(
    'moves a running guest over several passes: the destination runs it, its counter continues and no write is lost',
    async () => {
      const machine = await qemu.machine(128, { wssMib: 32, dirtyPagesPerSecond: 2000 });
      const source = await qemu.launch(machine);
      const destination = await qemu.launch({ ...machine, incoming: true });
      const sourceEvents = recordEvents(source);
      const destinationEvents = recordEvents(destination);
      // The working set is filled before the first heartbeat: migrate a guest that holds it.
      await source.waitForSerial((s) => parseHeartbeats(s)[0], BOOT_TIMEOUT_MS);

      const uri = await listenForMigration(destination.qmp);
      expect(uri).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
      await source.qmp.migrateSetCapabilities({ events: true });
      // Several passes, whatever the machine's load: a 1 ms downtime limit at 16 MiB/s
      // (16 KiB, four pages) is never met while the guest writes its heartbeat, so QEMU
      // keeps iterating until the limit is lifted. A guest starved of CPU by a loaded
      // machine dirties less, but never nothing. Several passes are where QEMU before 9.0
      // lost writes under TCG (see TCG_RAM_PAD_KIB: without it this guest arrives
      // corrupted every time).
      await source.qmp.migrateSetParameters({ 'max-bandwidth': 16 * MiB, 'downtime-limit': 1 });
      await source.qmp.migrate(uri);
      // One sync at setup, one at the end of each pass: four syncs are three passes.
      const iterating = await waitForMigration(
        source.qmp,
        (i) => i.status === 'active' && (i.ram?.['dirty-sync-count'] ?? 0) >= 4,
        { timeoutMs: MIGRATION_TIMEOUT_MS },
      );
      expect(iterating.ram?.remaining).toBeGreaterThan(0);
      await source.qmp.migrateSetParameters({ 'downtime-limit': 300 });
      const done = await waitForMigration(source.qmp, migrationCompleted, {
        timeoutMs: MIGRATION_TIMEOUT_MS,
      });

      expect(done.ram?.transferred).toBeGreaterThan(0);
      // Pages of the working set were sent whole, not as zero pages.
      expect(done.ram?.['normal-bytes']).toBeGreaterThanOrEqual(32 * MiB);
      // The three passes seen, and the stop-and-copy's own sync after them.
      expect(done.ram?.['dirty-sync-count']).toBeGreaterThanOrEqual(5);
      expect(done['total-time']).toBeGreaterThan(0);
      expect(done.downtime).toBeGreaterThanOrEqual(0);
      expect(await source.qmp.queryStatus()).toEqual({ running: false, status: 'postmigrate' });
      await waitFor(() => sourceEvents.some((e) => isMigration(e, 'completed')));
      expect(sourceEvents.map((e) => e.event)).toContain('STOP');
      expect(sourceEvents.filter((e) => e.event === 'MIGRATION').map((e) => e.data.status)).toEqual(
        ['setup', 'active', 'completed'],
      );

      // The destination starts the guest once it has loaded the last of the state.
      await waitFor(() => destinationEvents.some((e) => e.event === 'RESUME'));
      expect(await destination.qmp.queryStatus()).toEqual({ running: true, status: 'running' });

      // The source is stopped: its log is final. The destination never booted, so
      // every heartbeat in its log was printed by the migrated guest.
      const last = parseHeartbeats(await source.readSerial()).at(-1);
      expect(last).toBeDefined();
      const first = await destination.waitForSerial(
        (s) => parseHeartbeats(s)[0],
        MIGRATION_TIMEOUT_MS,
      );
      // One more, or two when the switchover cut a line in half.
      expect(first.counter - last!.counter).toBeGreaterThanOrEqual(1);
      expect(first.counter - last!.counter).toBeLessThanOrEqual(2);
      expect(first.pagesDirtied).toBeGreaterThanOrEqual(last!.pagesDirtied);
      // And it keeps running there, with every page it wrote before and after holding
      // what it wrote (a lost write would also likely crash the guest's kernel, ending QEMU).
      const later = await destination.waitForSerial((s) => {
        const beats = parseHeartbeats(s);
        return beats.length >= 3 ? beats : undefined;
      }, MIGRATION_TIMEOUT_MS);
      expect(later.filter((b) => b.wrongPages > 0)).toEqual([]);
      expect(parseHeartbeats(await source.readSerial()).filter((b) => b.wrongPages > 0)).toEqual(
        [],
      );
    },
    TEST_TIMEOUT_MS,
  );
});

function isMigration(event: QmpEvent, status: string): boolean {
  return event.event === 'MIGRATION' && event.data.status === status;
}

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + MIGRATION_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the awaited condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}
