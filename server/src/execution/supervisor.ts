/**
 * The supervisor: runs this instance's
 * migrations as durable state machines. One tick (100 ms by default) advances
 * every run it owns by the real time since the last, in steps of one tick
 * period (sim-clock.ts): it admits queued runs under the concurrency limits,
 * shares the paths' bandwidth fairly among the runs that copy, applies faults,
 * aborts and watchdogs, asks each run's executor to advance, and then writes
 * everything that happened in one transaction (events, statuses, the estate
 * at a switchover) before it hands the events to subscribers. A run belongs to
 * the instance named in its `owner`; each instance holds one lease, a row of
 * `executor_instances` it renews. An instance that finds another's lease
 * expired deletes that row and takes its runs over, applying the crash rule
 * (shared/src/execution/safety.ts).
 */
import {
  admit,
  claimOf,
  completionTimeoutMs,
  fairShares,
  foldMigration,
  isTerminal,
  placeVm,
  recoveryRule,
  reduceMigration,
  waitingFor,
  watchdogVerdict,
  type EventRecord,
  type Fault,
  type MigrationEvent,
  type MigrationSpec,
  type MigrationState,
  type MigrationStatus,
  type Outcome,
  type SafetyConfig,
  type SimState,
  type SlotClaim,
  type TimedEvent,
} from '@vmmi/shared';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/db.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import * as leaseRepo from '../db/lease-repo.ts';
import { createPlanRepo } from '../db/plan-repo.ts';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';
import type { EventHub } from './event-hub.ts';
import type { ExecutorRegistry, ExecutorRun } from './executor.ts';
import { listFaults, type StoredFault } from './fault-repo.ts';
import { SimClock } from './sim-clock.ts';

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
}

export const SUPERVISOR_DEFAULTS = { tickMs: 100, leaseMs: 5_000 } as const;

interface LiveRun {
  id: string;
  spec: MigrationSpec;
  state: MigrationState;
  run: ExecutorRun | null;
  claim: SlotClaim;
  /** The links of its path as keys of linkCapacities(): `${estateId}|${linkId}`. */
  linkKeys: string[];
  abortSeen: boolean;
  faultsSeen: Set<string>;
}

/** What one run produced in a tick, before it is stored. */
interface Produced {
  live: LiveRun;
  events: TimedEvent[];
  simBefore: SimState | null;
}

export class Supervisor {
  private readonly runs = new Map<string, LiveRun>();
  /** Runs being created (their transaction not yet committed and adopted): not strays to take over. */
  private readonly creating = new Set<string>();
  private faults: StoredFault[] = [];
  /** The last fair shares and what they were computed for: the copying runs and the faults. */
  private sharesFor: { key: string; shares: Map<string, number> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private tickInFlight: Promise<void> | null = null;
  private readonly clock: SimClock;
  private lastLeaseWork = 0;
  private stopped = false;
  /** This registration's token in executor_instances; a new one at every registration. */
  private token = '';

  constructor(
    private readonly db: Db,
    private readonly hub: EventHub,
    private readonly executors: ExecutorRegistry,
    private readonly opts: SupervisorOptions,
  ) {
    this.clock = new SimClock(opts.tickMs, performance.now());
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
    this.clock.reset(now);
    this.lastLeaseWork = now;
    this.schedule(now);
  }

  /** Stops ticking and gives the lease up, so another instance (or the next start) takes the runs over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tickInFlight;
    await leaseRepo
      .releaseLease(this.kysely, this.opts.instanceId, this.token)
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
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tickInFlight;
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
      this.runs.set(r.migrationId, this.liveRun(state, null));
    }
    void this.hub.deliverLocal(records);
  }

  /** Re-reads the active faults (after one was injected or cleared here; others are seen on the lease beat). */
  async reloadFaults(): Promise<void> {
    this.faults = await listFaults(this.kysely, { active: true });
  }

  /**
   * The next tick tickMs after the start of the last one, or at once when
   * that one took longer: a tick that overruns is followed straight away, not
   * skipped until the next multiple of tickMs (as setInterval would), so
   * runs still get as many ticks as the machine allows.
   */
  private schedule(lastStart: number): void {
    const wait = Math.max(0, lastStart + this.opts.tickMs - performance.now());
    this.timer = setTimeout(() => {
      const start = performance.now();
      void this.tick().then(() => {
        if (!this.stopped) this.schedule(start);
      });
    }, wait);
  }

  /** One tick, now (tests drive the supervisor with this instead of the timer). */
  tick(): Promise<void> {
    if (this.tickInFlight || this.stopped) return this.tickInFlight ?? Promise.resolve();
    this.tickInFlight = this.runTick()
      .catch((err: unknown) => this.opts.log.error({ err }, 'supervisor tick failed'))
      .finally(() => {
        this.tickInFlight = null;
      });
    return this.tickInFlight;
  }

  private get kysely(): Kysely<Database> {
    return this.db.kysely;
  }

  private get notify(): boolean {
    return this.db.kind === 'postgres';
  }

  private liveRun(state: MigrationState, run: ExecutorRun | null): LiveRun {
    return {
      id: state.id,
      spec: state.spec,
      state,
      run,
      claim: { id: state.id, ...claimOf(state.spec) },
      linkKeys: state.spec.path.map((l) => `${state.spec.estateId}|${l.id}`),
      abortSeen: state.abortRequested,
      faultsSeen: new Set(),
    };
  }

  private async runTick(): Promise<void> {
    const now = performance.now();
    const steps = this.clock.steps(now);
    if (now - this.lastLeaseWork >= this.opts.leaseMs / 5) {
      this.lastLeaseWork = now;
      await this.renewLease();
      await this.takeOver(false);
      await this.reloadFaults();
    }
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

    // Queued runs: aborted ones end here; the others start when the limits let them.
    const running = [...this.runs.values()].filter((r) => r.state.status === 'running');
    const queued = [...this.runs.values()].filter((r) => r.state.status === 'queued');
    for (const q of queued) {
      const by = aborts.get(q.id);
      if (by !== undefined && !q.abortSeen) {
        q.abortSeen = true;
        const p = out(q, null);
        p.events.push(at(0, { type: 'abort-requested', by }));
        p.events.push(
          ...rollback(0, { code: 'aborted', message: `aborted by ${by} while queued` }),
        );
      }
    }
    const admitted = new Set(
      admit(
        running.map((r) => r.claim),
        queued.filter((q) => !q.abortSeen).map((q) => q.claim),
        this.opts.safety,
      ),
    );
    for (const q of queued) {
      if (q.abortSeen) continue;
      if (admitted.has(q.id)) {
        const executor = this.executors.get(q.spec.executor);
        if (!executor) {
          out(q, null).events.push(
            ...rollback(0, {
              code: 'no-executor',
              message: `no executor "${q.spec.executor}" on instance ${this.opts.instanceId}`,
            }),
          );
          continue;
        }
        q.run = executor.start(q.spec);
        out(q, null).events.push(at(0, { type: 'started', instance: this.opts.instanceId }));
        running.push(q);
      } else if (q.state.lastSeq === 1) {
        // Say once why it waits.
        const why = waitingFor(
          running.map((r) => r.claim),
          q.claim,
          this.opts.safety,
        );
        if (why) out(q, null).events.push(at(0, { type: 'queued', reason: why }));
      }
    }

    // Bandwidth: max-min fair shares over every link of the copying runs' paths.
    const shares = this.shares(running.filter((r) => r.run?.needsBandwidth()));

    for (const live of running) {
      const run = live.run!;
      const p = out(live, { ...run.sim });
      const simMs = run.sim.simMs;
      const switched = run.sim.switchedOver;
      let ended = false;
      const end = (events: TimedEvent[]) => {
        p.events.push(...events);
        ended = true;
      };

      // The operator's request, made before this tick, is answered before the faults seen in it
      // (a fault that ended the run first would leave the request unrecorded).
      const by = aborts.get(live.id);
      if (by !== undefined && !live.abortSeen) {
        live.abortSeen = true;
        p.events.push(at(simMs, { type: 'abort-requested', by }));
        if (switched)
          p.events.push(
            at(simMs, {
              type: 'abort-refused',
              reason:
                'the target already runs the VM (after switchover the only way back is a move back)',
            }),
          );
        else {
          end(rollback(simMs, { code: 'aborted', message: `aborted by ${by}` }));
          continue;
        }
      }

      for (const f of this.faultsFor(live)) {
        if (live.faultsSeen.has(f.id)) continue;
        live.faultsSeen.add(f.id);
        p.events.push(at(simMs, { type: 'fault', fault: f.fault }));
        const verdict = this.faultVerdict(live, f.fault, switched);
        if (verdict) {
          end(verdict(simMs));
          break;
        }
      }
      if (ended) continue;

      const stuck =
        !switched &&
        this.faults.some(
          (f) => f.fault.kind === 'stuck-progress' && f.fault.migrationId === live.id,
        );
      for (const stepMs of steps) {
        // A step never carries a run past its completion deadline: the watchdog stops it there,
        // rather than find it switched over at the end of a long step.
        const beforeDeadline = run.sim.switchedOver
          ? Infinity
          : Math.max(0, completionTimeoutMs(live.spec, this.opts.safety) - run.sim.simMs);
        const { events, result } = run.advance({
          dtMs: Math.min(stepMs * live.spec.timeScale, beforeDeadline),
          bandwidthBytesPerSecond: shares.get(live.id) ?? 0,
          stuck,
        });
        p.events.push(...events);
        if (result.kind === 'cannot-finish') {
          end(rollback(run.sim.simMs, result.outcome));
          break;
        }
        if (result.kind === 'succeeded') break;
        const watchdog = watchdogVerdict(live.spec, run.sim, this.opts.safety);
        if (watchdog) {
          end(rollback(run.sim.simMs, watchdog));
          break;
        }
      }
    }

    await this.store([...byRun.values()].filter((p) => p.events.length > 0));
  }

  /** What a fault does to a run now; null when it only slows it or does not touch it. */
  private faultVerdict(
    live: LiveRun,
    fault: Fault,
    switched: boolean,
  ): ((simMs: number) => TimedEvent[]) | null {
    const { spec } = live;
    switch (fault.kind) {
      case 'host-down':
        if (fault.hostId === spec.toHost)
          return switched
            ? (t) => [
                at(t, {
                  type: 'failed',
                  code: 'destination-down',
                  message: `${spec.toHost} went down after switchover; the VM is there and needs a restart`,
                  vmOn: spec.toHost,
                }),
              ]
            : (t) =>
                rollback(t, {
                  code: 'destination-down',
                  message: `${spec.toHost} went down; the VM stays on ${spec.fromHost}`,
                });
        if (fault.hostId === spec.fromHost && !switched)
          return (t) => [
            at(t, {
              type: 'failed',
              code: 'source-down',
              message: `${spec.fromHost} went down before switchover; the VM went down with it and stays recorded there`,
              vmOn: spec.fromHost,
            }),
          ];
        return null;
      case 'link-down':
        if (!switched && spec.path.some((l) => l.id === fault.linkId))
          return (t) =>
            rollback(t, {
              code: 'path-down',
              message: `link ${fault.linkId} on the migration path went down; the VM stays on ${spec.fromHost}`,
            });
        return null;
      case 'executor-crash':
        return (t) => this.crash(live, t);
      default:
        return null;
    }
  }

  /** The executor of a run crashed: the crash rule, as after a takeover. */
  private crash(live: LiveRun, simMs: number): TimedEvent[] {
    const rule = recoveryRule({
      authority: live.run?.sim.switchedOver ? 'target' : 'source',
      status: 'running',
    });
    const recovered = at(simMs, {
      type: 'recovered',
      rule,
      instance: this.opts.instanceId,
      previousOwner: this.opts.instanceId,
    });
    if (rule === 'rollback-before-switchover')
      return [
        recovered,
        ...rollback(simMs, {
          code: 'executor-crash',
          message: 'the executor crashed before switchover; the source kept the VM',
        }),
      ];
    // After switchover: a new executor run carries on from the steps not yet completed.
    live.run = this.executors.get(live.spec.executor)!.start(live.spec, {
      ...live.state,
      authority: 'target',
      simMs,
    });
    return [recovered];
  }

  /** The faults that reach this run: its own, its two hosts', and those of links on its path. */
  private faultsFor(live: LiveRun): StoredFault[] {
    const { spec } = live;
    const onPath = (linkId: string) => spec.path.some((l) => l.id === linkId);
    return this.faults.filter(({ fault, estateId }) => {
      switch (fault.kind) {
        case 'stuck-progress':
        case 'executor-crash':
          return fault.migrationId === live.id;
        case 'host-down':
          return (
            estateId === spec.estateId &&
            (fault.hostId === spec.fromHost || fault.hostId === spec.toHost)
          );
        case 'link-down':
          return estateId === spec.estateId && onPath(fault.linkId);
        case 'bandwidth-collapse':
          return estateId === spec.estateId && (fault.linkId === undefined || onPath(fault.linkId));
      }
    });
  }

  /**
   * Max-min fair shares of the copying runs. They depend only on which runs
   * copy and on the faults (paths, caps and capacities are fixed per run), so
   * they are computed again only when either changes, not every tick.
   */
  private shares(copying: readonly LiveRun[]): Map<string, number> {
    const key = `${this.faults.map((f) => f.id).join(',')}#${copying.map((r) => r.id).join(',')}`;
    if (this.sharesFor?.key !== key)
      this.sharesFor = {
        key,
        shares: fairShares(
          copying.map((r) => ({
            id: r.id,
            cap: r.spec.maxBandwidthBytesPerSecond,
            links: r.linkKeys,
          })),
          this.linkCapacities(copying),
        ),
      };
    return this.sharesFor.shares;
  }

  private linkCapacities(runs: readonly LiveRun[]): Map<string, number> {
    const cap = new Map<string, number>();
    for (const r of runs)
      r.spec.path.forEach((l, i) => cap.set(r.linkKeys[i]!, l.freeBytesPerSecond));
    for (const f of this.faults) {
      if (f.fault.kind === 'link-down') cap.set(`${f.estateId}|${f.fault.linkId}`, 0);
      if (f.fault.kind === 'bandwidth-collapse') {
        const { linkId, factor } = f.fault;
        for (const [key, value] of cap)
          if (
            key.startsWith(`${f.estateId}|`) &&
            (linkId === undefined || key.endsWith(`|${linkId}`))
          )
            cap.set(key, value * factor);
      }
    }
    return cap;
  }

  /** Writes a tick: events, statuses, switchovers into the estate; all or nothing. */
  private async store(produced: Produced[]): Promise<void> {
    if (produced.length === 0) return;
    let records: EventRecord[];
    try {
      records = await this.kysely.transaction().execute(async (trx) => {
        // Fencing: a tick is written only under this registration's lease, locked until commit. Another
        // instance takes runs over only by deleting an expired lease's row, which waits for this lock;
        // once it has, the row is gone and nothing of this tick is written.
        if (!(await leaseRepo.holdLease(trx, this.opts.instanceId, this.token))) {
          this.opts.log.error(
            { instance: this.opts.instanceId, runs: this.runs.size },
            'lease lost: another instance took the runs over; nothing of this tick is written',
          );
          for (const p of produced) p.events = [];
          this.runs.clear();
          this.lastLeaseWork = -Infinity;
        }
        await this.applySwitchovers(trx, produced);
        const rows: runRepo.NewEvent[] = [];
        for (const p of produced) {
          let seq = p.live.state.lastSeq;
          for (const e of p.events)
            rows.push({ migrationId: p.live.id, seq: ++seq, simMs: e.simMs, event: e.event });
        }
        const stored = await runRepo.appendEvents(trx, rows, this.notify);
        await this.writeStatuses(trx, produced);
        return stored;
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

  /**
   * The estate follows a switchover in the transaction that records it: a
   * reader never sees the event without the VM on its target, nor the reverse.
   * A VM that can no longer be placed (the estate was edited meanwhile) is not
   * switched over: its run rolls back instead.
   */
  private async applySwitchovers(trx: Kysely<Database>, produced: Produced[]): Promise<void> {
    const byEstate = new Map<string, Produced[]>();
    for (const p of produced)
      if (p.events.some((e) => e.event.type === 'switched-over'))
        byEstate.set(p.live.spec.estateId, [...(byEstate.get(p.live.spec.estateId) ?? []), p]);
    if (byEstate.size === 0) return;
    const estates = createEstateRepo(trx);
    for (const [estateId, ps] of byEstate) {
      await estates.lock(estateId);
      const stored = await estates.get(estateId);
      let estate = stored?.estate;
      const placed: Produced[] = [];
      for (const p of ps) {
        const result = estate
          ? placeVm(estate, p.live.spec)
          : { ok: false as const, message: `estate ${estateId} is gone` };
        if (result.ok) {
          estate = result.estate;
          placed.push(p);
        } else {
          const cut = p.events.findIndex((e) => e.event.type === 'switched-over');
          const t = p.events[cut]!.simMs;
          p.events = [
            ...p.events.slice(0, cut),
            ...rollback(t, { code: 'estate-changed', message: result.message }),
          ];
          p.live.run = null;
        }
      }
      if (!estate || placed.length === 0) continue;
      const { version } = await estates.put(estate);
      for (const p of placed)
        for (const e of p.events)
          if (e.event.type === 'switched-over') e.event = { ...e.event, estateVersion: version };
    }
  }

  private async writeStatuses(trx: Kysely<Database>, produced: Produced[]): Promise<void> {
    const byStatus = new Map<MigrationStatus, string[]>();
    const plansTouched = new Set<string>();
    for (const p of produced) {
      const status = statusAfter(p.live.state.status, p.events);
      if (status === p.live.state.status) continue;
      byStatus.set(status, [...(byStatus.get(status) ?? []), p.live.id]);
      if (isTerminal(status)) plansTouched.add(p.live.spec.planId);
    }
    for (const [status, ids] of byStatus) await runRepo.setStatus(trx, ids, status);
    const plans = createPlanRepo(trx);
    for (const planId of plansTouched) {
      const outcome = planOutcome(await runRepo.planRunStatuses(trx, planId));
      if (outcome) await plans.setStatus(planId, outcome);
    }
  }

  private fold(records: readonly EventRecord[]): void {
    for (const r of records) {
      if (r.scope !== 'migration') continue;
      const live = this.runs.get(r.migrationId);
      if (!live) continue;
      live.state = reduceMigration(live.state, r);
      if (isTerminal(live.state.status)) this.runs.delete(live.id);
    }
  }

  /**
   * Registers this instance under a new token with a fresh lease. Active runs
   * still owned under its name that it does not drive (a previous process's
   * with the same INSTANCE_ID, or those of a registration just lost) are
   * strays that the next takeOver() picks up with the crash rule.
   */
  private async register(): Promise<void> {
    const token = randomUUID();
    await leaseRepo.registerInstance(this.kysely, this.opts.instanceId, token, this.opts.leaseMs);
    this.runs.clear();
    this.token = token;
  }

  /**
   * Renews this instance's lease: one row, however many runs it drives. A
   * lease that expired is still renewed while its row is there (no one has
   * taken a run over: that deletes the row first). A row that is gone means
   * the runs went to another instance: they are forgotten here, and the
   * instance registers again.
   */
  private async renewLease(): Promise<void> {
    const { instanceId, leaseMs } = this.opts;
    if (await leaseRepo.renewLease(this.kysely, instanceId, this.token, leaseMs)) return;
    this.opts.log.error(
      { instance: this.opts.instanceId, runs: this.runs.size },
      'lease lost: another instance took the runs over; registering again',
    );
    await this.register();
  }

  /**
   * Takes over active runs that no live instance drives: those of instances
   * whose lease expired (their rows are deleted in the same transaction),
   * unowned ones, strays of its own name it does not drive (a previous
   * process's, a lost registration's, one whose takeover was not recorded),
   * or at the start of an exclusive instance every active run. Applies the
   * crash rule to each.
   */
  private async takeOver(everything: boolean): Promise<void> {
    const taken = await this.kysely.transaction().execute(async (trx) => {
      const expired = await leaseRepo.expireOthers(trx, this.opts.instanceId);
      if (expired.length > 0)
        this.opts.log.info({ expired }, 'instances whose lease expired: taking their runs over');
      const exclude = [...this.runs.keys(), ...this.creating];
      return runRepo.claimUnheld(trx, this.opts.instanceId, { everything, exclude });
    });
    for (const row of taken) await this.recover(row.id, row.owner);
  }

  /** The crash rule for one run just taken over. */
  private async recover(id: string, previousOwner: string | null): Promise<void> {
    const history = await runRepo.readRunEvents(this.kysely, id);
    const state = foldMigration(history);
    const live = this.liveRun(state, null);
    const rule = recoveryRule(state);
    const recovered: MigrationEvent = {
      type: 'recovered',
      rule,
      instance: this.opts.instanceId,
      previousOwner,
    };
    const events: TimedEvent[] = [at(state.simMs, recovered)];
    if (isTerminal(state.status)) {
      // The events say it ended; only the status column lagged behind.
      await runRepo.setStatus(this.kysely, [id], state.status);
      return;
    }
    if (rule === 'rollback-before-switchover')
      events.push(
        ...rollback(state.simMs, {
          code: 'owner-lost',
          message: `instance ${previousOwner ?? 'unknown'} stopped before switchover; the source kept the VM`,
        }),
      );
    else if (rule === 'resume-after-switchover') {
      const executor = this.executors.get(state.spec.executor);
      if (!executor)
        events.push(
          at(state.simMs, {
            type: 'failed',
            code: 'no-executor',
            message: `no executor "${state.spec.executor}" to finish the run after switchover`,
            vmOn: state.spec.toHost,
          }),
        );
      else live.run = executor.start(state.spec, state);
    }
    this.runs.set(id, live);
    this.opts.log.info({ migrationId: id, rule, previousOwner }, 'migration taken over');
    try {
      await this.store([{ live, events, simBefore: null }]);
    } catch (err) {
      // Not recorded: let it go; a stray of this instance's, it is taken over again on the next beat.
      this.runs.delete(id);
      throw err;
    }
  }
}

function at(simMs: number, event: MigrationEvent): TimedEvent {
  return { simMs, event };
}

function rollback(simMs: number, outcome: Outcome): TimedEvent[] {
  return [
    at(simMs, { type: 'rolling-back', ...outcome }),
    at(simMs, { type: 'rolled-back', ...outcome }),
  ];
}

function statusAfter(status: MigrationStatus, events: readonly TimedEvent[]): MigrationStatus {
  let s = status;
  for (const { event } of events)
    if (event.type === 'started') s = 'running';
    else if (event.type === 'succeeded') s = 'succeeded';
    else if (event.type === 'rolled-back') s = 'rolled-back';
    else if (event.type === 'failed') s = 'failed';
  return s;
}

/** A plan ends when all its runs have: failed if any failed, rolled back if any did, else succeeded. */
function planOutcome(
  statuses: readonly MigrationStatus[],
): 'failed' | 'rolled-back' | 'succeeded' | null {
  if (statuses.some((s) => !isTerminal(s))) return null;
  return statuses.includes('failed')
    ? 'failed'
    : statuses.includes('rolled-back')
      ? 'rolled-back'
      : 'succeeded';
}
