/**
 * One migration carried out on QEMU: the plan's steps mapped onto QMP
 * commands, and what QEMU reports each tick turned into the events the
 * simulator emits. A run can also be adopted: taken over from a server that
 * died while QEMU migrated on, and resolved by asking both sides.
 */
import {
  completeStep,
  enterStep,
  needsPathShare,
  succeededEvent,
  type MigrationEvent,
  type MigrationSpec,
  type MigrationStatus,
  type PlanStep,
  type SimResult,
  type SimState,
  type SimTick,
  type TimedEvent,
} from '@vmmi/shared';
import type { ExecutorAdvance, ExecutorRun } from '../executor.ts';
import { closePlaced, type Guests, type Placed, type WanPath } from './guests.ts';
import { listenForMigration } from './migration.ts';
import type { QemuHandle } from './qemu-process.ts';
import { guestMachineFor, type QemuExecutorOptions } from './executor-options.ts';
import { FINAL_MIGRATION_STATUSES, type MigrationInfo } from './qmp.ts';
import {
  destinationRunning,
  measuredProgress,
  NonConvergent,
  roundStalled,
  track,
  type Pending,
} from './run-parts.ts';

const MiB = 2 ** 20;

/** The two sides of a migration an earlier server started, as found again (null: gone). */
export interface AdoptedSides {
  source: QemuHandle | null;
  target: QemuHandle | null;
}

export class QemuRun implements ExecutorRun {
  readonly realTime = true;
  private source: QemuHandle | null = null;
  private target: QemuHandle | null = null;
  /** The VM's guest as it stood when the run began: what a rollback leaves it as. */
  private home: Placed | null = null;
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
    private readonly guests: Guests,
    private readonly adopted?: AdoptedSides,
  ) {
    if (adopted) {
      this.source = adopted.source;
      this.target = adopted.target;
      this.home = adopted.source && { handle: adopted.source, hostId: spec.fromHost };
    }
  }

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
    this.roundStartMs = sim.simMs;
    if (step.kind === 'reserve')
      this.pending = track(
        this.adopted
          ? Promise.reject(
              new Error(
                'the server stopped while the guests were being prepared: nothing was copied yet',
              ),
            )
          : this.reserve(),
      );
    else if (step.kind === 'pre-copy' && this.spec.live)
      this.pending = track(
        this.adopted
          ? this.resumeCopy(tick.bandwidthBytesPerSecond)
          : this.startCopy(tick.bandwidthBytesPerSecond),
      );
    else if (step.kind === 'decommission') this.pending = track(this.decommission());
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
        if (!this.target) throw new Error('this server holds no destination QEMU for the VM');
        const status = await this.target.qmp.queryStatus();
        const running = destinationRunning(status.status, sim.stepElapsedMs);
        if (typeof running === 'string') throw new Error(running);
        return running;
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
    const detached = this.guests.detached;
    const placed = this.guests.get(this.spec.vmId) ?? (await this.reattach());
    this.wan = this.opts.wanPath ? await this.opts.wanPath(this.spec) : null;
    // A guest can reach a new path only from a namespace of that path: over a WAN path it boots anew.
    if (placed && placed.hostId === this.spec.fromHost && !placed.handle.exited && !this.wan) {
      this.home = placed;
    } else {
      if (placed) await closePlaced(placed);
      const handle = await this.opts.launch({ ...machine, netns: this.wan?.sourceNs, detached });
      this.home = { handle, hostId: this.spec.fromHost, ...(this.wan ? { wan: this.wan } : {}) };
      await this.guests.migrating(this.spec, this.home, null);
      await handle.waitForSerial(
        (s) => (s.includes('vmmi-heartbeat') ? true : undefined),
        this.opts.bootTimeoutMs,
      );
    }
    this.source = this.home.handle;
    this.target = await this.opts.launch({
      ...machine,
      incoming: true,
      netns: this.wan?.targetNs,
      detached,
    });
    await this.guests.migrating(this.spec, this.home, this.target);
    // Post-copy needs the capability on both sides before the stream starts.
    if (this.spec.convergence === 'post-copy')
      await this.target.qmp.migrateSetCapabilities({ 'postcopy-ram': true });
    this.uri = await listenForMigration(this.target.qmp, this.wan?.targetAddr);
  }

  /** The VM's guest as an earlier server left it running on the source, if it did. */
  private async reattach(): Promise<Placed | undefined> {
    const record = await this.guests.recordOf(this.spec);
    if (record?.hostId !== this.spec.fromHost) return undefined;
    const handle = await this.guests.attach(record.guest);
    return handle ? { handle, hostId: record.hostId } : undefined;
  }

  /**
   * An adopted copy: QEMU went on copying while no server watched, or never
   * began (the server died between the two). Rounds are counted from here.
   */
  private async resumeCopy(share: number): Promise<void> {
    if (!this.source || this.source.exited) return;
    const info = await this.source.qmp.queryMigrate();
    if (!info.status || info.status === 'none') {
      if (!this.target) throw new Error('the destination QEMU is gone: nothing to copy to');
      this.uri = await listenForMigration(this.target.qmp, this.wan?.targetAddr);
      return this.startCopy(share);
    }
    this.lastSync = info.ram?.['dirty-sync-count'] ?? 0;
    this.lastTransferred = info.ram?.transferred ?? 0;
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
    if (!this.source || this.source.exited) return this.targetHasIt();
    const qmp = this.source.qmp;
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

  private stalled(sim: SimState, sent: number): boolean {
    return roundStalled(this.spec.convergence, this.opts.maxRounds, sim, sent, this.lastRoundSent);
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
    return measuredProgress(step, sim, info);
  }

  /**
   * With the source's QEMU gone (an adopted run whose source died), the copy
   * is over only if the destination runs the guest; otherwise the VM is lost.
   */
  private async targetHasIt(): Promise<boolean> {
    const status = this.target && !this.target.exited ? await this.target.qmp.queryStatus() : null;
    if (status?.status === 'running') return true;
    throw new Error(
      `the source QEMU is gone and the destination is ${status ? status.status : 'gone too'}: the VM runs nowhere`,
    );
  }

  /** The source's QEMU goes; the destination is the VM's guest from now on. */
  private async decommission(): Promise<void> {
    if (!this.target) throw new Error('this server holds no destination QEMU for the VM');
    const source = this.source;
    await this.guests.settle(this.spec, {
      handle: this.target,
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
      if (this.home && !this.home.handle.exited) await this.guests.settle(this.spec, this.home);
    }
    // Failed after switchover: the VM is on the target; the operator decides, nothing is torn down.
  }
}
