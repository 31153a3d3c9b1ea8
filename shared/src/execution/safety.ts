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
  if (sim.simMs >= limit)
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
}

export function claimOf(
  spec: Pick<MigrationSpec, 'fromHost' | 'toHost' | 'fromSite' | 'toSite' | 'path'>,
): Omit<SlotClaim, 'id'> {
  return {
    hosts: [spec.fromHost, spec.toHost],
    sites: spec.fromSite === spec.toSite ? [spec.fromSite] : [spec.fromSite, spec.toSite],
    wanLinks: spec.path.filter((l) => l.wan).map((l) => l.id),
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
    for (const k of keys(c)) use.set(k, (use.get(k) ?? 0) + 1);
  };
  running.forEach(add);
  const limitOf = (k: string) =>
    k.startsWith('host:') ? cfg.perHost : k.startsWith('site:') ? cfg.perSite : cfg.perWanLink;
  const admitted: string[] = [];
  for (const c of waiting) {
    if (keys(c).every((k) => (use.get(k) ?? 0) < limitOf(k))) {
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
  for (const c of running) for (const k of keys(c)) use.set(k, (use.get(k) ?? 0) + 1);
  for (const k of keys(claim)) {
    const [kind, ...rest] = k.split(':');
    const limit = kind === 'host' ? cfg.perHost : kind === 'site' ? cfg.perSite : cfg.perWanLink;
    if ((use.get(k) ?? 0) >= limit)
      return `${limit} migration(s) already use ${kind === 'wan' ? 'WAN link' : kind} ${rest.join(':')}`;
  }
  return null;
}

function keys(c: SlotClaim): string[] {
  return [
    ...new Set([
      ...c.hosts.map((h) => `host:${h}`),
      ...c.sites.map((s) => `site:${s}`),
      ...c.wanLinks.map((w) => `wan:${w}`),
    ]),
  ];
}
