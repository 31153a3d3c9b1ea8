/** The vmmi CLI's commands (docs/cli.md): generate, validate, stats. Each returns what to print. */
import {
  buildDemoEstate,
  createImpactEngine,
  previewMove,
  type ImpactEngine,
  type ImpactReport,
  buildSingleSiteEstate,
  estateStats,
  formatIssues,
  serializeEstate,
  GeneratedTopologyKindSchema,
  TopologyParamError,
  type Estate,
  type EstateFileFormat,
} from '@vmmi/shared';
import { parseEstateTextWithin } from '../import/parse/decode.ts';
import { IMPORT_LIMITS, ImportLimitError } from '../import/parse/limits.ts';
import { CliInputError, readInput, type Stdio } from './io.ts';

export const GENERATE_KINDS = [...GeneratedTopologyKindSchema.options, 'demo'] as const;

export function generate(kind: string, params: Record<string, number>): Estate {
  if (kind === 'demo') {
    if (Object.keys(params).length) throw new CliInputError('generate demo takes no parameters');
    return buildDemoEstate();
  }
  const parsed = GeneratedTopologyKindSchema.safeParse(kind);
  if (!parsed.success)
    throw new CliInputError(`unknown topology "${kind}"; use one of ${GENERATE_KINDS.join(', ')}`);
  try {
    return buildSingleSiteEstate(parsed.data, params);
  } catch (e) {
    if (e instanceof TopologyParamError || e instanceof RangeError)
      throw new CliInputError(e.message);
    throw e;
  }
}

/** A file's text parsed in-process, under the server's document limits (docs/security.md). */
export async function loadEstate(file: string, stdio: Stdio): Promise<Estate> {
  const text = await readInput(file, stdio);
  const name = file === '-' ? 'stdin' : file;
  const result = withinLimits(name, () => parseEstateTextWithin(text, IMPORT_LIMITS));
  if (!result.ok)
    throw new CliInputError(`${name} is not a valid estate:\n${formatIssues(result.issues)}`, {
      issues: result.issues,
    });
  return result.estate;
}

/** A limit the input breaks, as bad input (exit code 2) that names the limit. */
export function withinLimits<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ImportLimitError)
      throw new CliInputError(`${name}: ${e.message}`, { limit: e.limit });
    throw e;
  }
}

export async function validate(file: string, stdio: Stdio) {
  const estate = await loadEstate(file, stdio);
  return { ok: true, id: estate.id, stats: estateStats(estate) };
}

export async function stats(file: string, stdio: Stdio) {
  return estateStats(await loadEstate(file, stdio));
}

export function serialize(estate: Estate, format: EstateFileFormat): string {
  return serializeEstate(estate, format);
}

/** `preview`: the impact report of moving VMs to a host or a site; `--to` names either. */
/** The impact engine of an estate file (routing built as asked for). */
export async function engineOfFile(file: string, stdio: Stdio): Promise<ImpactEngine> {
  return createImpactEngine(await loadEstate(file, stdio), { lazyRouting: true });
}

/** An engine's typed refusal as bad input (exit code 2), `code: message`. */
export function refused(error: { code: string; message: string }): CliInputError {
  return new CliInputError(`${error.code}: ${error.message}`, { code: error.code });
}

export async function preview(
  opts: {
    estate: string;
    vm?: string;
    vne?: string;
    to: string;
    strategy: string;
    cold?: boolean;
  },
  stdio: Stdio,
): Promise<ImpactReport> {
  const estate = await loadEstate(opts.estate, stdio);
  const target = estate.sites.some((s) => s.id === opts.to)
    ? { kind: 'site' as const, siteId: opts.to }
    : { kind: 'host' as const, hostId: opts.to };
  if (!opts.vm === !opts.vne) throw new CliInputError('give --vm or --vne');
  const vmIds = (opts.vm ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const result = previewMove(createImpactEngine(estate, { lazyRouting: true }), {
    vmIds,
    ...(opts.vne !== undefined && { vneId: opts.vne }),
    target,
    strategy: opts.strategy,
    ...(opts.cold && { mode: 'cold' }),
  });
  if (!result.ok) throw refused(result.error);
  return result.report;
}
