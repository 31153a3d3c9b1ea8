/**
 * What QEMU reports for live migrations of the test guest under TCG: the
 * guest's boot time to its first heartbeat, and for each dirty rate × bandwidth
 * cap the figures of `query-migrate` at completion. Figures, not tests: run it
 * on a quiet machine (`pnpm exec tsx server/bench/qemu-migrate-probe.ts`).
 *
 *   --mem 256         guest RAM, MiB
 *   --wss 64          working set, MiB
 *   --fill 1          share of the working set filled with non-zero data
 *   --dirty 0,2000,20000   pages dirtied per second, one guest each
 *   --caps 32,128     max-bandwidth, MiB/s: the guest is migrated once per cap,
 *                     each time on from the destination of the one before
 *   --auto-converge   throttle the guest when a pass does not shrink what is left
 *   --give-up 180     seconds before a migration that does not converge is cancelled
 *   --trace           print every change of dirty-sync-count as it happens
 */
import { parseArgs } from 'node:util';
import { ensureGuest, parseHeartbeats } from '../src/execution/qemu/guest.ts';
import {
  listenForMigration,
  migrationCompleted,
  waitForMigration,
} from '../src/execution/qemu/migration.ts';
import {
  launchQemu,
  type QemuHandle,
  type QemuMachine,
} from '../src/execution/qemu/qemu-process.ts';
import type { MigrationInfo } from '../src/execution/qemu/qmp.ts';

const MiB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    mem: { type: 'string', default: '256' },
    wss: { type: 'string', default: '64' },
    fill: { type: 'string', default: '1' },
    dirty: { type: 'string', default: '0,2000,20000' },
    caps: { type: 'string', default: '32,128' },
    'auto-converge': { type: 'boolean', default: false },
    'give-up': { type: 'string', default: '180' },
    trace: { type: 'boolean', default: false },
  },
});
const numbers = (s: string) => s.split(',').map(Number);
const memoryMib = Number(values.mem);
const wssMib = Number(values.wss);
const fill = Number(values.fill);
const giveUpMs = Number(values['give-up']) * 1000;

const mib = (bytes = 0) => (bytes / MiB).toFixed(1);
const live = new Set<QemuHandle>();

async function launch(machine: QemuMachine, incoming: boolean): Promise<QemuHandle> {
  const handle = await launchQemu({ ...machine, incoming, startTimeoutMs: 120_000 });
  live.add(handle);
  return handle;
}

async function migrate(source: QemuHandle, machine: QemuMachine, capMib: number) {
  const destination = await launch(machine, true);
  const uri = await listenForMigration(destination.qmp);
  if (source.exited) {
    const exit = JSON.stringify(await source.waitExit());
    const serial = (await source.readSerial()).slice(-3000);
    throw new Error(`QEMU exited (${exit}): ${source.stderr()}\nserial log ends with:\n${serial}`);
  }
  await source.qmp.migrateSetCapabilities({
    events: true,
    'auto-converge': values['auto-converge'],
  });
  await source.qmp.migrateSetParameters({ 'max-bandwidth': capMib * MiB });
  const passes: number[] = [];
  const off = source.qmp.onEvent((e) => {
    if (e.event === 'MIGRATION_PASS') passes.push(Number(e.data.pass));
  });
  let lastSync = 0;
  let maxThrottle = 0;
  const trace = (info: MigrationInfo) => {
    maxThrottle = Math.max(maxThrottle, info['cpu-throttle-percentage'] ?? 0);
    const sync = info.ram?.['dirty-sync-count'] ?? 0;
    if (values.trace && sync !== lastSync) {
      console.log(
        `    sync ${sync} at ${info['total-time']} ms: ${info.status}, transferred ${mib(info.ram?.transferred)} MiB, remaining ${mib(info.ram?.remaining)} MiB, dirty rate ${info.ram?.['dirty-pages-rate']} pages/s`,
      );
    }
    lastSync = sync;
  };
  await source.qmp.migrate(uri);
  let done: MigrationInfo;
  try {
    done = await waitForMigration(source.qmp, migrationCompleted, {
      timeoutMs: giveUpMs,
      intervalMs: 50,
      onSample: trace,
    });
  } catch (err) {
    const last = await source.qmp.queryMigrate();
    await source.qmp.migrateCancel();
    await destination.close();
    live.delete(destination);
    off();
    console.log(
      `  cap ${capMib} MiB/s: no completion (${(err as Error).message}); at the end: transferred ${mib(last.ram?.transferred)} MiB, remaining ${mib(last.ram?.remaining)} MiB, dirty-sync-count ${last.ram?.['dirty-sync-count']}, expected-downtime ${last['expected-downtime']} ms, throttle ${maxThrottle}%`,
    );
    return source;
  }
  off();
  const ram = done.ram!;
  const downtime = done.downtime ?? 0;
  const precopyMs = (done['total-time'] ?? 0) - downtime - (done['setup-time'] ?? 0);
  console.log(
    [
      `  cap ${capMib} MiB/s: total-time ${done['total-time']} ms, downtime ${downtime} ms, setup ${done['setup-time']} ms`,
      `transferred ${mib(ram.transferred)} MiB (precopy ${mib(ram['precopy-bytes'])}, in downtime ${mib(ram['downtime-bytes'])})`,
      `duplicate ${ram.duplicate} pages (${mib(ram.duplicate * 4096)} MiB), normal ${ram.normal} pages (${mib(ram['normal-bytes'])} MiB)`,
      `dirty-sync-count ${ram['dirty-sync-count']}, MIGRATION_PASS ${passes.join(',')}`,
      `pre-copy at ${mib((ram['precopy-bytes'] / Math.max(precopyMs, 1)) * 1000)} MiB/s, stop-and-copy at ${downtime > 0 ? mib((ram['downtime-bytes'] / downtime) * 1000) : '∞'} MiB/s`,
      `max throttle ${maxThrottle}%`,
    ].join('\n    '),
  );
  await source.close();
  live.delete(source);
  return destination;
}

async function main() {
  const guest = await ensureGuest();
  console.log(
    `guest ${memoryMib} MiB, working set ${wssMib} MiB (fill ${fill}), auto-converge ${values['auto-converge'] ? 'on' : 'off'}; QEMU under TCG`,
  );
  for (const dirty of numbers(values.dirty)) {
    const machine: QemuMachine = {
      guest,
      memoryMib,
      workload: { wssMib, dirtyPagesPerSecond: dirty, fill },
    };
    const started = Date.now();
    let current = await launch(machine, false);
    await current.waitForSerial((s) => parseHeartbeats(s)[0], 300_000);
    console.log(`dirty ${dirty} pages/s: first heartbeat ${Date.now() - started} ms after launch`);
    for (const cap of numbers(values.caps)) current = await migrate(current, machine, cap);
    const beats = await current.waitForSerial((s) => {
      const all = parseHeartbeats(s);
      return all.length >= 2 ? all : undefined;
    }, 60_000);
    const [prev, last] = beats.slice(-2);
    if (prev && last) {
      console.log(
        `  the guest dirtied ${last.pagesDirtied - prev.pagesDirtied} pages in its last second; ${last.wrongPages} pages lost a write`,
      );
    }
    await current.close();
    live.delete(current);
  }
}

try {
  await main();
} finally {
  await Promise.all([...live].map((h) => h.close()));
}
