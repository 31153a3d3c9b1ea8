/** Connectivity of an estate's physical graph (links inside sites plus WAN links), by union-find. */
import type { Estate } from '../model/estate.ts';

/** The number of connected components among the estate's devices; 1 means everything can reach everything. */
export function countComponents(estate: Pick<Estate, 'devices' | 'links' | 'wanLinks'>): number {
  const index = new Map(estate.devices.map((d, i) => [d.id, i]));
  const parent = estate.devices.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  let components = estate.devices.length;
  for (const l of [...estate.links, ...estate.wanLinks]) {
    const a = index.get(l.a);
    const b = index.get(l.b);
    if (a === undefined || b === undefined) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  return components;
}
