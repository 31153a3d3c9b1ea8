/**
 * Estate (or one site) → containerlab topology (R21): hosts as `linux` nodes,
 * switches and gateways as SR Linux, every link and the WAN links between exported
 * gateways in the short endpoint form, and labels that carry what containerlab has no
 * field for (our role, site, id and name; `graph-level` for drawing tools), so that
 * importClab gives the same devices, links, roles and sites back. The output follows
 * containerlab's JSON schema (docs/schemas/clab.schema.json). docs/import-clab.md.
 */
import YAML from 'yaml';
import type { Device, DeviceRole } from '../../model/device.ts';
import type { Estate } from '../../model/estate.ts';
import { CLAB_LABELS } from './clab-document.ts';
import { EXPORT_KINDS } from './kinds.ts';

/** Drawing tiers (clab-io-draw's graph-level: lower is drawn higher), by role. */
const GRAPH_LEVEL: Record<DeviceRole, number> = {
  gateway: 1,
  core: 2,
  spine: 3,
  aggregation: 3,
  leaf: 4,
  access: 4,
  edge: 4,
  'bcube-switch': 4,
  host: 5,
};

/** containerlab's patterns for node and lab names. */
const NODE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-._]*$/;

/** A site the estate does not have. */
export class ClabExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClabExportError';
  }
}

export interface ClabExportOptions {
  /** Export one site only; WAN links leave with their far gateway. */
  siteId?: string;
}

export interface ClabNodeOut {
  kind: string;
  labels: Record<string, string | number>;
}

export interface ClabTopologyOut {
  name: string;
  topology: {
    kinds: Record<string, { image: string }>;
    nodes: Record<string, ClabNodeOut>;
    links?: { endpoints: [string, string] }[];
  };
}

/** A name containerlab accepts: other characters become "-". */
function clabName(text: string): string {
  const name = text.replace(/[^a-zA-Z0-9-._]/g, '-');
  return NODE_NAME.test(name) ? name : `n${name}`;
}

/**
 * Node names: the device's name where no other device has it, else its id; both made
 * containerlab-safe and, if that still clashes, numbered.
 */
function nodeNames(devices: readonly Device[]): Map<string, string> {
  const nameCount = new Map<string, number>();
  for (const d of devices) nameCount.set(d.name, (nameCount.get(d.name) ?? 0) + 1);
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const d of devices) {
    const base = clabName(nameCount.get(d.name) === 1 ? d.name : d.id);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    names.set(d.id, name);
  }
  return names;
}

function labelsOf(d: Device, node: string): Record<string, string | number> {
  return {
    [CLAB_LABELS.role]: d.role,
    [CLAB_LABELS.site]: d.siteId,
    ...(d.id !== `${d.siteId}.${node}` && { [CLAB_LABELS.id]: d.id }),
    ...(d.name !== node && { [CLAB_LABELS.name]: d.name }),
    ...(d.stack && { [CLAB_LABELS.stack]: d.stack }),
    [CLAB_LABELS.graphLevel]: GRAPH_LEVEL[d.role],
  };
}

export function exportClabTopology(
  estate: Estate,
  options: ClabExportOptions = {},
): ClabTopologyOut {
  const { siteId } = options;
  if (siteId !== undefined && !estate.sites.some((s) => s.id === siteId))
    throw new ClabExportError(`estate "${estate.id}" has no site "${siteId}"`);
  const devices = estate.devices.filter((d) => siteId === undefined || d.siteId === siteId);
  const names = nodeNames(devices);
  const isHost = (d: Device) => d.role === 'host';

  const nodes: Record<string, ClabNodeOut> = {};
  for (const d of devices) {
    const node = names.get(d.id)!;
    nodes[node] = {
      kind: (isHost(d) ? EXPORT_KINDS.host : EXPORT_KINDS.switch).kind,
      labels: labelsOf(d, node),
    };
  }

  const byId = new Map(devices.map((d) => [d.id, d]));
  const used = new Map<string, number>();
  const endpoint = (d: Device) => {
    const n = (used.get(d.id) ?? 0) + 1;
    used.set(d.id, n);
    const ifName = (isHost(d) ? EXPORT_KINDS.host : EXPORT_KINDS.switch).interfaceName(n);
    return `${names.get(d.id)!}:${ifName}`;
  };
  const links: { endpoints: [string, string] }[] = [];
  for (const l of [...estate.links, ...estate.wanLinks]) {
    const a = byId.get(l.a);
    const b = byId.get(l.b);
    if (a && b) links.push({ endpoints: [endpoint(a), endpoint(b)] });
  }

  const kinds: Record<string, { image: string }> = {};
  for (const k of [EXPORT_KINDS.switch, EXPORT_KINDS.host])
    if (Object.values(nodes).some((n) => n.kind === k.kind)) kinds[k.kind] = { image: k.image };
  return {
    name: clabName(siteId === undefined ? estate.id : `${estate.id}-${siteId}`),
    // containerlab's schema wants at least one link when there is a links section.
    topology: { kinds, nodes, ...(links.length && { links }) },
  };
}

/** The topology as containerlab YAML, endpoint pairs on one line each as in containerlab's examples. */
export function exportClab(estate: Estate, options: ClabExportOptions = {}): string {
  const topology = exportClabTopology(estate, options);
  const doc = new YAML.Document(topology);
  doc.commentBefore = ` containerlab topology exported by VMMI Planner from estate "${estate.id}"${
    options.siteId === undefined ? '' : `, site "${options.siteId}"`
  }`;
  const links = doc.getIn(['topology', 'links']);
  if (YAML.isSeq(links))
    for (const link of links.items) {
      const endpoints = YAML.isMap(link) ? link.get('endpoints', true) : undefined;
      if (YAML.isSeq(endpoints)) endpoints.flow = true;
    }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
