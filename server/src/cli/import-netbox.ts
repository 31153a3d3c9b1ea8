/**
 * `vmmi import netbox` (docs/cli.md, docs/import-netbox.md): reads a NetBox and
 * prints our estate file on stdout (JSON or YAML), progress and the report's
 * summary on stderr; `--dry-run` prints the role mapping and the report only;
 * `--server` stores the estate in a running server through `estate.import`.
 */
import { parseRoleMapEntries, RoleMapSyntaxError, serializeEstate } from '@vmmi/shared';
import type { Command } from 'commander';
import { createApi } from './client.ts';
import { NetboxError } from '../import/netbox/client.ts';
import { importFromNetbox, reportSummary } from '../import/netbox/import.ts';
import { CliInputError } from './io.ts';
import { EXIT, reportError, type Io } from './remote-io.ts';
import type { CliRun } from './server-program.ts';
import { commandGroup } from './command-groups.ts';

interface ImportNetboxFlags {
  url: string;
  token?: string;
  roleMap: string[];
  dryRun: boolean;
  server?: string;
  yaml: boolean;
}

const collect = (value: string, acc: string[]) => [...acc, value];

async function importNetbox(
  io: Io,
  flags: ImportNetboxFlags,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const token = env.NETBOX_TOKEN || flags.token;
  if (!token) throw new CliInputError('no NetBox token: set NETBOX_TOKEN (or give --token)');
  let roleMap;
  try {
    roleMap = parseRoleMapEntries(flags.roleMap);
  } catch (e) {
    if (e instanceof RoleMapSyntaxError) throw new CliInputError(`--role-map ${e.message}`);
    throw e;
  }
  let lastEndpoint = '';
  const run = await importFromNetbox({ url: flags.url, token }, { roleMap }, (p) => {
    if (p.fetched < p.count && p.endpoint === lastEndpoint) return;
    lastEndpoint = p.endpoint;
    if (p.fetched === p.count) void io.err(`netbox: ${p.endpoint} ${p.fetched}/${p.count}`);
  });
  await io.err(
    `netbox: read in ${Math.round(run.timing.fetchMs)} ms, mapped in ${Math.round(run.timing.mapMs)} ms`,
  );
  for (const line of reportSummary(run)) await io.err(line);
  if (flags.dryRun) {
    await io.out(
      JSON.stringify(
        { ok: run.estate !== null, roleMapping: run.roleMapping, report: run.report },
        null,
        2,
      ),
    );
    return run.estate ? EXIT.ok : EXIT.refused;
  }
  if (!run.estate) {
    await io.err(
      JSON.stringify({
        error: 'refused',
        message: 'the mapped estate does not validate',
        issues: run.report.issues,
      }),
    );
    return EXIT.refused;
  }
  if (flags.server !== undefined) {
    const stored = await createApi({ server: flags.server }, env).estate.import.mutate({
      estate: run.estate,
    });
    await io.out(JSON.stringify(stored));
    return EXIT.ok;
  }
  await io.out(serializeEstate(run.estate, flags.yaml ? 'yaml' : 'json').trimEnd());
  return EXIT.ok;
}

export function addImportCommands(
  program: Command,
  run: CliRun,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const imp = commandGroup(program, 'import');
  imp
    .command('netbox')
    .description(
      'read a NetBox (4.x; 3.x mostly) and print the estate it maps to; the report (unmapped objects, assumptions) goes to stderr (exit 0 done, 2 refused or bad input, 1 unreachable)',
    )
    .requiredOption('--url <url>', "NetBox's base URL, e.g. https://netbox.example.com")
    .option(
      '--token <token>',
      'API token; prefer $NETBOX_TOKEN, which wins (a flag shows in ps and shell history)',
    )
    .option(
      '--role-map <slug=role>',
      'map a NetBox device-role slug to a role or skip, repeatable',
      collect,
      [],
    )
    .option('--dry-run', 'print the role mapping and the report only', false)
    .option(
      '--server <url>',
      'store the estate in this running server (estate.import) instead of printing it',
    )
    .option('--yaml', 'print the estate as YAML', false)
    .action(async (flags: ImportNetboxFlags) => {
      try {
        run.exitCode = await importNetbox(io, flags, env);
      } catch (e) {
        if (e instanceof NetboxError) {
          await io.err(
            JSON.stringify({
              error: e.kind === 'unreachable' || e.kind === 'timeout' ? 'unreachable' : 'refused',
              kind: e.kind,
              message: e.message,
            }),
          );
          run.exitCode =
            e.kind === 'unreachable' || e.kind === 'timeout' ? EXIT.error : EXIT.refused;
          return;
        }
        run.exitCode = await reportError(e, io, flags.server ?? '');
      }
    });
}
