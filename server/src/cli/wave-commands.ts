/**
 * `vmmi waves run | status | approve | cancel` (docs/cli.md): a drain, an
 * evacuation or a set of VMs run on the server as a wave run. `run` plans the
 * waves here with the shared engine (`proposeEvacuation`, `planWaves`, as
 * `vmmi plan waves` does) on the estate the server holds, under the server's
 * migration limits, and has the server carry them out; with `--follow` it
 * prints the wave run's history as it grows until it ends.
 */
import {
  createImpactEngine,
  isWaveRunActive,
  planWaves,
  proposeEvacuation,
  waveRunInput,
} from '@vmmi/shared';
import type { Api } from './client.ts';
import { wavesSource, type WavesSourceOptions } from './plan-commands.ts';
import { changeWindowOf, resolveEstate } from './remote-commands.ts';
import { CliRefusal, EXIT, type Io } from './remote-io.ts';

export interface WavesRunOptions extends WavesSourceOptions {
  estate?: string | undefined;
  /** Only these sites take VMs. */
  to: string[];
  /** `each`: an operator approves every wave after the first; `auto`: each begins when the last succeeded. */
  approval: 'auto' | 'each';
  speed: number;
  windowOpens?: string | undefined;
  windowCloses?: string | undefined;
  follow: boolean;
  /** How often --follow reads the wave run, ms. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** `waves run`: plans the waves on the server's estate and starts them as a wave run. */
export async function runWaves(api: Api, io: Io, o: WavesRunOptions): Promise<number> {
  const window = changeWindowOf(o);
  const estateId = await resolveEstate(api, o.estate);
  const [{ version, estate }, options] = await Promise.all([
    api.estate.get.query({ id: estateId }),
    api.impact.options.query(),
  ]);
  const engine = createImpactEngine(estate, { lazyRouting: true });
  const source = wavesSource(engine, o);
  const proposed = proposeEvacuation(engine, { source, toSites: o.to });
  if (!proposed.ok)
    throw new CliRefusal({ kind: 'preview-error', ...proposed.error }, proposed.error.message);
  const { proposal } = proposed;
  const gate = o.approval === 'auto' ? 'auto' : 'approval';
  const plan = planWaves(
    engine,
    proposal.moves.map((m) => ({ vmId: m.vmId, toHost: m.toHost })),
    {
      ...(options.migrationLimits && { limits: options.migrationLimits }),
      gate,
    },
  );
  if (plan.waves.length === 0)
    throw new CliRefusal(
      { kind: 'nothing-to-move', unplaced: proposal.unplaced, unplannable: plan.unplannable },
      'no VM can be moved: nothing to run',
    );
  const run = await api.waveRuns.create.mutate({
    estateId,
    expectedVersion: version,
    timeScale: o.speed,
    waves: waveRunInput(plan, proposal.moves, gate, window),
  });
  await io.out(
    JSON.stringify({
      waveRunId: run.id,
      estateId,
      estateVersion: version,
      status: run.status,
      waves: run.waves.map((w, i) => ({
        wave: i + 1,
        gate: w.gate,
        moves: w.moves,
      })),
      unplaced: proposal.unplaced,
      unplannable: plan.unplannable,
    }),
  );
  if (!o.follow) return EXIT.ok;
  return followWaveRun(api, io, run.id, o);
}

/** Prints each history entry once, as it appears, until the wave run ends: 0 succeeded, 3 halted or cancelled. */
export async function followWaveRun(
  api: Api,
  io: Io,
  id: string,
  o: { pollMs?: number; signal?: AbortSignal },
): Promise<number> {
  let printed = 0;
  for (;;) {
    const run = await api.waveRuns.get.query({ id });
    for (const entry of run.history.slice(printed)) await io.out(JSON.stringify(entry));
    printed = run.history.length;
    if (!isWaveRunActive(run)) return run.status === 'succeeded' ? EXIT.ok : EXIT.rolledBack;
    if (o.signal?.aborted) return EXIT.error;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1_000));
  }
}

/** `waves status`: the wave run, one JSON line. */
export async function waveStatus(api: Api, io: Io, id: string): Promise<number> {
  await io.out(JSON.stringify(await api.waveRuns.get.query({ id })));
  return EXIT.ok;
}

/** `waves approve --wave N`. */
export async function approveWave(api: Api, io: Io, id: string, wave: number): Promise<number> {
  await io.out(JSON.stringify(await api.waveRuns.approve.mutate({ id, wave })));
  return EXIT.ok;
}

/** `waves cancel`. */
export async function cancelWaves(api: Api, io: Io, id: string): Promise<number> {
  await io.out(JSON.stringify(await api.waveRuns.cancel.mutate({ id })));
  return EXIT.ok;
}

/** `waves list`: the estate's wave runs, newest first, one JSON line each. */
export async function listWaveRuns(
  api: Api,
  io: Io,
  o: { estate?: string | undefined; active: boolean },
): Promise<number> {
  const estateId = await resolveEstate(api, o.estate);
  for (const run of await api.waveRuns.list.query({ estateId, active: o.active }))
    await io.out(JSON.stringify(run));
  return EXIT.ok;
}
