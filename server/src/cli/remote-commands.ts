/**
 * The commands that drive a running server (docs/cli.md, "Commands against a
 * running server"): migrate a VM, inject and clear faults, list and abort
 * migrations, stream events. Each prints JSON lines through `io` and returns
 * its exit code (remote-io.ts); failures are thrown and reported by the caller.
 */
import {
  ChangeWindowSchema,
  type ChangeWindow,
  type Convergence,
  StrategyNameSchema,
  type FaultInput,
  type FaultKind,
  type ImpactReport,
  type MoveMode,
  type MoveTarget,
  type PreviewResult,
} from '@vmmi/shared';
import type { Api } from './client.ts';
import { followEvents } from './follow.ts';
import { CliInputError } from './io.ts';
import { CliRefusal, EXIT, type Io } from './remote-io.ts';

export const MIGRATE_STRATEGIES = ['best', ...StrategyNameSchema.options] as const;

/** The estate a command means: the one named, or the server's only one. */
export async function resolveEstate(api: Api, given: string | undefined): Promise<string> {
  if (given) return given;
  const estates = await api.estate.list.query();
  if (estates.length === 1) return estates[0]!.id;
  if (estates.length === 0) throw new CliInputError('the server holds no estate: import one first');
  throw new CliInputError(
    `the server holds ${estates.length} estates (${estates.map((e) => e.id).join(', ')}): name one with --estate`,
  );
}

export interface MigrateOptions {
  vm: string;
  /** A host id or a site id. */
  to: string;
  strategy: string;
  /** Simulated seconds per second (the run's timeScale). */
  speed: number;
  /** `sim` (the server's `simulated` executor, the default) or `qemu`. */
  executor?: 'sim' | 'qemu';
  /** When the copy does not converge (the server's default: auto-converge). */
  convergence?: Convergence;
  /** A cold migration (shut down, copy the disk, boot) instead of a live one. */
  cold?: boolean;
  /** A change window (both or neither): the switchover only inside it. */
  windowOpens?: string | undefined;
  windowCloses?: string | undefined;
  follow: boolean;
  estate?: string | undefined;
  signal?: AbortSignal;
}

/**
 * `migrate`: previews the move (the target is tried as a host, then as a
 * site), accepts the previewed plan on the estate version it was computed
 * on, executes it, and with `follow` prints the run's events until it ends.
 */
export async function migrate(api: Api, io: Io, opts: MigrateOptions): Promise<number> {
  if (!opts.vm.trim() || opts.vm.includes(','))
    throw new CliInputError('--vm takes one VM id (migrate moves one VM at a time)');
  if (!(MIGRATE_STRATEGIES as readonly string[]).includes(opts.strategy))
    throw new CliInputError(
      `--strategy "${opts.strategy}" is not one of ${MIGRATE_STRATEGIES.join(', ')}`,
    );
  const window = changeWindowOf(opts);
  const estateId = await resolveEstate(api, opts.estate);
  const mode: MoveMode = opts.cold ? 'cold' : 'live';
  const preview = async (target: MoveTarget) => {
    const request = { vmIds: [opts.vm], target, strategy: opts.strategy, mode };
    const { estateVersion, result } = await api.impact.preview.query({ estateId, request });
    return { estateVersion, result, target };
  };
  let previewed = await preview({ kind: 'host', hostId: opts.to });
  if (!previewed.result.ok && previewed.result.error.code === 'unknown-target')
    previewed = await preview({ kind: 'site', siteId: opts.to });
  const { estateVersion, target } = previewed;
  const result: PreviewResult = previewed.result;
  if (!result.ok) {
    const message =
      result.error.code === 'unknown-target'
        ? `estate "${estateId}" has no host or site "${opts.to}"`
        : result.error.message;
    throw new CliRefusal({ kind: 'preview-error', code: result.error.code, message }, message);
  }
  const { report } = result;
  if (!report.feasible || !report.strategy)
    throw new CliRefusal(
      { kind: 'infeasible', blocking: report.blocking },
      `the move is blocked: ${report.blocking.map((r) => r.message).join('; ') || 'no strategy applies'}${coldHint(report)}`,
    );
  // Accept what was previewed: the chosen strategy and mode, on the version the preview saw.
  const { plan } = await api.plans.accept.mutate({
    estateId,
    request: { vmIds: [opts.vm], target, strategy: report.strategy, mode },
    expectedVersion: estateVersion,
  });
  const { migrations } = await api.migrations.execute.mutate({
    planId: plan.id,
    timeScale: opts.speed,
    executor: opts.executor === 'qemu' ? 'qemu' : 'simulated',
    ...(opts.convergence ? { convergence: opts.convergence } : {}),
    ...(window && { window }),
  });
  const run = migrations[0]!;
  if (!opts.follow) {
    const placement = report.placements[0]!;
    await io.out(
      JSON.stringify({
        migrationId: run.id,
        planId: plan.id,
        estateId,
        estateVersion,
        vmId: run.vmId,
        fromHost: placement.fromHost,
        toHost: placement.toHost,
        strategy: report.strategy,
        mode,
        speed: opts.speed,
      }),
    );
    return EXIT.ok;
  }
  return followEvents(api, io, { migrationId: run.id, signal: opts.signal });
}

/** Where the server offers a cold migration of a blocked live move, how to ask for it. */
const coldHint = (report: ImpactReport): string =>
  report.coldOption
    ? `; a cold migration is possible (${report.coldOption.because}): downtime ${report.coldOption.interruption.totalMs} ms, run it with --cold`
    : '';

/** The change window of `--window-opens` / `--window-closes`, checked here so nothing is accepted for a bad one. */
export function changeWindowOf(
  opts: Pick<MigrateOptions, 'windowOpens' | 'windowCloses'>,
): ChangeWindow | undefined {
  if (opts.windowOpens === undefined && opts.windowCloses === undefined) return undefined;
  if (opts.windowOpens === undefined || opts.windowCloses === undefined)
    throw new CliInputError('a change window needs both --window-opens and --window-closes');
  const parsed = ChangeWindowSchema.safeParse({
    opensAt: opts.windowOpens,
    closesAt: opts.windowCloses,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  if (!parsed.success)
    throw new CliInputError(
      `bad change window: ${parsed.error.issues.map((i) => i.message).join('; ')} (times are ISO 8601 with an offset, e.g. 2026-12-06T22:00:00+01:00)`,
    );
  return parsed.data;
}

export interface EventsOptions {
  migration?: string | undefined;
  after?: string | undefined;
  signal?: AbortSignal;
}

/** `events`: every event from now (or after an id), or one migration's until it ends. */
export async function events(api: Api, io: Io, opts: EventsOptions): Promise<number> {
  if (opts.after !== undefined && !/^\d{1,19}$/.test(opts.after))
    throw new CliInputError(`--after "${opts.after}" is not an event id (a decimal number)`);
  if (opts.migration !== undefined && opts.after !== undefined) {
    // A run that ended at or before that id would never send another event.
    const { state } = await api.migrations.get.query({ id: opts.migration });
    const ended = state.status !== 'queued' && state.status !== 'running';
    if (ended && BigInt(state.lastEventId) <= BigInt(opts.after))
      return state.status === 'succeeded'
        ? EXIT.ok
        : state.status === 'rolled-back'
          ? EXIT.rolledBack
          : EXIT.failed;
  }
  return followEvents(api, io, {
    migrationId: opts.migration,
    after: opts.after ?? null,
    signal: opts.signal,
  });
}

export interface MigrationsOptions {
  active: boolean;
  estate?: string | undefined;
}

/** `migrations`: one line per run, newest first; every estate's when none is named. */
export async function listMigrations(api: Api, io: Io, opts: MigrationsOptions): Promise<number> {
  const estateIds = opts.estate ? [opts.estate] : (await api.estate.list.query()).map((e) => e.id);
  for (const estateId of estateIds)
    for (const row of await api.migrations.list.query({ estateId, active: opts.active }))
      await io.out(JSON.stringify(row));
  return EXIT.ok;
}

export async function abort(api: Api, io: Io, id: string): Promise<number> {
  await io.out(JSON.stringify(await api.migrations.abort.mutate({ id })));
  return EXIT.ok;
}

export const FAULT_KINDS = [
  'host-down',
  'link-down',
  'bandwidth-collapse',
  'stuck-progress',
  'executor-crash',
] as const satisfies readonly FaultKind[];

export interface FaultOptions {
  host?: string | undefined;
  link?: string | undefined;
  factor?: number | undefined;
  migration?: string | undefined;
  estate?: string | undefined;
}

/** Which flags each fault takes; any other is refused, so a typo is not silently ignored. */
const FAULT_FLAGS: Record<
  FaultKind,
  { needs: (keyof FaultOptions)[]; may: (keyof FaultOptions)[] }
> = {
  'host-down': { needs: ['host'], may: ['estate'] },
  'link-down': { needs: ['link'], may: ['estate'] },
  'bandwidth-collapse': { needs: [], may: ['link', 'factor', 'estate'] },
  'stuck-progress': { needs: ['migration'], may: ['estate'] },
  'executor-crash': { needs: ['migration'], may: ['estate'] },
};

/** The fault a `fault inject KIND` command line describes. */
export function faultOf(kind: string, opts: FaultOptions): FaultInput {
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new CliInputError(`unknown fault "${kind}"; use one of ${FAULT_KINDS.join(', ')}`);
  const k = kind as FaultKind;
  const { needs, may } = FAULT_FLAGS[k];
  for (const flag of needs)
    if (opts[flag] === undefined) throw new CliInputError(`fault ${k} needs --${flag}`);
  for (const flag of Object.keys(opts) as (keyof FaultOptions)[])
    if (opts[flag] !== undefined && !needs.includes(flag) && !may.includes(flag))
      throw new CliInputError(`fault ${k} takes no --${flag}`);
  if (opts.factor !== undefined && !(opts.factor > 0 && opts.factor < 1))
    throw new CliInputError(`--factor ${opts.factor} must be between 0 and 1 (exclusive)`);
  switch (k) {
    case 'host-down':
      return { kind: k, hostId: opts.host! };
    case 'link-down':
      return { kind: k, linkId: opts.link! };
    case 'bandwidth-collapse':
      return { kind: k, linkId: opts.link, factor: opts.factor };
    case 'stuck-progress':
    case 'executor-crash':
      return { kind: k, migrationId: opts.migration! };
  }
}

/** `fault inject KIND`: prints the stored fault. Host and link faults name their estate. */
export async function injectFault(
  api: Api,
  io: Io,
  kind: string,
  opts: FaultOptions,
): Promise<number> {
  const fault = faultOf(kind, opts);
  const byMigration = fault.kind === 'stuck-progress' || fault.kind === 'executor-crash';
  const estateId = byMigration ? undefined : await resolveEstate(api, opts.estate);
  await io.out(JSON.stringify(await api.faults.inject.mutate({ estateId, fault })));
  return EXIT.ok;
}

export async function listFaults(api: Api, io: Io, opts: { all: boolean }): Promise<number> {
  for (const fault of await api.faults.list.query({ active: !opts.all }))
    await io.out(JSON.stringify(fault));
  return EXIT.ok;
}

export async function clearFault(api: Api, io: Io, id: string): Promise<number> {
  await io.out(JSON.stringify(await api.faults.clear.mutate({ id })));
  return EXIT.ok;
}
