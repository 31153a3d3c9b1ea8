/**
 * The live half of the execution slice: one subscription to
 * every event while the page is open, each record folded into its run's state
 * with the shared reducer, gaps mended by fetching the run again, and what a
 * change means for the rest of the page (a switchover moves a VM: the estate
 * is reloaded in place and the two hosts flash).
 */
import {
  foldMigration,
  isTerminal,
  type EventRecord,
  type MigrationEventRecord,
  type MigrationState,
} from '@vmmi/shared';
import type { ExecutionApi, StoredFault } from '../api/execution-api.ts';
import { effectsOf, foldBuffered, foldRecord } from '../execution/fold-record.ts';
import {
  TICKER_LIMIT,
  type ExecutionState,
  type StreamState,
  type TickerEntry,
} from '../execution/types.ts';
import { settledNotice, settledPlans } from '../planner/settled-plans.ts';
import type { AppState } from './initial-state.ts';

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

export interface ExecutionDeps {
  api: ExecutionApi;
  /** Reloads the current estate without blanking the page (refreshEstate); false when it could not. */
  reloadEstate: () => Promise<boolean>;
  /** Wait before subscribing again after the stream ended, and before fetching a run again. */
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Epoch ms: when the stream went down. */
  now?: () => number;
}

export interface ExecutionStream {
  /** Subscribes to every event until the returned function is called. */
  connect: () => () => void;
  /** Folds the events of one frame (what the subscription calls). */
  ingest: (frameId: string, events: EventRecord[]) => void;
  /** Fetches a run and folds all its events; `live`: treat what changed as news (refresh, flash). */
  refetch: (id: string, live: boolean) => Promise<void>;
  /** Fetches the current estate's runs that have not ended, and those the page thinks have not. */
  resync: () => Promise<void>;
  /** Takes executed plans whose runs have all ended off the staged list (after Execute's answer). */
  settle: () => void;
}

/** How often a run that could not be fetched is tried again before the page gives up on it. */
const MAX_ATTEMPTS = 5;

export function createExecutionStream(
  set: Set,
  get: Get,
  deps: ExecutionDeps,
  onHistoryStale: () => void,
): ExecutionStream {
  const retryMs = deps.retryMs ?? 2_000;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const now = deps.now ?? Date.now;
  /** The stream's new status; it went down at the first status that is not live after a live one. */
  const streamAt = (status: StreamState['status'], error: string | null) =>
    patch((e) => ({
      stream: {
        status,
        error,
        downSince:
          status === 'live' || status === 'off'
            ? null
            : (e.stream.downSince ?? (e.stream.status === 'live' ? now() : null)),
      },
    }));
  const patch = (p: Partial<ExecutionState> | ((e: ExecutionState) => Partial<ExecutionState>)) =>
    set((s) => ({
      execution: { ...s.execution, ...(typeof p === 'function' ? p(s.execution) : p) },
    }));

  /** Records of runs being fetched again, folded once the fetch is back. */
  const buffers = new Map<string, MigrationEventRecord[]>();
  const attempts = new Map<string, number>();
  let lastEventId: string | null = null;
  let tickerFresh = false;
  let flashes = 0;

  // One estate reload at a time; news that comes meanwhile asks for one more after it.
  let reloading = false;
  let reloadAgain = false;
  function reloadEstate() {
    if (reloading) {
      reloadAgain = true;
      return;
    }
    reloading = true;
    void deps.reloadEstate().finally(() => {
      reloading = false;
      if (reloadAgain) {
        reloadAgain = false;
        reloadEstate();
      }
    });
  }

  /** What a run's new state means outside the panel. */
  function react(before: MigrationState | undefined, after: MigrationState, acc: Effects) {
    const fx = effectsOf(before, after);
    const here = after.spec.estateId === get().estateId;
    // Copies of an estate share node ids: only this estate's switchovers flash on this canvas.
    if (fx.switchedOver && here) {
      const { fromHost, toHost, fromSite, toSite } = after.spec;
      acc.flash.push(fromHost, toHost, fromSite, toSite);
      acc.reload = true;
    }
    if (fx.ended) {
      if (here) acc.reload = true;
      acc.historyStale = true;
      acc.ended = true;
    }
  }

  interface Effects {
    flash: string[];
    reload: boolean;
    historyStale: boolean;
    /** A run ended: the plans whose runs have all ended leave the staged list. */
    ended: boolean;
  }
  const noEffects = (): Effects => ({
    flash: [],
    reload: false,
    historyStale: false,
    ended: false,
  });
  function apply(acc: Effects) {
    if (acc.flash.length > 0) patch({ flash: { n: ++flashes, nodeIds: [...new Set(acc.flash)] } });
    if (acc.reload) reloadEstate();
    if (acc.historyStale) onHistoryStale();
    if (acc.ended) settleExecutedPlans();
  }

  /** Executed plans whose runs have all ended leave the staged list, their overlay with them. */
  function settleExecutedPlans() {
    const { planner, execution } = get();
    const settled = settledPlans(planner.staged, execution.migrations);
    if (settled.length === 0) return;
    const gone = new Set(settled.map((p) => p.id));
    set((s) => ({
      planner: {
        ...s.planner,
        staged: s.planner.staged.filter((p) => !gone.has(p.id)),
        focusedPlanId:
          s.planner.focusedPlanId !== null && gone.has(s.planner.focusedPlanId)
            ? null
            : s.planner.focusedPlanId,
        notice: { kind: 'info', text: settledNotice(settled, execution.migrations) },
      },
    }));
  }

  function faultsAfter(faults: StoredFault[], r: EventRecord): StoredFault[] {
    if (r.scope !== 'system') return faults;
    const e = r.event;
    const rest = faults.filter((f) => f.id !== e.faultId);
    if (e.type === 'fault-cleared') return rest;
    return [
      ...rest,
      { id: e.faultId, estateId: e.estateId, fault: e.fault, createdAt: r.at, clearedAt: null },
    ];
  }

  function ingest(frameId: string, events: EventRecord[]) {
    lastEventId = frameId;
    if (events.length === 0) return;
    const ex = get().execution;
    const migrations = new Map(ex.migrations);
    const cards = [...ex.cards];
    let faults = ex.faults;
    const aborts = { ...ex.aborts };
    // Ids only grow on one server; one that forgot our last event (a new database) counts from 1 again.
    const newest = tickerFresh || !ex.ticker[0] ? -1n : BigInt(ex.ticker[0].record.id);
    tickerFresh = false;
    const news: TickerEntry[] = [];
    const fetch = new Set<string>();
    const acc = noEffects();
    const estateId = get().estateId;

    for (const r of events) {
      if (r.event.type !== 'progress' && BigInt(r.id) > newest)
        news.push({
          record: r,
          vmId:
            r.scope === 'system'
              ? null
              : r.event.type === 'created'
                ? r.event.spec.vmId
                : (migrations.get(r.migrationId)?.spec.vmId ?? null),
        });
      if (r.scope === 'system') {
        faults = faultsAfter(faults, r);
        const kind = r.event.fault.kind;
        if (r.event.estateId === estateId && (kind === 'host-down' || kind === 'link-down'))
          acc.reload = true; // the host or link changed state in the estate
        continue;
      }
      if (r.event.type === 'abort-refused')
        aborts[r.migrationId] = { status: 'refused', message: `abort refused: ${r.event.reason}` };
      const buffered = buffers.get(r.migrationId);
      if (buffered) {
        buffered.push(r);
        continue;
      }
      const before = migrations.get(r.migrationId);
      const step = foldRecord(before, r);
      if (step.kind === 'duplicate') continue;
      if (step.kind === 'gap') {
        buffers.set(r.migrationId, [r]);
        fetch.add(r.migrationId);
        continue;
      }
      migrations.set(r.migrationId, step.state);
      if (!before && !cards.includes(r.migrationId)) cards.unshift(r.migrationId);
      react(before, step.state, acc);
    }
    patch({
      migrations,
      cards,
      faults,
      aborts,
      ticker:
        news.length > 0 ? [...news.reverse(), ...ex.ticker].slice(0, TICKER_LIMIT) : ex.ticker,
    });
    apply(acc);
    for (const id of fetch) void refetch(id, true);
  }

  async function refetch(id: string, live: boolean): Promise<void> {
    if (!buffers.has(id)) buffers.set(id, []);
    patch((e) => ({ syncing: new Set(e.syncing).add(id) }));
    const res = await deps.api.get(id);
    if (!res.ok) {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      // Unreachable, or not there yet: try again a few times; the card keeps its last state meanwhile.
      if (n < MAX_ATTEMPTS) {
        setTimer(() => void refetch(id, live), retryMs * n);
        return;
      }
      attempts.delete(id);
      buffers.delete(id);
      patch((e) => {
        const syncing = new Set(e.syncing);
        syncing.delete(id);
        return {
          syncing,
          notice: { kind: 'error', text: `Run ${id} could not be read: ${res.message}` },
        };
      });
      return;
    }
    attempts.delete(id);
    const before = get().execution.migrations.get(id);
    let fetched = foldMigration(res.value.events);
    if (before && before.lastSeq > fetched.lastSeq) fetched = before;
    const { state, gap } = foldBuffered(fetched, buffers.get(id) ?? []);
    const rest = (buffers.get(id) ?? []).filter((r) => r.seq > state.lastSeq);
    buffers.delete(id);
    const acc = noEffects();
    patch((e) => {
      const migrations = new Map(e.migrations).set(id, state);
      const syncing = new Set(e.syncing);
      if (!gap) syncing.delete(id);
      const known = e.cards.includes(id);
      const cards = known || isTerminal(state.status) ? e.cards : [id, ...e.cards];
      return { migrations, syncing, cards };
    });
    if (before || live) react(before, state, acc);
    // A run read for the first time may have ended while the page was away: its plan settles too.
    if (isTerminal(state.status)) acc.ended = true;
    apply(acc);
    if (gap) {
      buffers.set(id, rest);
      void refetch(id, live);
    }
  }

  async function resync() {
    const estateId = get().estateId;
    if (estateId === null) return;
    const res = await deps.api.list(estateId, { active: true });
    if (!res.ok) return;
    const ids = new Set(res.value.map((r) => r.id));
    // And the runs the page still shows as active: they may have ended while it was away.
    for (const s of get().execution.migrations.values())
      if (s.spec.estateId === estateId && !isTerminal(s.status)) ids.add(s.id);
    // And the runs of executed plans kept from an earlier visit, never seen on this page.
    for (const plan of get().planner.staged)
      if (plan.estateId === estateId && plan.status === 'executed')
        for (const id of plan.migrationIds ?? [])
          if (!get().execution.migrations.has(id)) ids.add(id);
    for (const id of ids)
      if (!buffers.has(id)) void refetch(id, get().execution.migrations.has(id));
  }

  function connect(): () => void {
    let stopped = false;
    let timer: unknown = null;
    let stop: () => void = () => {};
    const open = (from: string | null) => {
      streamAt(from === null ? 'connecting' : 'reconnecting', null);
      let fresh = from === null;
      stop = deps.api.subscribe(from, {
        onFrame: (id, events) => {
          if (!stopped) ingest(id, events);
        },
        onStatus: (status, error) => {
          if (stopped) return;
          streamAt(status, error);
          // From now: what happened before (or while away) comes from the list.
          if (status === 'live' && fresh) {
            fresh = false;
            void resync();
            void loadFaults();
          }
        },
        onEnd: (err) => {
          if (stopped) return;
          // The server does not know our last event (a new database): start from now and resync.
          if (err?.badResume) {
            lastEventId = null;
            tickerFresh = true;
          }
          streamAt('reconnecting', err?.message ?? null);
          timer = setTimer(() => {
            if (!stopped) open(lastEventId);
          }, retryMs);
        },
      });
    };
    open(lastEventId);
    return () => {
      stopped = true;
      stop();
      if (timer !== null) clearTimer(timer);
      streamAt('off', null);
    };
  }

  async function loadFaults() {
    const res = await deps.api.listFaults();
    if (res.ok) patch({ faults: res.value });
  }

  return { connect, ingest, refetch, resync, settle: settleExecutedPlans };
}
