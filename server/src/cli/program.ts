/**
 * vmmi: the command-line face of the engine (R21). JSON on stdout, errors on
 * stderr, exit code 2 on bad input. The offline commands work on estate files;
 * the server commands (server-program.ts) drive a running server. See docs/cli.md.
 * main.ts runs it on the process's streams; tests run it on their own.
 */
import {
  estateJsonSchema,
  MAX_GENERATED_HOSTS,
  StrategyNameSchema,
  topologyGenerators,
} from '@vmmi/shared';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { generate, GENERATE_KINDS, preview, serialize, stats, validate } from './commands.ts';
import { formatReportText } from './preview-text.ts';
import { addClabCommands } from './clab-commands.ts';
import { CliInputError, printJson, printText, writeTo, type Stdio } from './io.ts';
import { addImportCommands } from './import-netbox.ts';
import { addPlanCommands } from './plan-commands.ts';
import { linesTo } from './remote-io.ts';
import { addServerCommands, type CliRun } from './server-program.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/** `--param name=value`, repeatable, for any generator parameter. */
function collectParam(value: string, acc: Record<string, number>): Record<string, number> {
  const m = /^([A-Za-z]+)=(\d+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`"${value}" is not name=number`);
  return { ...acc, [m[1]!]: Number(m[2]) };
}

const GENERATOR_FLAGS: [flag: string, param: string, help: string][] = [
  ['--k <n>', 'k', 'fat-tree: ports per switch (even); bcube: highest level'],
  ['--n <n>', 'n', 'bcube: ports per switch'],
  ['--cores <n>', 'cores', 'three-tier: core switches'],
  ['--aggregations <n>', 'aggregations', 'three-tier: aggregation switches (even)'],
  [
    '--access-per-aggregation <n>',
    'accessPerAggregation',
    'three-tier: access switches per aggregation switch',
  ],
  ['--hosts-per-access <n>', 'hostsPerAccess', 'three-tier: hosts per access switch'],
  ['--spines <n>', 'spines', 'leaf-spine: spine switches'],
  ['--leaves <n>', 'leaves', 'leaf-spine: leaf switches'],
  ['--hosts-per-leaf <n>', 'hostsPerLeaf', 'leaf-spine: hosts per leaf'],
];

/** A parameter's range (`1..64`), per generator where several have it (`fat-tree 2..100; bcube 0..4`). */
function rangesOf(param: string): string {
  const ranges = Object.values(topologyGenerators).flatMap((g) => {
    const range = g.ranges[param];
    return range ? [{ name: g.name, text: `${range.min}..${range.max}` }] : [];
  });
  if (ranges.length === 1) return ranges[0]!.text;
  return ranges.map((r) => `${r.name} ${r.text}`).join('; ');
}

export function buildProgram(run: CliRun, stdio: Stdio): Command {
  const program = new Command('vmmi')
    .description(
      'VMMI Planner command line: generate, validate and inspect estates; containerlab topologies in and out; migrate VMs and inject faults on a running server',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void stdio.stdout.write(s),
      writeErr: (s) => void stdio.stderr.write(s),
    });

  const gen = program
    .command('generate')
    .description('generate an estate: one site of a topology kind, or the demo estate')
    .argument('<kind>', GENERATE_KINDS.join(' | '))
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'yaml']).default('json'),
    )
    .option('--pretty', 'indent JSON output', false)
    .option('--param <name=value>', 'any generator parameter, repeatable', collectParam, {});
  for (const [flag, param, help] of GENERATOR_FLAGS)
    gen.option(flag, `${help} (${rangesOf(param)})`, positiveInt);
  gen.addHelpText(
    'after',
    `\nA generated site has at most ${MAX_GENERATED_HOSTS.toLocaleString('en')} hosts (three-tier and bcube parameters are bounded together).`,
  );
  gen.action(async (kind: string, opts: Record<string, unknown>) => {
    const params: Record<string, number> = { ...(opts.param as Record<string, number>) };
    for (const [, param] of GENERATOR_FLAGS)
      if (typeof opts[param] === 'number') params[param] = opts[param];
    const estate = generate(kind, params);
    if (opts.format === 'yaml') await printText(stdio, serialize(estate, 'yaml'));
    else await printJson(stdio, estate, opts.pretty === true);
  });

  program
    .command('validate')
    .description('validate an estate file (JSON or YAML, "-" for stdin)')
    .argument('<file>')
    .action(async (file: string) => printJson(stdio, await validate(file, stdio), true));

  program
    .command('stats')
    .description('count sites, devices by role, hosts, links, tenants, networks, VMs and flows')
    .argument('<file>', 'estate file, or "-" for stdin')
    .action(async (file: string) => printJson(stdio, await stats(file, stdio), true));

  program
    .command('preview')
    .description(
      'the impact of moving VMs to a host or a site: routing, tunnels, addresses, policy, capacity, migration, plan',
    )
    .requiredOption('--estate <file>', 'estate file (JSON or YAML), or "-" for stdin')
    .option('--vm <id[,id...]>', 'the VM to move (comma-separated for a group)')
    .option('--vne <id>', 'or the virtual network element to move (R20)')
    .requiredOption('--to <host-or-site>', 'destination host id or site id')
    .option('--strategy <name>', [...StrategyNameSchema.options, 'best', 'all'].join(' | '), 'best')
    .option(
      '--cold',
      'a cold migration (R15): shut down, copy the disk, boot; no live compatibility needed',
      false,
    )
    .option('--json', 'print the report as JSON', false)
    .action(
      async (opts: {
        estate: string;
        vm: string;
        to: string;
        strategy: string;
        cold: boolean;
        json: boolean;
      }) => {
        const report = await preview(opts, stdio);
        if (opts.json) await printJson(stdio, report, true);
        else await printText(stdio, formatReportText(report));
      },
    );

  program
    .command('schema')
    .description('print the JSON Schema of the estate file format')
    .action(() => printJson(stdio, estateJsonSchema(), true));

  const io = linesTo(stdio);
  addPlanCommands(program, stdio);
  addClabCommands(program, run, stdio);
  addServerCommands(program, run, io);
  addImportCommands(program, run, io);
  return program;
}

/** Runs a command line to its end and returns its exit code. */
export async function main(argv: string[], stdio: Stdio): Promise<number> {
  const run: CliRun = { exitCode: 0 };
  try {
    await buildProgram(run, stdio).parseAsync(argv, { from: 'user' });
    return run.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliInputError) {
      await writeTo(stdio.stderr, `vmmi: ${e.message}\n`);
      if (e.details) await printJson(stdio, { ok: false, error: e.message, ...e.details });
      return 2;
    }
    await writeTo(stdio.stderr, `vmmi: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
