/**
 * The safety rules a migration runs under, as vMotion,
 * OpenStack Nova and KubeVirt make them: a completion timeout that grows with
 * the size of what is copied, a watchdog for a copy that stops making
 * progress, concurrency limits, and the rule that decides what happens to a
 * run whose owner died. Pure; the supervisor applies them.
 */
import type { Outcome } from './events.ts';
import type { SimState } from './simulate.ts';
import type { MigrationState } from './state.ts';
import type { MigrationSpec } from './events.ts';

export const SAFETY_DEFAULTS = {
  /**
   * Nova's live_migration_completion_timeout: 800 s per GiB copied
   * (memory plus local disk), after which the migration is aborted.
   */
  completionTimeoutSecondsPerGiB: 800,
  /** Nova's (former) live_migration_progress_timeout: 150 s without the remaining bytes going down. */
  progressTimeoutSeconds: 150,
  /** Nova's max_concurrent_live_migrations is 1 per compute host; vMotion allows 8 per 10 GbE host. */
  perHost: 2,
  perSite: 8,
  perWanLink: 4,
} as const;

export interface SafetyConfig {
  completionTimeoutSecondsPerGiB: number;
  progressTimeoutSeconds: number;
  perHost: number;
  perSite: number;
  perWanLink: number;
}

/** The concurrency limits alone: all that admission reads, and what a group's preview is given. */
export type MigrationLimits = Pick<SafetyConfig, 'perHost' | 'perSite' | 'perWanLink'>;

const GiB = 2 ** 30;

/** The completion timeout of a run, simulated ms. */
export function completionTimeoutMs(spec: MigrationSpec, cfg: SafetyConfig): number {
  const gib = Math.max(1, (spec.memoryBytes + spec.storageBytes) / GiB);
  return gib * cfg.completionTimeoutSecondsPerGiB * 1000;
}

/** Why the watchdogs stop this run now, or null. Only before switchover: after it there is nothing to roll back to. */
export function watchdogVerdict(
  spec: MigrationSpec,
  sim: SimState,
  cfg: SafetyConfig,
): Outcome | null {
  if (sim.switchedOver) return null;
  const limit = completionTimeoutMs(spec, cfg);
  // Waiting for a change window is not slowness.
  if (sim.simMs - sim.heldMs >= limit)
    return {
      code: 'completion-timeout',
      message: `not finished after ${(limit / 1000).toFixed(0)} s (${cfg.completionTimeoutSecondsPerGiB} s per GiB copied)`,
    };
  const stalled = sim.simMs - sim.lastProgressMs;
  if (stalled > cfg.progressTimeoutSeconds * 1000)
    return {
      code: 'no-progress',
      message: `no progress for ${(stalled / 1000).toFixed(0)} s (limit ${cfg.progressTimeoutSeconds} s)`,
    };
  return null;
}

/** What a new owner does with a run whose previous owner stopped (docs/execution.md, "Crash rule"). */
export type RecoveryRule =
  | 'rollback-before-switchover'
  | 'resume-after-switchover'
  | 'requeue-not-started'
  /**
   * The executor still reaches what carries the migration (QEMU outlived the
   * server) and goes on from what it reports, before or after switchover.
   */
  | 'ask-executor';

/**
 * The crash rule: before switchover the source still runs the VM, so the
 * safe move is back (tear down what was prepared; the source never stopped).
 * After switchover the target runs it and the source copy must never be
 * started again, so the only way is forward: finish the remaining steps.
 * A run still waiting for a slot never started anything: it waits again.
 */
export function recoveryRule(state: Pick<MigrationState, 'authority' | 'status'>): RecoveryRule {
  if (state.status === 'queued') return 'requeue-not-started';
  return state.authority === 'target' ? 'resume-after-switchover' : 'rollback-before-switchover';
}

/** What a run occupies while it runs, for the concurrency limits. */
export interface SlotClaim {
  id: string;
  hosts: string[];
  sites: string[];
  wanLinks: string[];
  /**
   * The estate its hosts, sites and links belong to. Ids are unique within an estate only
   * (every demo estate has a host `fra1.acc-1-h1`): runs of two estates share no slot.
   */
  estateId?: string;
}

export function claimOf(
  spec: Pick<MigrationSpec, 'fromHost' | 'toHost' | 'fromSite' | 'toSite' | 'path'> &
    Partial<Pick<MigrationSpec, 'estateId'>>,
): Omit<SlotClaim, 'id'> {
  return {
    hosts: [spec.fromHost, spec.toHost],
    sites: spec.fromSite === spec.toSite ? [spec.fromSite] : [spec.fromSite, spec.toSite],
    wanLinks: spec.path.filter((l) => l.wan).map((l) => l.id),
    ...(spec.estateId !== undefined && { estateId: spec.estateId }),
  };
}

/**
 * The waiting runs that may start now, first come first served: each is
 * admitted when every host, site and WAN link it uses has a free slot, counting
 * the running ones and those admitted before it. The first one that does not
 * fit does not block the others behind it (a small run is not held up by a big one).
 */
export function admit(
  running: readonly SlotClaim[],
  waiting: readonly SlotClaim[],
  cfg: MigrationLimits,
): string[] {
  // Every tick asks, mostly with nothing waiting: the slots of a thousand running runs go uncounted then.
  if (waiting.length === 0) return [];
  const use = new Map<string, number>();
  const add = (c: SlotClaim) => {
    for (const { key } of slotsOf(c)) use.set(key, (use.get(key) ?? 0) + 1);
  };
  running.forEach(add);
  const admitted: string[] = [];
  for (const c of waiting) {
    if (slotsOf(c).every((slot) => (use.get(slot.key) ?? 0) < limitOf(slot.kind, cfg))) {
      add(c);
      admitted.push(c.id);
    }
  }
  return admitted;
}

/** Which limit keeps a waiting run waiting, for the queued event. */
export function waitingFor(
  running: readonly SlotClaim[],
  claim: SlotClaim,
  cfg: SafetyConfig,
): string | null {
  const use = new Map<string, number>();
  for (const c of running) for (const { key } of slotsOf(c)) use.set(key, (use.get(key) ?? 0) + 1);
  for (const { key, kind, name } of slotsOf(claim)) {
    const limit = limitOf(kind, cfg);
    if ((use.get(key) ?? 0) >= limit)
      return `${limit} migration(s) already use ${kind === 'wan' ? 'WAN link' : kind} ${name}`;
  }
  return null;
}

type SlotKind = 'host' | 'site' | 'wan';

const limitOf = (kind: SlotKind, cfg: MigrationLimits): number =>
  kind === 'host' ? cfg.perHost : kind === 'site' ? cfg.perSite : cfg.perWanLink;

/** The slots a claim takes, once each, keyed within its estate. */
function slotsOf(c: SlotClaim): { key: string; kind: SlotKind; name: string }[] {
  const scope = c.estateId === undefined ? '' : `${c.estateId}|`;
  const slots = new Map<string, { key: string; kind: SlotKind; name: string }>();
  const take = (kind: SlotKind, name: string) => {
    const key = `${kind}:${scope}${name}`;
    slots.set(key, { key, kind, name });
  };
  for (const h of c.hosts) take('host', h);
  for (const s of c.sites) take('site', s);
  for (const w of c.wanLinks) take('wan', w);
  return [...slots.values()];
}
