/**
 * `vmmi plan evacuate`, `drain` and `waves` (R14, R16; docs/planning.md): a
 * proposal that empties a host or a site, or moves a set of VMs, on an estate
 * file, from the shared engine (`proposeEvacuation`), and its waves
 * (`planWaves`). Text by default (plan-text.ts), JSON with `--json`; a
 * request that names nothing real exits with 2.
 */
import {
  adviseRebalance,
  planWaves,
  proposeEvacuation,
  tenantVmsToMove,
  vmsToMove,
  type EvacuationProposal,
  type EvacuationRequest,
  type ImpactEngine,
} from '@vmmi/shared';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { engineOfFile, refused } from './commands.ts';
import { CliInputError, printJson, printText, type Stdio } from './io.ts';
import { formatProposalText, formatRebalanceText, formatWavesText } from './plan-text.ts';

/** A repeatable option of comma-separated ids. */
export const idList = (value: string, acc: string[]) => [
  ...acc,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** `--pin vm=host`, repeatable. */
function pin(value: string, acc: Record<string, string>): Record<string, string> {
  const m = /^([^=\s]+)=([^=\s]+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`"${value}" is not vm=host`);
  return { ...acc, [m[1]!]: m[2]! };
}

interface PlanOptions {
  estate: string;
  pin: Record<string, string>;
  excludeHost: string[];
  excludeSite: string[];
  to: string[];
  acrossSites?: boolean;
  json: boolean;
}

/** What `plan waves` and `waves run` move: one of these. */
export interface WavesSourceOptions {
  drain?: string | undefined;
  evacuate?: string | undefined;
  vm: string[];
  tenant?: string | undefined;
  /** With a tenant: its VMs already in one of these sites stay. */
  to: string[];
}

interface WavesOptions extends PlanOptions, WavesSourceOptions {
  gate: 'auto' | 'approval';
}

function proposal(engine: ImpactEngine, request: EvacuationRequest): EvacuationProposal {
  const result = proposeEvacuation(engine, request);
  if (!result.ok) throw refused(result.error);
  return result.proposal;
}

const requestOf = (source: EvacuationRequest['source'], o: PlanOptions): EvacuationRequest => ({
  source,
  pin: o.pin,
  excludeHosts: o.excludeHost,
  excludeSites: o.excludeSite,
  toSites: o.to,
  acrossSites: o.acrossSites === true,
});

/**
 * Of the VMs given with `--vm`, those a move to the `--to` sites takes: one
 * there already stays (as the web's "Move the N shown" leaves it); an id the
 * estate lacks is kept, so that the engine refuses it by name (unknown-vm).
 */
function givenVmsToMove(engine: ImpactEngine, vmIds: string[], toSites: string[]): string[] {
  const { estate } = engine.index;
  const moving = new Set(vmsToMove(estate, vmIds, toSites));
  const known = new Set(estate.vms.map((v) => v.id));
  const ids = vmIds.filter((id) => moving.has(id) || !known.has(id));
  if (!ids.length) throw new CliInputError(`every VM given is in ${toSites.join(', ')} already`);
  return ids;
}

/** The one source `vmmi plan waves` (or `waves run`) is given, or bad input. */
export function wavesSource(
  engine: ImpactEngine,
  o: WavesSourceOptions,
): EvacuationRequest['source'] {
  const given = [o.drain, o.evacuate, o.vm.length ? o.vm : undefined, o.tenant].filter(
    (x) => x !== undefined,
  );
  if (given.length !== 1)
    throw new CliInputError('give one of --drain, --evacuate, --vm, --tenant');
  if (o.drain !== undefined) return { kind: 'site', siteId: o.drain };
  if (o.evacuate !== undefined) return { kind: 'host', hostId: o.evacuate };
  if (o.vm.length) return { kind: 'vms', vmIds: givenVmsToMove(engine, o.vm, o.to) };
  const vmIds = tenantVmsToMove(engine.index.estate, o.tenant!, o.to);
  if (!vmIds.length)
    throw new CliInputError(
      o.to.length
        ? `no VMs of tenant "${o.tenant}" outside ${o.to.join(', ')}`
        : `no VMs of tenant "${o.tenant}"`,
    );
  return { kind: 'vms', vmIds };
}

export function addPlanCommands(program: Command, stdio: Stdio): void {
  const plan = program
    .command('plan')
    .description(
      'plans at estate scale: evacuate a host, drain a site, split a move into waves, rebalance',
    );
  const common = (c: Command) =>
    c
      .requiredOption('--estate <file>', 'estate file (JSON or YAML), or "-" for stdin')
      .option('--pin <vm=host>', 'send a VM to this host, repeatable', pin, {})
      .option('--exclude-host <id[,id...]>', 'hosts never to use, repeatable', idList, [])
      .option('--exclude-site <id[,id...]>', 'sites never to use, repeatable', idList, [])
      .option('--to <site[,site...]>', 'only these sites take VMs', idList, [])
      .option('--json', 'print JSON', false);
  const run =
    (source: (id: string) => EvacuationRequest['source']) => async (id: string, o: PlanOptions) => {
      const p = proposal(await engineOfFile(o.estate, stdio), requestOf(source(id), o));
      await (o.json ? printJson(stdio, p, true) : printText(stdio, formatProposalText(p)));
    };
  common(
    plan
      .command('evacuate')
      .description('a target host for every VM on a host (for maintenance), in its site first')
      .argument('<host>', 'the host to empty')
      .option('--across-sites', 'let VMs go to other sites even while theirs has room', false),
  ).action(run((hostId) => ({ kind: 'host', hostId })));
  common(
    plan
      .command('drain')
      .description('a target host in another site for every VM of a site, near its peers')
      .argument('<site>', 'the site to empty'),
  ).action(run((siteId) => ({ kind: 'site', siteId })));
  common(
    plan
      .command('waves')
      .description(
        'the waves that carry out a drain, an evacuation or a move of VMs: VMs that talk together, each wave within the concurrency limits and converging at its bandwidth share',
      )
      .option('--drain <site>', 'the site to empty')
      .option('--evacuate <host>', 'the host to empty')
      .option('--vm <id[,id...]>', 'these VMs (with --to: where)', idList, [])
      .option('--tenant <id>', 'every VM of a tenant (with --to: where)')
      .addOption(
        new Option('--gate <gate>', 'before every wave but the first')
          .choices(['auto', 'approval'])
          .default('approval'),
      ),
  ).action(async (o: WavesOptions) => {
    const engine = await engineOfFile(o.estate, stdio);
    const p = proposal(engine, requestOf(wavesSource(engine, o), o));
    const waves = planWaves(
      engine,
      p.moves.map((m) => ({ vmId: m.vmId, toHost: m.toHost })),
      { gate: o.gate },
    );
    await (o.json
      ? printJson(stdio, { proposal: p, waves }, true)
      : printText(stdio, formatWavesText(p, waves)));
  });
  plan
    .command('rebalance')
    .description(
      'a bounded number of moves toward an objective: even host load in each site, fewer busy hosts, VMs nearer their peers, or the same load in every site',
    )
    .requiredOption('--estate <file>', 'estate file (JSON or YAML), or "-" for stdin')
    .addOption(
      new Option('--objective <objective>', 'what to improve')
        .choices(['balance', 'consolidate', 'nearest', 'uniform'])
        .makeOptionMandatory(),
    )
    .option('--site <id>', 'one site (default: every site); uniform: move out of this site only')
    .option('--max-moves <n>', 'at most this many moves', wholeNumber, 10)
    .option('--max-host-load <share>', 'consolidate: fill hosts up to this load (0-1]', share, 0.8)
    .option('--json', 'print JSON', false)
    .action(
      async (o: {
        estate: string;
        objective: string;
        site?: string;
        maxMoves: number;
        maxHostLoad: number;
        json: boolean;
      }) => {
        const result = adviseRebalance(await engineOfFile(o.estate, stdio), {
          objective: o.objective,
          maxMoves: o.maxMoves,
          maxHostLoad: o.maxHostLoad,
          ...(o.site !== undefined && { siteId: o.site }),
        });
        if (!result.ok) throw refused(result.error);
        await (o.json
          ? printJson(stdio, result.advice, true)
          : printText(stdio, formatRebalanceText(result.advice)));
      },
    );
}

function wholeNumber(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1)
    throw new InvalidArgumentError(`"${value}" is not a whole number of 1 or more`);
  return x;
}

function share(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x <= 1))
    throw new InvalidArgumentError(`"${value}" is not a share above 0 and at most 1`);
  return x;
}
