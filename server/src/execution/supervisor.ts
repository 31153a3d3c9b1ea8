/**
 * The supervisor: runs this instance's migrations as durable state machines.
 * One tick (100 ms by default, tick-loop.ts) advances every run it owns by
 * the real time since the last, in steps of one tick period (sim-clock.ts):
 * it starts queued runs under the concurrency limits (run-start.ts), shares
 * the paths' bandwidth fairly among the runs that copy (path-shares.ts),
 * answers aborts, faults (run-faults.ts) and watchdogs while each run's
 * executor advances it (run-advance.ts, executor.ts), and then writes
 * everything that happened in one transaction under its lease (run-writer.ts)
 * before it hands the events to subscribers. A run belongs to the instance
 * named in its `owner`; the lease and the takeover of runs nobody drives are
 * in lease.ts, the crash rule applied to them in crash-rule.ts.
 */
import {
  isTerminal,
  reduceMigration,
  type EventRecord,
  type MigrationSpec,
  type SafetyConfig,
  type SimState,
} from '@vmmi/shared';
import type { Kysely } from 'kysely';
import type { Db } from '../db/db.ts';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';
import { recoveryOf } from './crash-rule.ts';
import type { EventHub } from './event-hub.ts';
import type { ExecutorRegistry } from './executor.ts';
import { listFaults, type StoredFault } from './fault-repo.ts';
import { Lease } from './lease.ts';
import { liveRunOf, type LiveRun, type Produced } from './live-run.ts';
import { PathShares } from './path-shares.ts';
import { advanceRun } from './run-advance.ts';
import { startQueued, type RunContext } from './run-start.ts';
import { writeTick } from './run-writer.ts';
import { SimClock } from './sim-clock.ts';
import { TickLoop } from './tick-loop.ts';
import { WaveDriver } from './wave-driver.ts';

export interface SupervisorOptions {
  instanceId: string;
  /** Real ms between ticks. */
  tickMs: number;
  /** How long an instance's lease lasts without renewal, ms; renewed (and expired ones sought) every leaseMs / 5. */
  leaseMs: number;
  safety: SafetyConfig;
  /**
   * No other instance can use this database (PGlite): at start every active
   * run is this instance's, whoever held its lease before.
   */
  exclusive: boolean;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * The clock simulated runs advance by, ms (default the real one, `performance.now`). A test
   * that steps it a fixed amount per tick gets the same simulated run however loaded the
   * machine is; leases keep the real clock.
   */
  simNow?: () => number;
}

export const SUPERVISOR_DEFAULTS = { tickMs: 100, leaseMs: 5_000 } as const;

export class Supervisor {
  private readonly runs = new Map<string, LiveRun>();
  /** Runs being created (their transaction not yet committed and adopted): not strays to take over. */
  private readonly creating = new Set<string>();
  private faults: StoredFault[] = [];
  private readonly shares = new PathShares();
  private readonly clock: SimClock;
  private readonly simNow: () => number;
  private readonly loop: TickLoop;
  private readonly lease: Lease;
  private readonly waves: WaveDriver;
  private lastLeaseWork = 0;

  constructor(
    private readonly db: Db,
    private readonly hub: EventHub,
    private readonly executors: ExecutorRegistry,
    private readonly opts: SupervisorOptions,
  ) {
    this.simNow = opts.simNow ?? (() => performance.now());
    this.clock = new SimClock(opts.tickMs, this.simNow());
    this.loop = new TickLoop(
      opts.tickMs,
      () => this.runTick(),
      (err) => this.opts.log.error({ err }, 'supervisor tick failed'),
    );
    this.lease = new Lease(db.kysely, opts.instanceId, opts.leaseMs);
    this.waves = new WaveDriver(db, { executors, supervisor: this }, opts.safety, opts.log);
  }

  get instanceId(): string {
    return this.opts.instanceId;
  }

  /** Ids of the runs this instance holds now. */
  ownedRuns(): string[] {
    return [...this.runs.keys()];
  }

  async start(): Promise<void> {
    await this.register();
    await this.reloadFaults();
    await this.takeOver(this.opts.exclusive);
    const now = performance.now();
    this.clock.reset(this.simNow());
    this.lastLeaseWork = now;
    this.loop.start(now);
  }

  /** Stops ticking and gives the lease up, so another instance (or the next start) takes the runs over at once. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.lease
      .release()
      .catch((err: unknown) => this.opts.log.error({ err }, 'could not give the lease up'));
    this.runs.clear();
  }

  /**
   * Stops ticking without giving the lease up, as a process that dies does
   * (kill -9, a lost host, a partition): its runs stay owned until its lease
   * expires and another instance takes them over. For tests of that takeover;
   * `stop()` is the way to shut down.
   */
  async halt(): Promise<void> {
    await this.loop.stop();
    // Forgotten, so a later stop() releases nothing another instance may have taken meanwhile.
    this.runs.clear();
  }

  /** Stores new runs (queued, owned by this instance) with their created events; the caller's transaction. */
  async create(
    trx: Kysely<Database>,
    created: { id: string; spec: MigrationSpec }[],
  ): Promise<EventRecord[]> {
    for (const { id } of created) this.creating.add(id);
    await runRepo.insertRuns(trx, this.opts.instanceId, created);
    return runRepo.appendEvents(
      trx,
      created.map(({ id, spec }) => ({
        migrationId: id,
        seq: 1,
        simMs: 0,
        event: { type: 'created', spec } as const,
      })),
      this.notify,
    );
  }

  /** A wave run was created or approved here: the next tick takes its step. */
  wakeWaveDriver(): void {
    this.waves.wake();
  }

  /** The create transaction failed: nothing to adopt. */
  abandon(ids: readonly string[]): void {
    for (const id of ids) this.creating.delete(id);
  }

  /** After the create transaction committed: the runs join this instance's ticks. */
  adopt(records: readonly EventRecord[]): void {
    for (const r of records) {
      if (r.scope !== 'migration') continue;
      this.creating.delete(r.migrationId);
      const state = reduceMigration(undefined, r);
      this.runs.set(r.migrationId, liveRunOf(state, null));
    }
    void this.hub.deliverLocal(records);
  }

  /** Re-reads the active faults (after one was injected or cleared here; others are seen on the lease beat). */
  async reloadFaults(): Promise<void> {
    this.faults = await listFaults(this.kysely, { active: true });
  }

  /** One tick, now (tests drive the supervisor with this instead of the timer). */
  tick(): Promise<void> {
    return this.loop.tick();
  }

  private get context(): RunContext {
    return {
      executors: this.executors,
      safety: this.opts.safety,
      instanceId: this.opts.instanceId,
    };
  }

  private get kysely(): Kysely<Database> {
    return this.db.kysely;
  }

  private get notify(): boolean {
    return this.db.kind === 'postgres';
  }

  private async runTick(): Promise<void> {
    const now = performance.now();
    const steps = this.clock.steps(this.simNow());
    if (now - this.lastLeaseWork >= this.opts.leaseMs / 5) {
      this.lastLeaseWork = now;
      await this.renewLease();
      await this.takeOver(false);
      await this.reloadFaults();
    }
    // Before the queued runs start: a wave begun now starts its runs in this tick. A wave run
    // that cannot take its step (the database unreachable) holds no run of this tick back.
    await this.waves
      .drive()
      .catch((err: unknown) => this.opts.log.error({ err }, 'wave runs not driven this tick'));
    if (this.runs.size === 0) return;

    const aborts = await runRepo.abortRequests(this.kysely, this.opts.instanceId);
    const byRun = new Map<string, Produced>();
    // One entry per run and tick, so its events get consecutive seqs.
    const out = (live: LiveRun, simBefore: SimState | null) => {
      const seen = byRun.get(live.id);
      if (seen) {
        seen.simBefore ??= simBefore;
        return seen;
      }
      const p: Produced = { live, events: [], simBefore };
      byRun.set(live.id, p);
      return p;
    };

    const running = startQueued([...this.runs.values()], aborts, out, this.context);
    // Bandwidth: max-min fair shares over every link of the copying runs' paths.
    const shares = this.shares.of(
      running.filter((r) => r.run?.needsBandwidth()),
      this.faults,
    );
    await Promise.all(
      running.map((live) =>
        advanceRun(live, out(live, { ...live.run!.sim }), {
          ...this.context,
          steps,
          share: shares.get(live.id) ?? 0,
          abortBy: aborts.get(live.id),
          faults: this.faults,
        }),
      ),
    );

    await this.store([...byRun.values()].filter((p) => p.events.length > 0));
  }

  /** Writes a tick under this instance's lease: events, statuses, switchovers into the estate; all or nothing. */
  private async store(produced: Produced[]): Promise<void> {
    if (produced.length === 0) return;
    let records: EventRecord[];
    try {
      records = await this.kysely.transaction().execute(async (trx) => {
        if (!(await this.lease.holdIn(trx))) {
          this.opts.log.error(
            { instance: this.opts.instanceId, runs: this.runs.size },
            'lease lost: another instance took the runs over; nothing of this tick is written',
          );
          for (const p of produced) p.events = [];
          this.runs.clear();
          this.lastLeaseWork = -Infinity;
        }
        return writeTick(trx, produced, this.notify);
      });
    } catch (err) {
      // Nothing was stored: put the runs back where they were, to be tried again next tick. A run
      // that lost its executor run in this attempt (a refused switchover) cannot be: it is let go, a
      // stray that the next lease beat takes over, the crash rule deciding from what was stored.
      for (const p of produced)
        if (p.simBefore && p.live.run) p.live.run.restore(p.simBefore);
        else if (p.simBefore) this.runs.delete(p.live.id);
      throw err;
    }
    this.fold(records);
    await this.hub.deliverLocal(records);
  }

  private fold(records: readonly EventRecord[]): void {
    for (const r of records) {
      if (r.scope !== 'migration') continue;
      const live = this.runs.get(r.migrationId);
      if (!live) continue;
      live.state = reduceMigration(live.state, r);
      if (!isTerminal(live.state.status)) continue;
      this.runs.delete(live.id);
      const status = live.state.status;
      void live.run
        ?.end?.(status)
        .catch((err: unknown) =>
          this.opts.log.error(
            { err, migrationId: live.id, status },
            'executor could not end the run',
          ),
        );
    }
  }

  /**
   * Registers under a new token. Active runs still owned under this name that
   * it does not drive (a previous process's with the same INSTANCE_ID, or
   * those of a registration just lost) are strays that the next takeOver()
   * picks up with the crash rule.
   */
  private async register(): Promise<void> {
    await this.lease.register();
    this.runs.clear();
  }

  /** Renews the lease; when it was lost, the runs are forgotten here and the instance registers again. */
  private async renewLease(): Promise<void> {
    if (await this.lease.renew()) return;
    this.opts.log.error(
      { instance: this.opts.instanceId, runs: this.runs.size },
      'lease lost: another instance took the runs over; registering again',
    );
    await this.register();
  }

  /** Takes over the active runs no live instance drives, applying the crash rule to each. */
  private async takeOver(everything: boolean): Promise<void> {
    const { expired, taken } = await this.lease.claimUnheld({
      everything,
      exclude: [...this.runs.keys(), ...this.creating],
    });
    if (expired.length > 0)
      this.opts.log.info({ expired }, 'instances whose lease expired: taking their runs over');
    for (const row of taken) await this.recover(row.id, row.owner);
  }

  private async recover(id: string, previousOwner: string | null): Promise<void> {
    const r = await recoveryOf(
      this.kysely,
      id,
      previousOwner,
      this.opts.instanceId,
      this.executors,
    );
    if (r.kind === 'ended') {
      await runRepo.setStatus(this.kysely, [id], r.state.status);
      return;
    }
    this.runs.set(id, r.live);
    this.opts.log.info({ migrationId: id, rule: r.rule, previousOwner }, 'migration taken over');
    try {
      await this.store([{ live: r.live, events: r.events, simBefore: null }]);
    } catch (err) {
      // Not recorded: let it go; a stray of this instance's, it is taken over again on the next beat.
      this.runs.delete(id);
      throw err;
    }
  }
}
