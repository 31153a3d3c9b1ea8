/**
 * How a generated fabric's site is folded without its full layout: the fold
 * plan (fold.ts) made on the site's devices and links placed in row order
 * (elements.ts `siteElementsInRowOrder`). The plan only orders devices by
 * where they are drawn, and row order keeps that order wherever the folded
 * picture shows it (top tiers, gateways, BCube cells), so the plan, and the
 * picture with every group folded, are those of the full layout; the full
 * layout of a fat-tree k=32 (9,472 devices) is then needed only once
 * something unfolds. fold-opening.test.ts compares both on every generated
 * fabric.
 */
import type { Estate, Site } from '@vmmi/shared';
import type { GraphElements } from './elements.ts';
import { siteElementsInRowOrder } from './elements.ts';
import { planFolds, type FoldPlan } from './fold.ts';

export interface RowOrderFolds {
  /** The site's devices and links, placed by their order within their rows only. */
  elements: GraphElements;
  plan: FoldPlan;
}

/**
 * The fold plan of a site from its elements in row order; null for custom
 * fabrics and unknown sites, and for a site where the folded picture would
 * draw a device outside every group whose place the layout does not take
 * from row order (a host off every pod, a gateway in a pod).
 */
export function foldsInRowOrder(estate: Estate, site: Site): RowOrderFolds | null {
  const elements = siteElementsInRowOrder(estate, site.id);
  if (!elements) return null;
  const plan = planFolds(elements, site.topology.kind);
  for (const n of elements.nodes)
    if (!plan.groupOf.has(n.id) && (n.data.role === 'host' || n.data.pod !== undefined))
      return null;
  return { elements, plan };
}
