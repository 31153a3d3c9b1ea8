/**
 * The data-plane check (docs/execution-ops.md, "Data plane check"): a real
 * migration of a QEMU guest across a data plane built from the estate, with
 * a peer pinging the guest before, during and after it, measured against
 * what the impact preview claimed. Needs root, iproute2, iputils ping and QEMU.
 *
 * The hosts are network namespaces (fabric.ts) whose VXLAN FDBs are written
 * from the engine's VTEP tables. QemuExecutor carries the move out as it
 * would for the server, through its public options: the source's and the
 * destination's QEMU run in their hosts' namespaces on a tap bridged into
 * the VNI, and the migration stream crosses the hosts' underlay.
 *
 * At the switchover the FDBs are repointed as EVPN would: the destination
 * VTEP learns the guest's MAC from its announcement (QEMU's RARP and the
 * guest's GARP; `bridge monitor` here, netlink for FRR's zebra), and the other
 * VTEPs install the new route after the BGP propagation the preview assumes.
 * Waiting for the real announcement, rather than a timer, is what makes the
 * measured time to the first answer test the preview's announcement timing.
 */
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Estate, MigrationEvent, MigrationStatus } from '@vmmi/shared';
import { run } from '../netns/command.ts';
import type { ExecutorRun } from '../executor.ts';
import { QemuExecutor } from '../qemu/qemu-executor.ts';
import { launchQemu, type QemuHandle } from '../qemu/qemu-process.ts';
import { evpnPropagationMs, measure, verdictOf, type RunMarks } from './analyse.ts';
import { createFabric, type Fabric } from './fabric.ts';
import { startPinger } from './ping.ts';
import type { DataplaneCheckResult } from './result.ts';
import { GUEST_TAP, setupCheck, type CheckSetup } from './setup.ts';

export const DATAPLANE_CHECK_DEFAULTS = {
  /** Between two echo requests, ms. */
  intervalMs: 10,
  /** How long the peer must hear the guest before the copy starts, and listens after the run. */
  beforeMs: 2_000,
  afterMs: 2_000,
  /** The copy's bandwidth: a few seconds for a 128 MiB guest, so the pings cross a live copy. */
  maxBandwidthBytesPerSecond: 32 * 2 ** 20,
  guestMib: 128,
  bootTimeoutMs: 180_000,
  runTimeoutMs: 300_000,
  /**
   * The whole check, set-up to verdict: past it the check fails naming the step it was
   * at (a child or a QMP call that never answers must not hang whoever runs it).
   */
  deadlineMs: 540_000,
  /** How long each clean-up step (a child's exit, the guests, the namespaces) may take. */
  cleanupStepMs: 15_000,
  tickMs: 50,
};

export interface DataplaneCheckOptions extends Partial<typeof DATAPLANE_CHECK_DEFAULTS> {
  estate: Estate;
  vmId: string;
  toHost: string;
  /** Default: the first VM of the same network that the preview has a flow with. */
  peerVmId?: string;
  /** `stale-fdb`: never repoint the FDBs after the move, to see the check fail. */
  fault?: 'stale-fdb';
  /** Progress lines for a person watching. */
  log?: (line: string) => void;
}

export async function runDataplaneCheck(o: DataplaneCheckOptions): Promise<DataplaneCheckResult> {
  const opts = { ...DATAPLANE_CHECK_DEFAULTS, ...o };
  const setup = setupCheck(o.estate, o);
  const stops: (() => Promise<unknown>)[] = [];
  const step = { now: 'building the data plane' };
  const log = (line: string) => {
    step.now = line;
    o.log?.(line);
  };
  const expiry = new AbortController();
  const deadline = sleep(opts.deadlineMs, undefined, { signal: expiry.signal }).then(() => {
    throw new Error(
      `the data-plane check did not end within ${opts.deadlineMs} ms; its last step: ${step.now}`,
    );
  });
  deadline.catch(() => undefined);
  const fabricMade = createFabric(setup.fabric);
  fabricMade.catch(() => undefined);
  let expired = false;
  const work = fabricMade.then((fabric) =>
    // Past the deadline while the fabric was being made: nothing more is started on it.
    expired
      ? Promise.reject(new Error('past the deadline'))
      : checkOn(fabric, setup, { ...opts, log }, stops),
  );
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    expired = true;
    expiry.abort();
    for (const stop of stops.reverse()) await bounded(stop(), opts.cleanupStepMs);
    // A fabric still in the making at the deadline is waited for, so that it is removed too.
    const fabric = await Promise.race([
      fabricMade.catch(() => null),
      sleep(opts.cleanupStepMs).then(() => null),
    ]);
    if (fabric) await bounded(fabric.destroy(), opts.cleanupStepMs);
  }
}

/** Waits for a clean-up step at most `ms`; its failure is not the check's. */
async function bounded(step: Promise<unknown>, ms: number): Promise<void> {
  const expiry = new AbortController();
  await Promise.race([
    step.catch(() => undefined),
    sleep(ms, undefined, { signal: expiry.signal }).catch(() => undefined),
  ]);
  expiry.abort();
}

type Opts = typeof DATAPLANE_CHECK_DEFAULTS & DataplaneCheckOptions;

async function checkOn(
  fabric: Fabric,
  setup: CheckSetup,
  opts: Opts,
  stops: (() => Promise<unknown>)[],
): Promise<DataplaneCheckResult> {
  const { vm, peer, prediction } = setup;
  const startedMs = Date.now();
  const events: { atMs: number; what: string }[] = [];
  const note = (what: string, at = Date.now()) => {
    events.push({ atMs: at, what });
    opts.log?.(what);
  };
  for (const host of setup.fabric.hosts)
    await (
      await fabric.prepare(host.id, setup.initialBatches.get(host.id)!)
    )();
  const peerNs = fabric.vmNamespace(peer.id);
  // The peer knows the guest's MAC for good: the measurement is of the FDB, not of ARP.
  const neighbour = [vm.ipv4!, 'lladdr', vm.mac, 'dev', 'eth0', 'nud', 'permanent'];
  await run('ip', ['-n', peerNs, 'neigh', 'replace', ...neighbour]);

  const toNs = fabric.hostNamespace(setup.toHost);
  const monitor = fabric.spawnIn(toNs, 'bridge', ['-timestamp', 'monitor', 'fdb']);
  const watch = watchLearning(monitor, vm.mac);
  stops.push(watch.stop);
  const pinger = startPinger(
    (command, args) => fabric.spawnIn(peerNs, command, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    vm.ipv4!,
    opts.intervalMs,
  );
  stops.push(() => pinger.stop());
  note(`${peer.id} pings ${vm.ipv4} every ${opts.intervalMs} ms`);

  const marks: Omit<RunMarks, 'runStatus' | 'copyStartMs' | 'runEndedMs' | 'endMs'> = {
    beforeMs: opts.beforeMs,
    pausedMs: null,
    resumedMs: null,
    switchedOverMs: null,
    qemuDowntimeMs: null,
    announcedMs: null,
    fdbProgrammedMs: null,
    peerOnDestination: peer.hostId === setup.toHost,
  };
  // Written now, so the switchover costs only the `bridge` runs.
  const changes = await Promise.all(
    setup.fabric.hosts.map((h) => fabric.prepare(h.id, setup.changeBatches.get(h.id)!)),
  );
  const repointed = watch.seen.then(async (at) => {
    if (at === null) return;
    marks.announcedMs = at;
    note(`the destination VTEP learnt ${vm.mac} from the guest's announcement`, at);
    if (opts.fault === 'stale-fdb') return note('FDBs left as they were (fault stale-fdb)');
    // Counted from the learning itself, however late this process heard of it.
    await sleep(Math.max(0, at + evpnPropagationMs(prediction) - Date.now()));
    await Promise.all(changes.map((apply) => apply()));
    marks.fdbProgrammedMs = Date.now();
    note('every VTEP repointed its FDB entry (the EVPN type-2 route installed)');
  });

  const executor = new QemuExecutor({
    maxGuestMib: opts.guestMib,
    minGuestMib: opts.guestMib,
    bootTimeoutMs: opts.bootTimeoutMs,
    launch: async (launch) => {
      const handle = await launchQemu({
        startTimeoutMs: opts.bootTimeoutMs,
        ...launch,
        workload: { ...launch.workload, ip: setup.guestCidr },
        nic: { mac: vm.mac, tap: GUEST_TAP },
      });
      watchQmp(handle, launch.incoming === true, marks, note);
      // The copy starts once launch returns: hold it until the peer has heard the guest a while.
      if (!launch.incoming) await heardBefore(pinger, opts, note);
      return handle;
    },
    // The hosts' namespaces stand in for a WAN path: the stream crosses the underlay to the destination.
    wanPath: () =>
      Promise.resolve({
        sourceNs: fabric.hostNamespace(setup.fromHost),
        targetNs: toNs,
        targetAddr: setup.toHostIp,
        destroy: () => Promise.resolve(),
      }),
  });
  stops.push(() => executor.close());

  const bandwidth = Math.min(
    opts.maxBandwidthBytesPerSecond,
    ...setup.spec.path.map((l) => l.freeBytesPerSecond),
  );
  let copyStartMs: number | null = null;
  const runStatus = await drive(
    executor.start(setup.spec),
    bandwidth,
    opts,
    (event) => {
      if (event.type === 'step-started' && event.kind === 'pre-copy') {
        copyStartMs = Date.now();
        note('the copy started');
      } else if (event.type === 'switched-over') {
        marks.switchedOverMs = Date.now();
        marks.qemuDowntimeMs = event.downtimeMs;
        note(`the executor reports the switchover (QEMU's downtime ${event.downtimeMs} ms)`);
      }
    },
    note,
  );
  const runEndedMs = Date.now();
  note(`the run ended ${runStatus}`);
  await sleep(opts.afterMs);
  const endMs = Date.now();
  const probes = await pinger.stop();
  await watch.stop();
  await repointed;

  const measured = measure(probes, {
    ...marks,
    runStatus,
    copyStartMs: copyStartMs ?? runEndedMs,
    runEndedMs,
    endMs,
  });
  const origin = probes[0]?.sentMs ?? startedMs;
  return {
    estateId: opts.estate.id,
    vmId: vm.id,
    peerVmId: peer.id,
    fromHost: setup.fromHost,
    toHost: setup.toHost,
    vni: setup.vni,
    guestIp: vm.ipv4!,
    peerIp: peer.ipv4!,
    intervalMs: opts.intervalMs,
    fdbReprogrammed: marks.fdbProgrammedMs !== null,
    predicted: prediction,
    measured,
    events: events
      .sort((a, b) => a.atMs - b.atMs)
      .map((e) => ({ atMs: Math.round(e.atMs - origin), what: e.what })),
    verdict: verdictOf(prediction, measured),
  };
}

/** Waits for the guest's first answer, then lets the peer hear it for the "before" window. */
async function heardBefore(
  pinger: ReturnType<typeof startPinger>,
  opts: Opts,
  note: (what: string) => void,
): Promise<void> {
  const first = await pinger.waitForAnswer(0, opts.bootTimeoutMs);
  if (first === null) return note('the guest never answered before the copy');
  note('the guest answers at its source');
  await sleep(opts.beforeMs);
}

/** QEMU's own times: the source's STOP starts the downtime, the destination's RESUME ends it. */
function watchQmp(
  handle: QemuHandle,
  incoming: boolean,
  marks: { pausedMs: number | null; resumedMs: number | null },
  note: (what: string, at: number) => void,
): void {
  handle.qmp.onEvent((e) => {
    const at = e.timestamp.seconds * 1000 + e.timestamp.microseconds / 1000;
    if (!incoming && e.event === 'STOP' && marks.pausedMs === null) {
      marks.pausedMs = at;
      note('QEMU paused the guest at the source (STOP)', at);
    } else if (incoming && e.event === 'RESUME' && marks.resumedMs === null) {
      marks.resumedMs = at;
      note('QEMU resumed the guest at the destination (RESUME): the switchover', at);
    }
  });
}

/** Ticks the run as the supervisor would, on the wall clock, until it ends; its final status. */
async function drive(
  execRun: ExecutorRun,
  bandwidthBytesPerSecond: number,
  opts: Opts,
  onEvent: (event: MigrationEvent) => void,
  onEnd: (why: string) => void,
): Promise<MigrationStatus | 'timed-out'> {
  const deadline = Date.now() + opts.runTimeoutMs;
  let last = Date.now();
  let switchedOver = false;
  for (;;) {
    await sleep(opts.tickMs);
    const now = Date.now();
    const { events, result } = await execRun.advance({
      dtMs: now - last,
      bandwidthBytesPerSecond,
      stuck: false,
    });
    last = now;
    for (const { event } of events) {
      if (event.type === 'switched-over') switchedOver = true;
      onEvent(event);
    }
    if (result.kind === 'succeeded') {
      await execRun.end?.('succeeded');
      return 'succeeded';
    }
    if (result.kind === 'cannot-finish')
      onEnd(`the run cannot finish: ${result.outcome.code}: ${result.outcome.message}`);
    const over = result.kind === 'cannot-finish' || Date.now() > deadline;
    if (over) {
      // As the supervisor: before switchover the source keeps the VM, after it the run failed.
      const status: MigrationStatus = switchedOver ? 'failed' : 'rolled-back';
      await execRun.end?.(status);
      return result.kind === 'cannot-finish' ? status : 'timed-out';
    }
  }
}

/**
 * The moment a host's bridge learns `mac` on the guest's tap, from `bridge
 * -timestamp monitor fdb`: the time `bridge` read the netlink message, which a
 * busy Node event loop would otherwise add to.
 */
function watchLearning(
  monitor: ChildProcess,
  mac: string,
): { seen: Promise<number | null>; stop: () => Promise<void> } {
  const wanted = mac.toLowerCase();
  const exited = new Promise<void>((resolve) => monitor.once('close', () => resolve()));
  const seen = new Promise<number | null>((resolve) => {
    const lines = readline.createInterface({ input: monitor.stdout! });
    let stamp: number | null = null;
    lines.on('line', (line) => {
      const ts = /^Timestamp: (.+) (\d+) usec$/.exec(line);
      if (ts) {
        // ctime()'s local time to the second, then the microseconds.
        const seconds = Date.parse(ts[1]!);
        stamp = Number.isNaN(seconds) ? null : seconds + Number(ts[2]) / 1000;
        return;
      }
      const [lladdr, dev, port] = line.trim().toLowerCase().split(/\s+/);
      if (lladdr === wanted && dev === 'dev' && port === GUEST_TAP) resolve(stamp ?? Date.now());
    });
    void exited.then(() => resolve(null));
  });
  return {
    seen,
    async stop() {
      if (monitor.exitCode === null && monitor.signalCode === null) monitor.kill();
      await exited;
    },
  };
}
