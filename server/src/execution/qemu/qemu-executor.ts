/**
 * The QEMU executor: carries a plan's migration out on real
 * `qemu-system-x86_64` processes (TCG), the VM stood in for by the test guest
 * (guest.ts) sized down to what this machine runs. Time is the wall clock's:
 * the supervisor asks once a tick what happened, and the run answers from
 * QEMU's own figures (`query-migrate`), as the same events the simulated
 * executor emits. DESIGN.md, "Execution"; R13, R14, R19; docs/execution-ops.md.
 *
 * A VM's guest lives on in the executor after its move (the destination is
 * the VM's guest from then on), so a second move of the same VM migrates the
 * guest that the first one left running.
 */
import {
  completeStep,
  enterStep,
  initialSimState,
  needsPathShare,
  SIMULATION_DEFAULTS,
  succeededEvent,
  simStateFor,
  type MigrationEvent,
  type MigrationSpec,
  type MigrationStatus,
  type PlanStep,
  type SimResult,
  type SimState,
  type SimTick,
  type TimedEvent,
} from '@vmmi/shared';
import type { Executor, ExecutorAdvance, ExecutorRun } from '../executor.ts';
import { ensureGuest, type GuestImage, type GuestWorkload } from './guest.ts';
import { listenForMigration } from './migration.ts';
import { launchQemu, type QemuHandle, type QemuMachine } from './qemu-process.ts';
import { FINAL_MIGRATION_STATUSES, type MigrationInfo } from './qmp.ts';

const MiB = 2 ** 20;
const PAGE = 4096;

export interface QemuExecutorOptions {
  /** The largest guest RAM, MiB: a VM's memory is scaled down to it (TCG on a few cores). */
  maxGuestMib: number;
  /** The smallest guest RAM, MiB: the Debian kernel and initramfs need room. */
  minGuestMib: number;
  /** How long a guest may take to boot to its first heartbeat. */
  bootTimeoutMs: number;
  /**
   * Rounds (dirty-bitmap syncs) after which a copy that still does not fit the
   * downtime limit is called non-convergent, as the simulator does.
   */
  maxRounds: number;
  /** The guest image; built once (guest.ts). */
  guest: () => Promise<GuestImage>;
  /** Starts one QEMU process (tests swap this). */
  launch: typeof launchQemu;
  /**
   * The network the migration stream crosses: none (loopback), or a WAN path
   * made for the run (netns/wan-path.ts: two namespaces shaped to the path's
   * latency and bandwidth).
   */
  wanPath?: (spec: MigrationSpec) => Promise<WanPath>;
}

/** Two network namespaces joined as the run's path; the source's QEMU in one, the destination's in the other. */
export interface WanPath {
  sourceNs: string;
  targetNs: string;
  /** The target's address, where its QEMU listens for the stream. */
  targetAddr: string;
  /** Deletes the namespaces and every process left in them. */
  destroy(): Promise<void>;
}

export const QEMU_EXECUTOR_DEFAULTS: QemuExecutorOptions = {
  maxGuestMib: 256,
  minGuestMib: 128,
  bootTimeoutMs: 120_000,
  maxRounds: SIMULATION_DEFAULTS.maxRounds,
  guest: ensureGuest,
  launch: launchQemu,
};

/** The guest that stands in for a VM: its RAM, and a workload dirtying at the VM's rate, scaled alike. */
export function guestMachineFor(
  spec: MigrationSpec,
  opts: Pick<QemuExecutorOptions, 'maxGuestMib' | 'minGuestMib'>,
  guest: GuestImage,
): QemuMachine {
  const vmMib = spec.memoryBytes / MiB;
  const memoryMib = Math.round(Math.min(opts.maxGuestMib, Math.max(opts.minGuestMib, vmMib)));
  const scale = memoryMib / Math.max(1, vmMib);
  // A quarter of the RAM is the working set the guest keeps dirtying: the kernel and the
  // initramfs (unpacked into RAM) need most of the rest.
  const workload: GuestWorkload = {
    wssMib: Math.max(1, Math.floor(memoryMib / 4)),
    dirtyPagesPerSecond: Math.round((spec.dirtyBytesPerSecond * scale) / PAGE),
  };
  return { guest, workload, memoryMib };
}

/** A VM's guest process and the host it stands on (and the WAN path its namespace belongs to). */
interface Placed {
  handle: QemuHandle;
  hostId: string;
  wan?: WanPath;
}

export class QemuExecutor implements Executor {
  readonly name = 'qemu';
  readonly description =
    'Live-migrates a real QEMU guest (TCG) standing in for the VM, over QMP, with the plan’s bandwidth and downtime limit';
  private readonly guests = new Map<string, Placed>();
  private readonly opts: QemuExecutorOptions;

  constructor(opts: Partial<QemuExecutorOptions> = {}) {
    this.opts = { ...QEMU_EXECUTOR_DEFAULTS, ...opts };
  }

  start(spec: MigrationSpec, resumeFrom?: Parameters<Executor['start']>[1]): ExecutorRun {
    return new QemuRun(
      spec,
      resumeFrom ? simStateFor(resumeFrom) : initialSimState(spec),
      this.opts,
      this.guests,
    );
  }

  /** Where the VM's guest runs now, if the executor holds one. */
  guestOf(vmId: string): { hostId: string; handle: QemuHandle } | undefined {
    return this.guests.get(vmId);
  }

  /** Stops every guest it holds (the server is shutting down). */
  async close(): Promise<void> {
    const all = [...this.guests.values()];
    this.guests.clear();
    await Promise.all(all.map((g) => closePlaced(g)));
  }
}

async function closePlaced(p: Placed): Promise<void> {
  await p.handle.close();
  await p.wan?.destroy();
}

/** The copy will not converge with what the plan allows: the run cannot finish (the simulator's code). */
class NonConvergent extends Error {
  override readonly name = 'NonConvergent';
}

/** A background operation the run waits on across ticks. */
interface Pending {
  done: boolean;
  error: Error | null;
}

function track(work: Promise<unknown>): Pending {
  const p: Pending = { done: false, error: null };
  work.then(
    () => (p.done = true),
    (err: unknown) => {
      p.error = err instanceof Error ? err : new Error(String(err));
      p.done = true;
    },
  );
  return p;
}

class QemuRun implements ExecutorRun {
  readonly realTime = true;
  private source: QemuHandle | null = null;
  private target: QemuHandle | null = null;
  private wan: WanPath | null = null;
  private uri = '';
  private pending: Pending | null = null;
  private lastSync = 0;
  private lastTransferred = 0;
  private roundStartMs = 0;
  /** Bytes the round before the last one sent, to see whether the rounds still shrink. */
  private lastRoundSent = Infinity;
  private postcopyStarted = false;
  private cap = 0;

  constructor(
    private readonly spec: MigrationSpec,
    private state: SimState,
    private readonly opts: QemuExecutorOptions,
    private readonly guests: Map<string, Placed>,
  ) {}

  get sim(): Readonly<SimState> {
    return this.state;
  }

  needsBandwidth(): boolean {
    return needsPathShare(this.spec, this.state);
  }

  // Events are observations of QEMU: a tick that was not stored is observed again, not undone.
  restore(before: SimState): void {
    this.state = before;
  }

  async advance(tick: SimTick): Promise<ExecutorAdvance> {
    const sim = { ...this.state };
    sim.simMs += tick.dtMs;
    sim.stepElapsedMs += tick.dtMs;
    const events: TimedEvent[] = [];
    const emit = (event: MigrationEvent) => events.push({ simMs: sim.simMs, event });
    let result: SimResult = { kind: 'running' };
    try {
      result = await this.step(sim, tick, emit);
    } catch (err) {
      result = {
        kind: 'cannot-finish',
        outcome: {
          code: err instanceof NonConvergent ? 'non-convergent' : 'qemu-failed',
          message: err instanceof Error ? err.message : String(err),
        },
      };
    }
    this.state = sim;
    return { events, result };
  }

  /** Moves through as many plan steps as are done by now; stops at the first still under way. */
  private async step(
    sim: SimState,
    tick: SimTick,
    emit: (e: MigrationEvent) => void,
  ): Promise<SimResult> {
    for (;;) {
      const step = this.spec.steps[sim.stepIndex];
      if (!step) {
        emit(succeededEvent(sim));
        return { kind: 'succeeded' };
      }
      if (enterStep(sim, step, emit)) this.begin(step, sim, tick);
      if (tick.stuck) return { kind: 'running' };
      const finished = await this.poll(step, sim, tick, emit);
      if (finished === 'failed') throw this.pending?.error ?? new Error('QEMU failed');
      if (!finished) return { kind: 'running' };
      completeStep(sim, step, emit);
      sim.lastProgressMs = sim.simMs;
    }
  }

  /** Starts a step's work in the background. */
  private begin(step: PlanStep, sim: SimState, tick: SimTick): void {
    this.pending = null;
    if (step.kind === 'reserve') this.pending = track(this.reserve());
    else if (step.kind === 'pre-copy' && this.spec.live) {
      this.roundStartMs = sim.simMs;
      this.pending = track(this.startCopy(tick.bandwidthBytesPerSecond));
    } else if (step.kind === 'decommission') this.pending = track(this.decommission());
  }

  /** Whether the step is over: true, false (not yet), or 'failed' (its work threw). */
  private async poll(
    step: PlanStep,
    sim: SimState,
    tick: SimTick,
    emit: (e: MigrationEvent) => void,
  ): Promise<boolean | 'failed'> {
    if (this.pending && !this.pending.done) return false;
    if (this.pending?.error) return 'failed';
    switch (step.kind) {
      case 'pre-copy':
      case 'stop-and-copy':
        if (!this.spec.live) break;
        return this.followCopy(step, sim, tick, emit);
      case 'activate': {
        const status = await this.target!.qmp.queryStatus();
        if (status.status !== 'running')
          throw new Error(`the destination is ${status.status} after the migration, not running`);
        return true;
      }
      default:
        break;
    }
    // Steps with nothing to do on QEMU take the time the plan gives them.
    return sim.stepElapsedMs >= (this.pending ? 0 : step.expectedMs);
  }

  /** The VM's guest on the source (booted now if the executor has none yet) and a destination listening. */
  private async reserve(): Promise<void> {
    const image = await this.opts.guest();
    const machine = guestMachineFor(this.spec, this.opts, image);
    const placed = this.guests.get(this.spec.vmId);
    this.wan = this.opts.wanPath ? await this.opts.wanPath(this.spec) : null;
    // A guest can reach a new path only from a namespace of that path: over a WAN path it boots anew.
    if (placed && placed.hostId === this.spec.fromHost && !placed.handle.exited && !this.wan) {
      this.source = placed.handle;
    } else {
      if (placed) await closePlaced(placed);
      this.source = await this.opts.launch({ ...machine, netns: this.wan?.sourceNs });
      this.guests.set(this.spec.vmId, {
        handle: this.source,
        hostId: this.spec.fromHost,
        ...(this.wan ? { wan: this.wan } : {}),
      });
      await this.source.waitForSerial(
        (s) => (s.includes('vmmi-heartbeat') ? true : undefined),
        this.opts.bootTimeoutMs,
      );
    }
    this.target = await this.opts.launch({ ...machine, incoming: true, netns: this.wan?.targetNs });
    // Post-copy needs the capability on both sides before the stream starts.
    if (this.spec.convergence === 'post-copy')
      await this.target.qmp.migrateSetCapabilities({ 'postcopy-ram': true });
    this.uri = await listenForMigration(this.target.qmp, this.wan?.targetAddr);
  }

  private async startCopy(share: number): Promise<void> {
    const qmp = this.source!.qmp;
    // QEMU throttles the guest (auto-converge) only when rounds stop shrinking; post-copy
    // waits for the executor's migrate-start-postcopy.
    await qmp.migrateSetCapabilities({
      'auto-converge': this.spec.convergence === 'auto-converge',
      'postcopy-ram': this.spec.convergence === 'post-copy',
    });
    this.cap = this.capFor(share);
    await qmp.migrateSetParameters({
      'max-bandwidth': this.cap,
      'downtime-limit': Math.round(this.spec.downtimeLimitMs),
    });
    await qmp.migrate(this.uri);
  }

  private capFor(share: number): number {
    return Math.max(1, Math.floor(Math.min(share, this.spec.maxBandwidthBytesPerSecond)));
  }

  /** One look at `query-migrate`: progress, rounds, and whether this copy step is over. */
  private async followCopy(
    step: PlanStep,
    sim: SimState,
    tick: SimTick,
    emit: (e: MigrationEvent) => void,
  ): Promise<boolean> {
    const qmp = this.source!.qmp;
    const cap = this.capFor(tick.bandwidthBytesPerSecond);
    if (cap !== this.cap && step.kind === 'pre-copy') {
      this.cap = cap;
      await qmp.migrateSetParameters({ 'max-bandwidth': cap });
    }
    const info = await qmp.queryMigrate();
    const ram = info.ram;
    if (ram) {
      if (ram.transferred > sim.transferredBytes) sim.lastProgressMs = sim.simMs;
      sim.transferredBytes = ram.transferred;
      sim.throttle = (info['cpu-throttle-percentage'] ?? 0) / 100;
      // QEMU gives the dirty rate its last sync measured; over this tick the guest dirtied about that.
      const dirtied = (ram['dirty-pages-rate'] * ram['page-size'] * tick.dtMs) / 1000;
      sim.dirtiedBytes += dirtied;
      sim.roundDirtied += dirtied;
      const sync = ram['dirty-sync-count'];
      // Each dirty-bitmap sync after the first closes a pass over the guest's RAM: a round.
      if (sync > this.lastSync && this.lastSync > 0) {
        const sent = ram.transferred - this.lastTransferred;
        emit({
          type: 'round-completed',
          round: {
            round: sim.round,
            sentBytes: sent,
            dirtiedBytes: sim.roundDirtied,
            seconds: (sim.simMs - this.roundStartMs) / 1000,
            throttle: sim.throttle,
          },
        });
        const stalled = this.stalled(sim, sent);
        sim.round += 1;
        sim.roundDirtied = 0;
        this.lastTransferred = ram.transferred;
        this.lastRoundSent = sent;
        this.roundStartMs = sim.simMs;
        if (stalled && info.status === 'active') await this.giveUpPrecopy(sim, ram.remaining);
      }
      this.lastSync = Math.max(this.lastSync, sync);
    }
    switch (info.status) {
      case 'failed':
        throw new Error(`QEMU’s migration failed: ${info['error-desc'] ?? 'no reason given'}`);
      case 'cancelled':
        throw new Error('QEMU’s migration was cancelled');
      case 'completed':
        // QEMU can say completed a moment before its final figures are in (total-time still 0).
        if (!info['total-time']) return false;
        sim.downtimeMs = info.downtime ?? sim.downtimeMs;
        emit(this.progress(step, sim, info));
        return true;
      case 'device':
      case 'postcopy-active':
        // The guest is paused and its last pages are going across, or it runs on the
        // destination and pulls what is left: either way pre-copy is over.
        emit(this.progress(step, sim, info));
        return step.kind === 'pre-copy';
      default:
        emit(this.progress(step, sim, info));
        return false;
    }
  }

  /**
   * Whether the round that just ended says pre-copy will not converge on its
   * own: it sent as much as the one before (QEMU's passes stop shrinking once
   * the working set is dirtied faster than it is sent), or the run is past its
   * rounds. Under auto-converge QEMU throttles further, so only a guest already
   * throttled as far as QEMU goes (99 %) counts.
   */
  private stalled(sim: SimState, sent: number): boolean {
    // Measured passes wobble by a few percent; one that sends 97 % of the last did not shrink.
    const notShrinking = sim.round > 0 && sent >= 0.97 * this.lastRoundSent;
    const tooMany = sim.round + 1 >= this.opts.maxRounds;
    if (this.spec.convergence === 'auto-converge')
      return sim.throttle >= 0.99 && (notShrinking || tooMany);
    return notShrinking || tooMany;
  }

  /** Post-copy switches over now; otherwise the copy cannot finish and the run rolls back. */
  private async giveUpPrecopy(sim: SimState, remaining: number): Promise<void> {
    if (this.spec.convergence === 'post-copy') {
      if (this.postcopyStarted) return;
      this.postcopyStarted = true;
      await this.source!.qmp.migrateStartPostcopy();
      return;
    }
    const how =
      this.spec.convergence === 'auto-converge'
        ? `even with the guest throttled ${(sim.throttle * 100).toFixed(0)} %`
        : 'and the plan allows neither auto-converge nor post-copy';
    throw new NonConvergent(
      `memory does not converge: ${(remaining / MiB).toFixed(0)} MiB still dirty after round ${sim.round} at ${(this.cap / MiB).toFixed(0)} MiB/s, ${how}`,
    );
  }

  private progress(step: PlanStep, sim: SimState, info: MigrationInfo): MigrationEvent {
    const ram = info.ram;
    return {
      type: 'progress',
      kind: step.kind,
      transferredBytes: sim.transferredBytes,
      dirtiedBytes: sim.dirtiedBytes,
      remainingBytes: ram?.remaining ?? 0,
      bandwidthBytesPerSecond: ram ? (ram.mbps * 1e6) / 8 : 0,
      round: sim.round,
      throttle: sim.throttle,
      etaMs: null,
      measured: {
        status: info.status ?? 'none',
        dirtyPagesPerSecond: ram?.['dirty-pages-rate'] ?? 0,
        dirtySyncCount: ram?.['dirty-sync-count'] ?? 0,
        zeroPages: ram?.duplicate ?? 0,
        normalPages: ram?.normal ?? 0,
        expectedDowntimeMs: info['expected-downtime'] ?? null,
        downtimeMs: info.downtime ?? null,
        setupMs: info['setup-time'] ?? null,
        totalMs: info['total-time'] ?? null,
      },
    };
  }

  /** The source's QEMU goes; the destination is the VM's guest from now on. */
  private async decommission(): Promise<void> {
    const source = this.source;
    this.guests.set(this.spec.vmId, {
      handle: this.target!,
      hostId: this.spec.toHost,
      ...(this.wan ? { wan: this.wan } : {}),
    });
    this.source = null;
    await source?.close();
  }

  async end(status: MigrationStatus): Promise<void> {
    if (status === 'succeeded') return;
    if (status === 'rolled-back') {
      // The VM stays on its source: stop the copy, let the source run on, drop the destination.
      if (this.source && !this.source.exited) {
        const info = await this.source.qmp.queryMigrate().catch(() => null);
        if (info?.status && !FINAL_MIGRATION_STATUSES.includes(info.status))
          await this.source.qmp.migrateCancel();
        const status = await this.source.qmp.queryStatus();
        if (status.status === 'paused' || status.status === 'postmigrate')
          await this.source.qmp.execute('cont');
      }
      await this.target?.close();
      this.target = null;
    }
    // Failed after switchover: the VM is on the target; the operator decides, nothing is torn down.
  }
}
