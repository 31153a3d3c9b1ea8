/** Short human labels for sites and roles, shared by the canvas, the site list and the panels. */
import type { DeviceRole, Site } from '@vmmi/shared';

/** "fat-tree k=8", "BCube(4,1)", "leaf-spine 4×8", "three-tier 2/4/8". */
export function topologyLabel(site: Site): string {
  const p = site.topology.params;
  switch (site.topology.kind) {
    case 'fat-tree':
      return `fat-tree k=${p.k ?? '?'}`;
    case 'bcube':
      return `BCube(${p.n ?? '?'},${p.k ?? '?'})`;
    case 'leaf-spine':
      return `leaf-spine ${p.spines ?? '?'}×${p.leaves ?? '?'}`;
    case 'three-tier':
      return `three-tier ${p.cores ?? '?'}/${p.aggregations ?? '?'}/${
        (p.aggregations ?? 0) * (p.accessPerAggregation ?? 0)
      }`;
    case 'custom':
      return 'custom fabric';
  }
}

export const ROLE_LABELS: Record<DeviceRole, string> = {
  core: 'Core',
  aggregation: 'Aggregation',
  access: 'Access',
  leaf: 'Leaf',
  spine: 'Spine',
  edge: 'Edge',
  'bcube-switch': 'BCube switch',
  host: 'Host',
  gateway: 'Gateway',
};

/** Roles in the order a site's panel lists them: top of the fabric first. */
export const ROLE_ORDER: readonly DeviceRole[] = [
  'gateway',
  'core',
  'spine',
  'bcube-switch',
  'aggregation',
  'edge',
  'access',
  'leaf',
  'host',
];
