/**
 * What the canvas tooltip says about an element, from its element data alone
 * (elements.ts, fold.ts): a title and a few name–value rows. Pure, so the
 * wording is unit-tested; Tooltip.tsx only places and renders it.
 */
import type { ElementData } from './elements.ts';

export interface TooltipContent {
  title: string;
  rows: [string, string][];
}

const pct = (x: string | number | undefined) => `${Math.round(Number(x ?? 0) * 100)}%`;
const gbps = (g: string | number | undefined) => {
  const n = Number(g ?? 0);
  return n >= 1000 ? `${n / 1000} Tbps` : `${n} Gbps`;
};
const str = (x: string | number | undefined) => String(x ?? '');

/** The tooltip of an element, or null for elements that have none (captions, boxes). */
export function tooltipContent(data: ElementData): TooltipContent | null {
  switch (data.kind) {
    case 'site':
      return {
        title: str(data.name),
        rows: [
          ['Topology', str(data.topologyLabel)],
          ['Hosts', str(data.hosts)],
          ['VMs', str(data.vms)],
        ],
      };
    case 'device': {
      const rows: [string, string][] = [
        ['Role', str(data.role)],
        ['State', str(data.state)],
      ];
      if (data.role === 'host')
        rows.push(['VMs', str(data.vms)], ['Load', `${pct(data.load)} of the busiest host`]);
      if (data.stack) rows.push(['Stack', str(data.stack)]);
      return { title: str(data.name), rows };
    }
    case 'fold':
      return {
        title: `${str(data.name)} (folded)`,
        rows: [
          ['Switches', str(data.switches)],
          ...(data.groupKind === 'unit'
            ? ([
                ['Hosts', str(data.hosts)],
                ['VMs', str(data.vms)],
                ['Mean load', pct(data.load)],
              ] as [string, string][])
            : []),
          ['Unfold', 'double-click'],
        ],
      };
    case 'vm':
      return {
        title: str(data.name),
        rows: [['Network', str(data.networkName)]],
      };
    case 'wan':
      return {
        title: `WAN link ${str(data.label)}`,
        rows: [
          ['Capacity', gbps(data.capacity)],
          ['Utilisation', pct(data.utilisation)],
          ['Latency', `${str(data.latencyMs)} ms`],
        ],
      };
    case 'link':
      return {
        title: 'Link',
        rows: [
          ['Capacity', gbps(data.capacity)],
          ['Utilisation', pct(data.utilisation)],
          ['State', str(data.state)],
        ],
      };
    case 'detail-switches':
      return { title: str(data.label), rows: [['Each switch', 'zoom in or double-click']] };
    case 'detail-hosts':
      return {
        title: `${str(data.hosts)} hosts`,
        rows: [
          ['VMs', str(data.vms)],
          ['Mean load', pct(data.load)],
          ['Each host', 'zoom in or double-click'],
        ],
      };
    case 'fold-link':
    case 'detail-link':
      return {
        title: `${str(data.links)} links`,
        rows: [
          ['Capacity', gbps(data.capacity)],
          ['Utilisation', pct(data.utilisation)],
          ['Down', str(data.down)],
        ],
      };
    default:
      return null;
  }
}
