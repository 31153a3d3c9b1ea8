/**
 * containerlab topology → estate (R21: the operator's existing lab files). All or
 * nothing, like estate files: the result is a whole estate that passes validation, or
 * none and the report says why. The report also names what was left out (bridges,
 * host and management links, ...) and the values assumed because containerlab files
 * do not hold them (host capacity, link speeds). docs/import-clab.md.
 */
import YAML from 'yaml';
import type { Device } from '../../model/device.ts';
import { emptyEstate, type Estate } from '../../model/estate.ts';
import { parseEstate } from '../../model/estate-file.ts';
import type { Link } from '../../model/link.ts';
import type { Site } from '../../model/site.ts';
import type { WanLink } from '../../model/wan-link.ts';
import { FABRIC_DEFAULTS, ospfCost } from '../../topology/fabric.ts';
import { WAN_DEFAULTS } from '../../topology/multi-site.ts';
import { CLAB_LABELS, ClabDocumentSchema } from './clab-document.ts';
import { readLinks, type ClabLinkPair } from './endpoints.ts';
import { readNodes, type ClabNode } from './nodes.ts';
import { ClabReport, type ClabReportEntry } from './report.ts';
import { inferTiers } from './tiers.ts';

/** What an import assumes for what containerlab files do not say. */
export const CLAB_IMPORT_DEFAULTS = {
  hostCapacity: FABRIC_DEFAULTS.hostCapacity,
  hostLinkGbps: FABRIC_DEFAULTS.hostLinkGbps,
  fabricLinkGbps: FABRIC_DEFAULTS.fabricLinkGbps,
  hopLatencyMs: FABRIC_DEFAULTS.hopLatencyMs,
  wanLinkGbps: WAN_DEFAULTS.capacityGbps,
  /** The sites' places are unknown, so a WAN hop is given one millisecond. */
  wanLatencyMs: 1,
  gatewayStack: 'dual',
  site: { ownership: 'private', region: 'containerlab', location: { lat: 0, lon: 0 } },
} as const;

export interface ClabImportResult {
  estate: Estate | null;
  report: ClabReportEntry[];
}

/** A lab name as an id: characters ids may not hold become "-". */
function idFromName(name: string): string {
  const id = name.replace(/[^A-Za-z0-9._:~-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id.slice(0, 128) || 'clab';
}

function decode(text: string, report: ClabReport): unknown {
  try {
    return YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    report.error('file', `not YAML: ${(e as Error).message}`);
    return undefined;
  }
}

const fail = (report: ClabReport): ClabImportResult => ({ estate: null, report: report.entries });

export function importClab(text: string): ClabImportResult {
  const report = new ClabReport();
  const decoded = decode(text, report);
  if (report.failed) return fail(report);
  const shaped = ClabDocumentSchema.safeParse(decoded);
  if (!shaped.success) {
    for (const issue of shaped.error.issues)
      report.error(issue.path.length ? issue.path.join('.') : 'file', issue.message);
    return fail(report);
  }
  const doc = shaped.data;
  const labId = idFromName(doc.name);
  const { nodes, leftOut } = readNodes(doc, labId, report);
  const pairs = usablePairs(readLinks(doc.topology.links ?? [], report), nodes, leftOut, report);
  if (report.failed) return fail(report);

  assignTiers(nodes, pairs, report);
  const estate = buildEstate(doc.name, labId, nodes, pairs, report);
  if (report.failed) return fail(report);
  const parsed = parseEstate(estate);
  if (!parsed.ok) {
    for (const issue of parsed.issues) report.error(issue.path, issue.message);
    return fail(report);
  }
  return { estate: parsed.estate, report: report.entries };
}

/** Links between two devices of ours; the others are reported. */
function usablePairs(
  pairs: ClabLinkPair[],
  nodes: Map<string, ClabNode>,
  leftOut: Map<string, string>,
  report: ClabReport,
): ClabLinkPair[] {
  return pairs.filter(({ object, a, b }) => {
    for (const end of [a, b]) {
      if (leftOut.has(end.node)) {
        report.warning(object, `joins "${end.node}", which is left out: left out too`);
        return false;
      }
      if (!nodes.has(end.node)) {
        report.error(object, `unknown node "${end.node}"`);
        return false;
      }
    }
    if (a.node === b.node) {
      report.warning(object, `joins "${a.node}" to itself: left out`);
      return false;
    }
    return true;
  });
}

function assignTiers(nodes: Map<string, ClabNode>, pairs: ClabLinkPair[], report: ClabReport) {
  const adjacency = new Map<string, string[]>();
  const join = (from: string, to: string) => {
    const list = adjacency.get(from);
    if (list) list.push(to);
    else adjacency.set(from, [to]);
  };
  for (const { a, b } of pairs) {
    join(a.node, b.node);
    join(b.node, a.node);
  }
  const all = [...nodes.values()];
  const unlabelled = all.filter((n) => !n.role).map((n) => n.name);
  if (!unlabelled.length) return;
  const result = inferTiers({
    unlabelled,
    switches: new Set(all.filter((n) => !n.isHost && n.role !== 'gateway').map((n) => n.name)),
    hosts: new Set(all.filter((n) => n.isHost).map((n) => n.name)),
    neighbours: (id) => adjacency.get(id) ?? [],
    graphLevel: (id) => {
      const v = nodes.get(id)?.labels[CLAB_LABELS.graphLevel];
      const n = typeof v === 'boolean' || v === undefined || v === '' ? NaN : Number(v);
      return Number.isFinite(n) ? n : undefined;
    },
  });
  for (const [name, tier] of result.tiers) nodes.get(name)!.role = tier;
  const count = (tier: string) => [...result.tiers.values()].filter((t) => t === tier).length;
  report.assumed(
    'tiers',
    `${result.by === 'graph-level' ? `from the ${CLAB_LABELS.graphLevel} labels` : 'from the graph'}: ${count('leaf')} leaf, ${count('spine')} spine, ${count('core')} core switches (label a node ${CLAB_LABELS.role} to say otherwise)`,
  );
  if (result.hostless.length)
    report.assumed(
      'tiers',
      `switches joined to no host (the groups of ${result.hostless.join(', ')}): their lowest layer was taken to be those with the fewest switch links`,
    );
  if (result.deep.length)
    report.assumed(
      'tiers',
      `more than three switch layers: ${result.deep.join(', ')}, above the super-spines, taken as core too`,
    );
}

function buildEstate(
  labName: string,
  labId: string,
  nodes: Map<string, ClabNode>,
  pairs: ClabLinkPair[],
  report: ClabReport,
): Estate {
  const d = CLAB_IMPORT_DEFAULTS;
  const devices = new Map<string, Device>();
  const siteIds: string[] = [];
  const gatewaysWithoutStack: string[] = [];
  for (const n of nodes.values()) {
    if (!siteIds.includes(n.siteId)) siteIds.push(n.siteId);
    const role = n.role!;
    if (role === 'gateway' && !n.stack) gatewaysWithoutStack.push(n.name);
    const tables = FABRIC_DEFAULTS.tables[role];
    devices.set(n.name, {
      id: n.deviceId,
      siteId: n.siteId,
      name: n.deviceName,
      role,
      ports: 1,
      state: 'up',
      ...(role === 'host' && { capacity: { ...d.hostCapacity } }),
      ...(role !== 'host' && tables && { tables: { ...tables } }),
      ...(role === 'gateway' && { stack: n.stack ?? d.gatewayStack }),
    });
  }

  const links: Link[] = [];
  const wanLinks: WanLink[] = [];
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let i = 2; usedIds.has(id); i++) id = `${base}~${i}`;
    usedIds.add(id);
    return id;
  };
  const ports = new Map<string, number>();
  for (const { object, a, b } of pairs) {
    const da = devices.get(a.node)!;
    const db = devices.get(b.node)!;
    ports.set(da.id, (ports.get(da.id) ?? 0) + 1);
    ports.set(db.id, (ports.get(db.id) ?? 0) + 1);
    if (da.siteId !== db.siteId) {
      if (da.role !== 'gateway' || db.role !== 'gateway') {
        report.error(
          object,
          `joins sites "${da.siteId}" and "${db.siteId}": only gateways (${CLAB_LABELS.role}: gateway) are joined across sites`,
        );
        continue;
      }
      wanLinks.push({
        id: uniqueId(`wan.${da.siteId}~${db.siteId}`),
        a: da.id,
        b: db.id,
        capacityGbps: d.wanLinkGbps,
        latencyMs: d.wanLatencyMs,
        cost: Math.max(1, Math.round(d.wanLatencyMs)),
        state: 'up',
        utilisation: 0,
      });
      continue;
    }
    const gbps = da.role === 'host' || db.role === 'host' ? d.hostLinkGbps : d.fabricLinkGbps;
    links.push({
      id: uniqueId(`${da.id}~${db.id}`),
      a: da.id,
      b: db.id,
      capacityGbps: gbps,
      latencyMs: d.hopLatencyMs,
      cost: ospfCost(gbps),
      state: 'up',
      utilisation: 0,
    });
  }
  for (const device of devices.values()) device.ports = Math.max(1, ports.get(device.id) ?? 0);

  reportAssumptions(devices, links, wanLinks, siteIds, gatewaysWithoutStack, report);
  const sites: Site[] = siteIds.map((id) => ({
    id,
    name: id,
    ownership: d.site.ownership,
    region: d.site.region,
    location: { ...d.site.location },
    topology: { kind: 'custom', params: {} },
    routingMode: 'link-state',
    underlay: {},
  }));
  return {
    ...emptyEstate(labId, labName, `Imported from the containerlab topology "${labName}"`),
    sites,
    devices: [...devices.values()],
    links,
    wanLinks,
  };
}

/** Says once each default that stood in for what the file could not say. */
function reportAssumptions(
  devices: Map<string, Device>,
  links: Link[],
  wanLinks: WanLink[],
  siteIds: string[],
  gatewaysWithoutStack: string[],
  report: ClabReport,
) {
  const d = CLAB_IMPORT_DEFAULTS;
  const c = d.hostCapacity;
  if ([...devices.values()].some((x) => x.role === 'host'))
    report.assumed(
      'hosts',
      `capacity ${c.vcpu} vCPU, ${c.memoryGiB} GiB memory, ${c.diskGiB} GiB disk each`,
    );
  if (links.length)
    report.assumed(
      'links',
      `${d.hostLinkGbps} Gbps to hosts, ${d.fabricLinkGbps} Gbps between switches, ${d.hopLatencyMs} ms a hop`,
    );
  if (wanLinks.length)
    report.assumed('WAN links', `${d.wanLinkGbps} Gbps, ${d.wanLatencyMs} ms between gateways`);
  if (gatewaysWithoutStack.length)
    report.assumed(
      gatewaysWithoutStack.map((n) => `node "${n}"`).join(', '),
      `gateway without ${CLAB_LABELS.stack}: ${d.gatewayStack}-stack`,
    );
  report.assumed(
    siteIds.length === 1 ? `site "${siteIds[0]}"` : `sites ${siteIds.join(', ')}`,
    `${d.site.ownership}, region ${d.site.region}, at ${d.site.location.lat},${d.site.location.lon}; a custom fabric whose tiers are its devices' roles`,
  );
}
