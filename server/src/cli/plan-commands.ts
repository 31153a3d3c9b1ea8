/**
 * `vmmi plan evacuate` and `vmmi plan drain` (R16; docs/planning.md): a
 * proposal that empties a host or a site, on an estate file, from the shared
 * engine (`proposeEvacuation`). Text by default, the proposal as JSON with
 * `--json`; a request that names nothing real exits with 2.
 */
import {
  createImpactEngine,
  proposeEvacuation,
  type EvacuationProposal,
  type EvacuationRequest,
} from '@vmmi/shared';
import { InvalidArgumentError, type Command } from 'commander';
import { loadEstate } from './commands.ts';
import { CliInputError, printJson, printText } from './io.ts';

const list = (value: string, acc: string[]) => [
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
  acrossSites?: boolean;
  json: boolean;
}

export async function planEvacuation(
  estateFile: string,
  request: EvacuationRequest,
): Promise<EvacuationProposal> {
  const estate = await loadEstate(estateFile);
  const result = proposeEvacuation(createImpactEngine(estate, { lazyRouting: true }), request);
  if (!result.ok)
    throw new CliInputError(`${result.error.code}: ${result.error.message}`, {
      code: result.error.code,
    });
  return result.proposal;
}

const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2 });

/** The proposal as an operator reads it: where the VMs go, the traffic's change, each move. */
export function formatProposalText(p: EvacuationProposal): string {
  const s = p.summary;
  const what =
    p.request.source.kind === 'host'
      ? `Evacuate host ${p.request.source.hostId}`
      : `Drain site ${p.request.source.siteId}`;
  const lines = [
    `${what}: ${n(s.vms)} VMs, ${n(s.placed)} placed, ${n(s.unplaced)} not placed${
      p.moves.length ? (p.admitted ? ' (admitted together)' : ' (NOT admitted together)') : ''
    }`,
    ...s.bySite.map(
      (b) => `  to ${b.siteId}: ${n(b.vms)} VMs, ${n(b.vcpu)} vCPU, ${n(b.memoryGiB)} GiB`,
    ),
    `Their flows (${n(s.flows)}): over the WAN ${n(s.wanMbpsBefore)} → ${n(s.wanMbpsAfter)} Mbit/s; mean latency ${s.meanLatencyMsBefore.toFixed(3)} → ${s.meanLatencyMsAfter.toFixed(3)} ms`,
    `Memory to copy: ${n(s.memoryGiB)} GiB`,
  ];
  if (p.moves.length) {
    lines.push('', 'Moves:');
    for (const m of p.moves)
      lines.push(`  ${m.vmId}  ${m.fromHost} → ${m.toHost}${m.pinned ? '  (pinned)' : ''}`);
  }
  if (p.unplaced.length) {
    lines.push('', 'Not placed:');
    for (const u of p.unplaced)
      lines.push(`  ${u.vmId} on ${u.fromHost}: ${u.reasons.map((r) => r.message).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function addPlanCommands(program: Command): void {
  const plan = program
    .command('plan')
    .description('propose plans at estate scale: evacuate a host, drain a site');
  const common = (c: Command) =>
    c
      .requiredOption('--estate <file>', 'estate file (JSON or YAML), or "-" for stdin')
      .option('--pin <vm=host>', 'send a VM to this host, repeatable', pin, {})
      .option('--exclude-host <id[,id...]>', 'hosts never to use, repeatable', list, [])
      .option('--exclude-site <id[,id...]>', 'sites never to use, repeatable', list, [])
      .option('--json', 'print the proposal as JSON', false);
  const print = async (proposal: EvacuationProposal, json: boolean) =>
    json ? printJson(proposal, true) : printText(formatProposalText(proposal));

  const run =
    (source: (id: string) => EvacuationRequest['source']) => async (id: string, o: PlanOptions) =>
      print(
        await planEvacuation(o.estate, {
          source: source(id),
          pin: o.pin,
          excludeHosts: o.excludeHost,
          excludeSites: o.excludeSite,
          acrossSites: o.acrossSites === true,
        }),
        o.json,
      );
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
}
