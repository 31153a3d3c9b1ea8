/**
 * `pnpm bench:model`: model v2 of the pre-copy (shared/src/migration/precopy.ts)
 * against real QEMU migrations of the test guest under TCG on loopback. For
 * each point of the grid (model-grid.ts) it prints what the model predicts and
 * what QEMU reports in `query-migrate` (total-time, downtime, dirty-sync-count,
 * ram.transferred), then the mean and largest error of the total time and how
 * often the convergence verdict agrees. Not a test: run it on a quiet machine.
 *
 *   --quick          two guests, three migrations: a check that it runs
 *   --json FILE      write the recorded points (server/bench/model-points.json)
 *   --from FILE      no QEMU: print the model against points recorded earlier
 *   --give-up 60     seconds before a migration counts as not converging
 *
 * Each guest's non-zero share is an input the model needs and a planner would
 * take from the hypervisor; here it comes from an unthrottled migration of an
 * idle guest of the same memory and working set (`ram.normal`), never from the
 * migration being predicted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ensureGuest, parseHeartbeats, type GuestImage } from '../src/execution/qemu/guest.ts';
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
import { MODEL_GRID, QUICK_GRID, type GridGroup } from './model-grid.ts';
import {
  compare,
  markdownTable,
  PAGE_BYTES,
  recordingSchema,
  summarise,
  summaryLine,
  type MeasuredPoint,
  type Recording,
} from './model-points.ts';

const MiB = 2 ** 20;
/** An unthrottled migration: far above what loopback under TCG reaches. */
const UNTHROTTLED_MIB = 8192;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    from: { type: 'string' },
    'give-up': { type: 'string', default: '60' },
  },
});
const giveUpMs = Number(values['give-up']) * 1000;
const live = new Set<QemuHandle>();

async function launch(machine: QemuMachine, incoming: boolean): Promise<QemuHandle> {
  const handle = await launchQemu({ ...machine, incoming, startTimeoutMs: 120_000 });
  live.add(handle);
  return handle;
}

async function drop(handle: QemuHandle): Promise<void> {
  await handle.close();
  live.delete(handle);
}

async function boot(machine: QemuMachine): Promise<QemuHandle> {
  const source = await launch(machine, false);
  await source.waitForSerial((s) => parseHeartbeats(s)[1], 300_000);
  return source;
}

interface Migration {
  info: MigrationInfo;
  converged: boolean;
  syncs: MeasuredPoint['syncs'];
  destination: QemuHandle;
  source: QemuHandle;
  load: number;
}

/** Migrates `source` to a new destination at `capMib`; a copy still running after the give-up is cancelled. */
async function migrate(source: QemuHandle, machine: QemuMachine, capMib: number) {
  const destination = await launch(machine, true);
  const uri = await listenForMigration(destination.qmp);
  await source.qmp.migrateSetCapabilities({ events: true, 'auto-converge': false });
  await source.qmp.migrateSetParameters({
    'max-bandwidth': capMib * MiB,
    'downtime-limit': 300,
  });
  const syncs: MeasuredPoint['syncs'] = [];
  const onSample = (info: MigrationInfo) => {
    const count = info.ram?.['dirty-sync-count'] ?? 0;
    if (count !== (syncs.at(-1)?.count ?? 0)) {
      syncs.push({
        ms: info['total-time'] ?? 0,
        count,
        transferred: info.ram?.transferred ?? 0,
        remaining: info.ram?.remaining ?? 0,
      });
    }
  };
  const load = loadavg()[0]!;
  await source.qmp.migrate(uri);
  try {
    const info = await waitForMigration(source.qmp, migrationCompleted, {
      timeoutMs: giveUpMs,
      intervalMs: 20,
      onSample,
    });
    return { info, converged: true, syncs, destination, source, load } satisfies Migration;
  } catch (err) {
    let info = await source.qmp.queryMigrate();
    // QEMU 7.2 says completed a moment before it has its figures (migrationCompleted).
    for (let i = 0; i < 50 && info.status === 'completed' && !migrationCompleted(info); i++) {
      await new Promise((r) => setTimeout(r, 20));
      info = await source.qmp.queryMigrate();
    }
    if (migrationCompleted(info)) {
      return { info, converged: true, syncs, destination, source, load } satisfies Migration;
    }
    console.log(`  cap ${capMib} MiB/s: ${(err as Error).message}`);
    await source.qmp.migrateCancel();
    await drop(destination);
    return { info, converged: false, syncs, destination: source, source, load };
  }
}

/** Pages dirtied per second by the guest while `handle` ran it, from its heartbeats. */
async function achievedRate(handle: QemuHandle): Promise<number | null> {
  const beats = parseHeartbeats(await handle.readSerial());
  if (beats.length < 3) return null;
  const first = beats[0]!;
  const last = beats.at(-1)!;
  return (last.pagesDirtied - first.pagesDirtied) / (last.counter - first.counter);
}

type Calibration = Recording['calibrations'][number];

async function calibrate(guest: GuestImage, memoryMib: number, wssMib: number) {
  const machine: QemuMachine = {
    guest,
    memoryMib,
    workload: { wssMib, dirtyPagesPerSecond: 0, fill: 1 },
  };
  const source = await boot(machine);
  const m = await migrate(source, machine, UNTHROTTLED_MIB);
  await drop(m.destination);
  if (m.source !== m.destination) await drop(m.source);
  if (!m.converged) throw new Error(`the calibration of ${memoryMib}/${wssMib} did not complete`);
  const ram = m.info.ram!;
  const cal: Calibration = {
    memoryMib,
    wssMib,
    totalMs: m.info['total-time'] ?? 0,
    setupMs: m.info['setup-time'] ?? 0,
    downtimeMs: m.info.downtime ?? 0,
    transferredBytes: ram.transferred,
    downtimeBytes: ram['downtime-bytes'],
    normalPages: ram.normal,
    duplicatePages: ram.duplicate,
  };
  console.log(
    `calibration ${memoryMib} MiB, working set ${wssMib} MiB: non-zero ${(ram.normal * PAGE_BYTES) / MiB} MiB of ${(ram.total / MiB).toFixed(1)}, unthrottled ${cal.totalMs} ms (setup ${cal.setupMs}, downtime ${cal.downtimeMs})`,
  );
  return cal;
}

async function runGroup(guest: GuestImage, g: GridGroup, cal: Calibration) {
  const machine: QemuMachine = {
    guest,
    memoryMib: g.memoryMib,
    workload: { wssMib: g.wssMib, dirtyPagesPerSecond: g.dirtyPagesPerSecond, fill: 1 },
  };
  const points: MeasuredPoint[] = [];
  let current = await boot(machine);
  let hop = 0;
  try {
    for (const capMib of g.capsMib) {
      const m = await migrate(current, machine, capMib);
      const ram = m.info.ram!;
      const point: MeasuredPoint = {
        memoryMib: g.memoryMib,
        wssMib: g.wssMib,
        dirtyPagesPerSecond: g.dirtyPagesPerSecond,
        capMib,
        hop,
        ramTotalBytes: ram.total,
        nonZeroBytes: cal.normalPages * PAGE_BYTES,
        loadAverage: Number(m.load.toFixed(2)),
        converged: m.converged,
        totalMs: m.converged ? (m.info['total-time'] ?? 0) : giveUpMs,
        downtimeMs: m.info.downtime ?? 0,
        setupMs: m.info['setup-time'] ?? 0,
        transferredBytes: ram.transferred,
        precopyBytes: ram['precopy-bytes'],
        downtimeBytes: ram['downtime-bytes'],
        normalPages: ram.normal,
        duplicatePages: ram.duplicate,
        dirtySyncCount: ram['dirty-sync-count'],
        achievedDirtyPagesPerSecond: await achievedRate(m.source),
        syncs: m.syncs,
      };
      points.push(point);
      const [row] = compare([point]);
      console.log(markdownTable([row!]).split('\n')[2]);
      if (m.source !== m.destination) {
        await drop(m.source);
        hop += 1;
      }
      current = m.destination;
    }
  } finally {
    await drop(current);
  }
  return points;
}

/**
 * TCG guests, the sender and the receiver share the host's cores: a point run while other
 * work holds them measures the contention too (one near-threshold point went from 1.4 s to
 * 2.4 s at load 2.2 on two cores), so the run waits for the host to quieten and says which
 * points started on a busy one.
 */
const busyLoad = 0.75 * cpus().length;

async function waitForQuietHost(maxMs = 300_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (loadavg()[0]! >= busyLoad && Date.now() < until) {
    console.log(
      `waiting for the host's load (${loadavg()[0]!.toFixed(2)}) to fall under ${busyLoad}`,
    );
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

function busyPointsLine(points: MeasuredPoint[]): string | null {
  const busy = points.filter((p) => p.loadAverage >= busyLoad);
  if (busy.length === 0) return null;
  const which = busy.map((p) => `${p.memoryMib}/${p.wssMib}/${p.dirtyPagesPerSecond}/${p.capMib}`);
  return `${busy.length} point(s) started at a load of ${busyLoad} or more, their figures include the host's contention: ${which.join(', ')}`;
}

async function record(grid: GridGroup[]): Promise<Recording> {
  const guest = await ensureGuest();
  await waitForQuietHost();
  const calibrations: Calibration[] = [];
  const points: MeasuredPoint[] = [];
  const pairs = [...new Set(grid.map((g) => `${g.memoryMib}/${g.wssMib}`))];
  for (const pair of pairs) {
    const [memoryMib, wssMib] = pair.split('/').map(Number) as [number, number];
    // A calibration that fails (a migration QEMU reports failed under load) is tried once more.
    calibrations.push(
      await calibrate(guest, memoryMib, wssMib).catch(() => calibrate(guest, memoryMib, wssMib)),
    );
  }
  console.log(markdownTable([]));
  for (const g of grid) {
    const cal = calibrations.find((c) => c.memoryMib === g.memoryMib && c.wssMib === g.wssMib)!;
    points.push(...(await runGroup(guest, g, cal)));
  }
  return {
    command: `pnpm bench:model${values.quick ? ' --quick' : ''}`,
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    qemu: 'qemu-system-x86_64 under TCG, loopback',
    calibrations,
    points,
  };
}

async function main() {
  const recording = values.from
    ? recordingSchema.parse(JSON.parse(readFileSync(values.from, 'utf8')))
    : await record(values.quick ? QUICK_GRID : MODEL_GRID);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(recording, null, 2)}\n`);
  const rows = compare(recording.points);
  console.log(`\n${recording.date}, ${recording.machine}, ${recording.qemu}\n`);
  console.log(markdownTable(rows));
  console.log(`\n${summaryLine(summarise(rows))}`);
  const busy = busyPointsLine(recording.points);
  if (busy) console.log(busy);
}

try {
  await main();
} finally {
  await Promise.all([...live].map((h) => h.close()));
}
