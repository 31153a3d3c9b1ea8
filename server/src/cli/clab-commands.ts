/**
 * `vmmi import clab` and `vmmi export clab` (docs/cli.md, docs/import-clab.md):
 * containerlab topologies in and out through the engine's importClab / exportClab.
 * The import's report goes to stderr one entry a line; the estate (or, with
 * --server, what the server stored) to stdout.
 */
import {
  ClabExportError,
  exportClab,
  formatClabReport,
  importClab,
  serializeEstate,
} from '@vmmi/shared';
import { Option, type Command } from 'commander';
import { createApi, DEFAULT_SERVER } from './client.ts';
import { commandGroup } from './command-groups.ts';
import { checkYamlText } from '../import/parse/decode.ts';
import { IMPORT_LIMITS } from '../import/parse/limits.ts';
import { loadEstate, withinLimits } from './commands.ts';
import { CliInputError, printText, readInput, type Stdio } from './io.ts';
import { linesTo, reportError } from './remote-io.ts';
import type { CliRun } from './server-program.ts';

interface ImportFlags {
  server?: string;
  format: 'json' | 'yaml';
}

async function importClabFile(file: string, opts: ImportFlags, run: CliRun, stdio: Stdio) {
  const io = linesTo(stdio);
  const text = await readInput(file, stdio);
  withinLimits(file === '-' ? 'stdin' : file, () => checkYamlText(text, IMPORT_LIMITS));
  const { estate, report } = importClab(text);
  for (const line of formatClabReport(report).split('\n')) if (line) await io.err(line);
  const errors = report.filter((e) => e.severity === 'error').length;
  if (!estate)
    throw new CliInputError(
      `${file === '-' ? 'stdin' : file} was not imported: ${errors} error${errors === 1 ? '' : 's'}`,
    );
  if (opts.server === undefined) {
    await printText(stdio, serializeEstate(estate, opts.format));
    return;
  }
  try {
    const written = await createApi({ server: opts.server }).estate.import.mutate({ estate });
    await io.out(JSON.stringify(written));
  } catch (err) {
    run.exitCode = await reportError(err, io, opts.server);
  }
}

async function exportClabFile(file: string, opts: { site?: string }, stdio: Stdio) {
  const estate = await loadEstate(file, stdio);
  try {
    await printText(stdio, exportClab(estate, { siteId: opts.site }));
  } catch (e) {
    if (e instanceof ClabExportError) throw new CliInputError(e.message);
    throw e;
  }
}

export function addClabCommands(program: Command, run: CliRun, stdio: Stdio): void {
  commandGroup(program, 'import')
    .command('clab')
    .description(
      'a containerlab topology (.clab.yml) → an estate file on stdout, or with --server imported into a running server; the report (what was left out or assumed) on stderr',
    )
    .argument('<file>', 'the topology file, or "-" for stdin')
    .option(
      '--server <url>',
      `import into this running server (estate.import) instead of printing the estate; e.g. ${DEFAULT_SERVER}`,
    )
    .addOption(
      new Option('--format <format>', 'output format without --server')
        .choices(['json', 'yaml'])
        .default('json'),
    )
    .action((file: string, opts: ImportFlags) => importClabFile(file, opts, run, stdio));

  commandGroup(program, 'export')
    .command('clab')
    .description('an estate file → a containerlab topology (YAML) on stdout')
    .argument('[file]', 'the estate file (JSON or YAML), or "-" for stdin', '-')
    .option('--site <id>', 'only this site (WAN links to other sites are left out)')
    .action((file: string, opts: { site?: string }) => exportClabFile(file, opts, stdio));
}
