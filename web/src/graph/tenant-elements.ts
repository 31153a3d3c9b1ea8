/**
 * What the canvas draws for a tenant's overlay view, as plain data: a box per
 * site the tenant runs in, its VMs inside in a grid (grouped by network), its
 * VNEs under them, its virtual networks in a row below, an edge from each VM
 * and VNE to its network, and, for a stretched network, a dashed tunnel arc
 * over the boxes between every two sites it spans. Deterministic: the same
 * estate gives the same positions.
 */
import {
  siteOfVm,
  type Estate,
  type Segmentation,
  type Vm,
  type VirtualNetwork,
} from '@vmmi/shared';
import { estateIndex } from '../estate/estate-index.ts';
import { countOf } from '../planner/format.ts';
import type { GraphEdge, GraphElements, GraphNode } from './elements.ts';
import { naturalCompare } from './natural-compare.ts';
import { shortNames } from './short-names.ts';

/** Canvas node ids of the tenant view, prefixed so that they never collide with device or site ids. */
export const tenantNodeId = {
  site: (siteId: string) => `tsite:${siteId}`,
  vm: (vmId: string) => `vm:${vmId}`,
  network: (networkId: string) => `vnet:${networkId}`,
  vne: (vneId: string) => `vne:${vneId}`,
};

/** Grid spacing of the VMs in a site box. */
const DX = 96;
const DY = 46;
const PAD = 30;
/** Room at the top of a box for the site's caption, drawn inside it so tunnel arcs never cross it. */
const HEAD = 56;
/** Space above and below the caption inside HEAD. */
const TITLE_GAP = 10;
/**
 * Width of a character as a share of the font size, a little over the
 * average of the sans-serif fonts the canvas uses (digits, lower case), so
 * that a label sized with it fits.
 */
const CHAR_EM = 0.62;
/** A VM's label may use its cell's width but this, so neighbours keep apart. */
const VM_LABEL_ROOM = DX - 16;
const GAP = 110;
/** Distance from the lowest box to the row of networks: room for the VM → network edges to fan out. */
const NET_DROP = 170;
const NET_SPACING = 260;

/** "VXLAN 10010", "Geneve 20020", "Agent 3001", "VLAN 120": the segment as operators name it. */
export function segmentLabel(seg: Segmentation): string {
  switch (seg.type) {
    case 'vlan':
      return `VLAN ${seg.vlanId}`;
    case 'vxlan':
      return `VXLAN ${seg.vni}`;
    case 'geneve':
      return `Geneve ${seg.vni}`;
    case 'agent':
      return `Agent ${seg.clusterId}`;
  }
}

interface Column {
  siteId: string;
  vms: Vm[];
  vneIds: string[];
  cols: number;
  left: number;
  width: number;
  height: number;
}

export function tenantElements(estate: Estate, tenantId: string): GraphElements {
  const index = estateIndex(estate);
  if (!index.tenants.has(tenantId)) return { nodes: [], edges: [] };
  const networks = estate.networks.filter((n) => n.tenantId === tenantId);
  const netOrder = new Map(networks.map((n, i) => [n.id, i]));
  const vnes = estate.vnes.filter((v) => v.tenantId === tenantId);

  // Sites the tenant runs in, in the estate's order: where its VMs and VNEs are placed.
  const vmsBySite = new Map<string, Vm[]>();
  for (const vm of estate.vms) {
    if (vm.tenantId !== tenantId) continue;
    const siteId = siteOfVm(index, vm);
    if (siteId === undefined) continue;
    const list = vmsBySite.get(siteId);
    if (list) list.push(vm);
    else vmsBySite.set(siteId, [vm]);
  }
  const vneSite = new Map(vnes.map((v) => [v.id, index.devices.get(v.hostId)?.siteId]));
  const columns: Column[] = [];
  let left = 0;
  for (const site of estate.sites) {
    const vms = (vmsBySite.get(site.id) ?? []).sort(
      (a, b) =>
        (netOrder.get(a.networkId) ?? 0) - (netOrder.get(b.networkId) ?? 0) ||
        naturalCompare(a.name, b.name),
    );
    const vneIds = vnes.filter((v) => vneSite.get(v.id) === site.id).map((v) => v.id);
    if (vms.length === 0 && vneIds.length === 0) continue;
    const cols = Math.min(4, Math.max(2, Math.ceil(Math.sqrt(vms.length))));
    const rows = Math.ceil(vms.length / cols) + (vneIds.length ? 1 : 0);
    const width = cols * DX + 2 * PAD;
    columns.push({
      siteId: site.id,
      vms,
      vneIds,
      cols,
      left,
      width,
      height: HEAD + rows * DY + PAD,
    });
    left += width + GAP;
  }

  // Captions grow with the picture's width, so that they stay legible once it is fitted to the screen.
  const fontSize = Math.round(Math.min(26, Math.max(14, left / 80)));
  // VMs are labelled by their names without what their network's VMs share, in the largest
  // font at which the longest label fits its cell (the full name is in the tooltip).
  const vmLabel = vmLabels(columns.flatMap((c) => c.vms));
  const longest = Math.max(1, ...[...vmLabel.values()].map((l) => l.length));
  const vmFontSize = Math.max(8, Math.min(18, Math.floor(VM_LABEL_ROOM / (CHAR_EM * longest))));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const centreOf = new Map<string, number>();
  for (const c of columns) {
    const site = index.sites.get(c.siteId)!;
    const centre = c.left + c.width / 2;
    centreOf.set(c.siteId, centre);
    const title = `${site.name} · ${countOf(c.vms.length, 'VM')}`;
    // As large as the other captions, smaller where that would not fit inside the box.
    const titleSize = Math.min(
      fontSize,
      HEAD - 2 * TITLE_GAP,
      Math.floor((c.width - 2 * TITLE_GAP) / (CHAR_EM * title.length)),
    );
    nodes.push({
      id: tenantNodeId.site(c.siteId),
      position: { x: centre, y: c.height / 2 },
      data: {
        kind: 'tsite',
        siteId: c.siteId,
        label: title,
        ownership: site.ownership,
        fontSize: titleSize,
        // Down from the box's top edge (above which Cytoscape puts a top label) to inside it.
        titleDy: titleSize + TITLE_GAP,
        w: c.width,
        h: c.height,
      },
    });
    const cell = (i: number) => ({
      x: c.left + PAD + DX / 2 + (i % c.cols) * DX,
      y: HEAD + DY / 2 + Math.floor(i / c.cols) * DY,
    });
    c.vms.forEach((vm, i) =>
      nodes.push({
        id: tenantNodeId.vm(vm.id),
        position: cell(i),
        data: {
          kind: 'vm',
          vmId: vm.id,
          name: vm.name,
          label: vmLabel.get(vm.id) ?? vm.name,
          fontSize: vmFontSize,
          siteId: c.siteId,
          networkId: vm.networkId,
          networkName: index.networks.get(vm.networkId)?.name ?? vm.networkId,
        },
      }),
    );
    // VNEs take the row under the VMs.
    const firstVneCell = Math.ceil(c.vms.length / c.cols) * c.cols;
    c.vneIds.forEach((id, i) => {
      const vne = index.vnes.get(id)!;
      nodes.push({
        id: tenantNodeId.vne(id),
        position: cell(firstVneCell + i),
        data: { kind: 'vne', vneId: id, vneKind: vne.kind, label: `${vne.name}\n${vne.kind}` },
      });
    });
  }

  // Which sites each network spans, from where its VMs run (the VTEPs or agents that exist).
  const spans = new Map<string, string[]>();
  for (const c of columns)
    for (const id of new Set(c.vms.map((vm) => vm.networkId)))
      spans.set(id, [...(spans.get(id) ?? []), c.siteId]);

  const bottom = Math.max(0, ...columns.map((c) => c.height));
  const placed = networks.map((n, i) => {
    const at = (spans.get(n.id) ?? n.siteIds)
      .map((s) => centreOf.get(s))
      .filter((x) => x !== undefined);
    const x = at.length ? at.reduce((a, b) => a + b, 0) / at.length : left + i * NET_SPACING;
    return { network: n, x };
  });
  // Left to right by their sites' centre, then pushed apart so that no two labels overlap.
  placed.sort(
    (a, b) => a.x - b.x || (netOrder.get(a.network.id) ?? 0) - (netOrder.get(b.network.id) ?? 0),
  );
  for (let i = 1; i < placed.length; i++)
    placed[i]!.x = Math.max(placed[i]!.x, placed[i - 1]!.x + NET_SPACING);
  for (const { network, x } of placed)
    nodes.push(networkNode(network, x, bottom + NET_DROP, fontSize));

  for (const c of columns) {
    for (const vm of c.vms)
      if (netOrder.has(vm.networkId))
        edges.push({
          id: `vmnet:${vm.id}`,
          source: tenantNodeId.vm(vm.id),
          target: tenantNodeId.network(vm.networkId),
          data: { kind: 'vm-net', networkId: vm.networkId },
        });
    for (const id of c.vneIds)
      for (const netId of index.vnes.get(id)!.networkIds)
        if (netOrder.has(netId))
          edges.push({
            id: `vnenet:${id}:${netId}`,
            source: tenantNodeId.vne(id),
            target: tenantNodeId.network(netId),
            data: { kind: 'vne-net', networkId: netId },
          });
  }
  edges.push(...tunnels(networks, spans, columns, fontSize));
  return { nodes, edges };
}

/** Each VM's short label: its name without the prefix its network's VMs share (short-names.ts). */
function vmLabels(vms: readonly Vm[]): Map<string, string> {
  const byNetwork = new Map<string, Vm[]>();
  for (const vm of vms) {
    const group = byNetwork.get(vm.networkId);
    if (group) group.push(vm);
    else byNetwork.set(vm.networkId, [vm]);
  }
  const out = new Map<string, string>();
  for (const group of byNetwork.values()) {
    const short = shortNames(group.map((vm) => vm.name));
    group.forEach((vm, i) => out.set(vm.id, short[i]!));
  }
  return out;
}

function networkNode(n: VirtualNetwork, x: number, y: number, fontSize: number): GraphNode {
  const scope = n.stretched ? 'stretched' : 'per-site L2';
  return {
    id: tenantNodeId.network(n.id),
    position: { x, y },
    data: {
      kind: 'vnet',
      networkId: n.id,
      encapsulation: n.segmentation.type,
      stretched: n.stretched ? 'yes' : 'no',
      fontSize,
      label: `${n.name}\n${segmentLabel(n.segmentation)} · ${scope}`,
    },
  };
}

/**
 * A stretched network is one L2 segment across its sites: every two of them
 * are joined by a tunnel (VXLAN and Geneve VTEPs and agents form a full mesh).
 * Arcs rise higher the further apart their sites are, and each network gets
 * its own height, so arcs over the same boxes do not lie on top of each other.
 */
function tunnels(
  networks: readonly VirtualNetwork[],
  spans: ReadonlyMap<string, string[]>,
  columns: readonly Column[],
  fontSize: number,
): GraphEdge[] {
  const position = new Map(columns.map((c, i) => [c.siteId, i]));
  const edges: GraphEdge[] = [];
  networks
    .filter((n) => n.stretched && (spans.get(n.id)?.length ?? 0) >= 2)
    .forEach((n, k) => {
      const sites = spans.get(n.id)!;
      for (let i = 0; i < sites.length; i++)
        for (let j = i + 1; j < sites.length; j++) {
          const apart = position.get(sites[j]!)! - position.get(sites[i]!)!;
          edges.push({
            id: `tunnel:${n.id}:${sites[i]}:${sites[j]}`,
            source: tenantNodeId.site(sites[i]!),
            target: tenantNodeId.site(sites[j]!),
            data: {
              kind: 'tunnel',
              networkId: n.id,
              encapsulation: n.segmentation.type,
              label: segmentLabel(n.segmentation),
              fontSize: Math.round(fontSize * 0.8),
              // Negative bends a left-to-right edge upwards, over the boxes.
              arc: -(110 + 90 * (apart - 1) + 50 * k),
            },
          });
        }
    });
  return edges;
}
