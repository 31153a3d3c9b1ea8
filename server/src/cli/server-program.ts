/**
 * The `vmmi` commands that drive a running server, on the commander program
 * (main.ts): migrate, fault, migrations, abort, events. Each sets the exit
 * code of the run it belongs to (remote-io.ts's EXIT).
 */
import { printAudit, type AuditOptions } from './audit-command.ts';
import { ConvergenceSchema, type Convergence } from '@vmmi/shared';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createApi, DEFAULT_SERVER, type Api } from './client.ts';
import {
  abort,
  clearFault,
  events,
  FAULT_KINDS,
  injectFault,
  listFaults,
  listMigrations,
  migrate,
  MIGRATE_STRATEGIES,
} from './remote-commands.ts';
import { idList } from './plan-commands.ts';
import { processIo, reportError, type Io } from './remote-io.ts';
import {
  approveWave,
  cancelWaves,
  followWaveRun,
  listWaveRuns,
  runWaves,
  waveStatus,
  type WavesRunOptions,
} from './wave-commands.ts';

/** What a command run ends with; the actions set it. */
export interface CliRun {
  exitCode: number;
}

function speed(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= 0.01 && n <= 100_000))
    throw new InvalidArgumentError(`"${value}" is not a speed from 0.01 to 100000`);
  return n;
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 500)
    throw new InvalidArgumentError(`"${value}" is not a whole number from 1 to 500`);
  return n;
}

function waveNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 100)
    throw new InvalidArgumentError(`"${value}" is not a wave number from 1 to 100`);
  return n;
}

function factor(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(n > 0 && n < 1))
    throw new InvalidArgumentError(`"${value}" is not a factor between 0 and 1`);
  return n;
}

interface ServerFlags {
  server?: string;
}

function withServer(cmd: Command): Command {
  return cmd.option(
    '--server <url>',
    `the server's URL (default: $VMMI_SERVER, else the config file's, else ${DEFAULT_SERVER}); the API token comes from $VMMI_TOKEN or the config file (docs/cli.md)`,
  );
}

export function addServerCommands(program: Command, run: CliRun, io: Io = processIo): void {
  /** Runs a command against the server and records its exit code; a failure is one JSON line on stderr. */
  const remote =
    <A extends unknown[]>(fn: (api: Api, ...args: A) => Promise<number>) =>
    async (...args: A) => {
      // commander passes the arguments, then the options, then the command: the options come first.
      const flags = args.find(
        (a): a is ServerFlags => typeof a === 'object' && a !== null && !Array.isArray(a),
      );
      const server = flags?.server;
      try {
        run.exitCode = await fn(createApi({ server }), ...args);
      } catch (err) {
        run.exitCode = await reportError(
          err,
          io,
          server ?? process.env.VMMI_SERVER ?? DEFAULT_SERVER,
        );
      }
    };

  withServer(
    program
      .command('migrate')
      .description(
        'move a VM on a running server: preview, accept, execute; with --follow, print its events as JSON lines until it ends (exit 0 succeeded, 3 rolled back, 4 failed, 2 refused)',
      )
      .requiredOption('--vm <id>', 'the VM to move')
      .requiredOption('--to <host-or-site>', 'destination host id or site id')
      .addOption(
        new Option('--strategy <name>', 'mobility strategy')
          .choices(MIGRATE_STRATEGIES)
          .default('best'),
      )
      .option('--speed <n>', 'simulated seconds per second (1: real time)', speed, 1)
      .addOption(
        new Option(
          '--executor <name>',
          'sim: the simulator (the demo’s); qemu: a real QEMU guest migrated over QMP',
        )
          .choices(['sim', 'qemu'])
          .default('sim'),
      )
      .addOption(
        new Option(
          '--convergence <how>',
          'when the memory copy does not converge: throttle the guest, switch over and fetch the rest, or roll back',
        )
          .choices(ConvergenceSchema.options)
          .default('auto-converge'),
      )
      .option(
        '--window-opens <time>',
        'change window: the switchover begins no earlier (ISO 8601 with offset, e.g. 2026-12-06T22:00:00+01:00); the copy starts now',
      )
      .option(
        '--window-closes <time>',
        'change window: the switchover ends by then, or the run rolls back',
      )
      .option(
        '--cold',
        'a cold migration: shut down, copy the disk, boot (all downtime; no live compatibility needed; the simulator runs it)',
        false,
      )
      .option('--follow', 'print the run’s events until it ends', false)
      .option('--estate <id>', 'the estate (default: the server’s only one)'),
  ).action(
    remote(
      (
        api,
        opts: {
          vm: string;
          to: string;
          strategy: string;
          speed: number;
          executor: 'sim' | 'qemu';
          convergence: Convergence;
          windowOpens?: string;
          windowCloses?: string;
          cold: boolean;
          follow: boolean;
          estate?: string;
        },
      ) => migrate(api, io, opts),
    ),
  );

  const fault = program
    .command('fault')
    .description('inject, list and clear faults on a running server (docs/execution-ops.md)');
  withServer(
    fault
      .command('inject')
      .description('inject a fault; prints it (its id clears it)')
      .argument('<kind>', FAULT_KINDS.join(' | '))
      .option('--host <id>', 'host-down: the host')
      .option('--link <id>', 'link-down: the link; bandwidth-collapse: the link (default: all)')
      .option('--factor <f>', 'bandwidth-collapse: capacity left, 0..1 (default 0.01)', factor)
      .option('--migration <id>', 'stuck-progress, executor-crash: the run')
      .option('--estate <id>', 'host and link faults: the estate (default: the server’s only one)'),
  ).action(
    remote(
      (
        api,
        kind: string,
        o: { host?: string; link?: string; factor?: number; migration?: string; estate?: string },
      ) =>
        injectFault(api, io, kind, {
          host: o.host,
          link: o.link,
          factor: o.factor,
          migration: o.migration,
          estate: o.estate,
        }),
    ),
  );
  withServer(
    fault
      .command('list')
      .description('the active faults, one JSON line each')
      .option('--all', 'cleared ones too', false),
  ).action(remote((api, o: { all: boolean }) => listFaults(api, io, o)));
  withServer(fault.command('clear').description('clear a fault').argument('<id>')).action(
    remote((api, id: string) => clearFault(api, io, id)),
  );

  withServer(
    program
      .command('migrations')
      .description('the migrations, newest first, one JSON line each')
      .option('--active', 'only those queued or running', false)
      .option('--estate <id>', 'one estate’s (default: every estate’s)'),
  ).action(remote((api, o: { active: boolean; estate?: string }) => listMigrations(api, io, o)));

  withServer(
    program
      .command('audit')
      .description('the audit log, newest first, one JSON line per entry (admin)')
      .option('--limit <n>', 'entries per page, 1 to 500', pageSize, 100)
      .option('--action <prefix>', 'only actions starting so, e.g. estate. or auth.login')
      .option('--actor <name>', 'only this actor’s')
      .option('--target <id>', 'only entries about this estate, plan, run, user or token')
      .option('--before <id>', 'only entries older than this one')
      .option('--all', 'every page back to the first entry', false),
  ).action(remote((api, o: AuditOptions) => printAudit(api, io, o)));

  withServer(
    program
      .command('abort')
      .description(
        'ask for a migration’s abort: it rolls back before switchover, and is refused after',
      )
      .argument('<id>', 'the migration'),
  ).action(remote((api, id: string) => abort(api, io, id)));

  const waves = program
    .command('waves')
    .description(
      'run a drain, an evacuation or a set of VMs as waves on a running server, a gate between them (docs/execution.md, "Wave runs")',
    );
  withServer(
    waves
      .command('run')
      .description(
        'plan the waves on the server’s estate (as `plan waves` does) and have the server run them; prints the wave run (exit 2 refused or bad input)',
      )
      .option('--drain <site>', 'empty this site')
      .option('--evacuate <host>', 'empty this host')
      .option('--vm <id[,id...]>', 'move these VMs', idList, [])
      .option('--tenant <id>', 'move every VM of this tenant')
      .option('--to <site[,site...]>', 'only these sites take VMs', idList, [])
      .addOption(
        new Option(
          '--approval <when>',
          'each: an operator approves every wave after the first (`waves approve`); auto: each begins when the last succeeded',
        )
          .choices(['each', 'auto'])
          .default('each'),
      )
      .option('--speed <n>', 'simulated seconds per second (1: real time)', speed, 1)
      .option(
        '--window-opens <time>',
        'change window for every wave: switchovers begin no earlier (ISO 8601 with offset); copies start when the wave begins',
      )
      .option('--window-closes <time>', 'change window: switchovers end by then, or roll back')
      .option(
        '--follow',
        'print the wave run’s history as JSON lines until it ends (exit 0 succeeded, 3 halted or cancelled)',
        false,
      )
      .option('--estate <id>', 'the estate (default: the server’s only one)'),
  ).action(remote((api, o: WavesRunOptions) => runWaves(api, io, o)));
  withServer(
    waves
      .command('status')
      .description('a wave run: its waves, their runs, status and history, one JSON line')
      .argument('<id>', 'the wave run')
      .option('--follow', 'print its history as JSON lines until it ends (exit 0, 3)', false),
  ).action(
    remote((api, id: string, o: { follow: boolean }) =>
      o.follow ? followWaveRun(api, io, id, {}) : waveStatus(api, io, id),
    ),
  );
  withServer(
    waves
      .command('list')
      .description('an estate’s wave runs, newest first, one JSON line each')
      .option('--active', 'only those running or awaiting approval', false)
      .option('--estate <id>', 'the estate (default: the server’s only one)'),
  ).action(remote((api, o: { active: boolean; estate?: string }) => listWaveRuns(api, io, o)));
  withServer(
    waves
      .command('approve')
      .description('open the gate of the wave awaiting approval (refused for any other wave)')
      .argument('<id>', 'the wave run')
      .requiredOption('--wave <n>', 'the wave awaiting approval, from 1', waveNumber),
  ).action(remote((api, id: string, o: { wave: number }) => approveWave(api, io, id, o.wave)));
  withServer(
    waves
      .command('cancel')
      .description('end a wave run: no later wave begins; runs already started finish')
      .argument('<id>', 'the wave run'),
  ).action(remote((api, id: string) => cancelWaves(api, io, id)));

  withServer(
    program
      .command('events')
      .description(
        'stream events as JSON lines: every event from now on (until interrupted), or one migration’s from its first until it ends (exit 0, 3, 4 as migrate --follow)',
      )
      .option('--migration <id>', 'one migration’s events')
      .option('--after <id>', 'only events after this id (resume where a previous stream stopped)'),
  ).action(
    remote((api, o: { migration?: string; after?: string }) =>
      events(api, io, { migration: o.migration, after: o.after }),
    ),
  );
}
