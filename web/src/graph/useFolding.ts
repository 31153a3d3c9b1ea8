/**
 * The folding state of the site shown (fold.ts), kept by the canvas: each site
 * opens folded or not by its size, and the user's choices last while it is
 * shown. Returns the elements to draw and the actions of the fold controls.
 */
import type { Estate, Site } from '@vmmi/shared';
import { useCallback, useMemo, useState } from 'react';
import { globalElements, siteElements, type GraphElements } from './elements.ts';
import { tenantElements } from './tenant-elements.ts';
import {
  defaultFoldState,
  foldAll,
  foldedGroups,
  planFolds,
  toggleFold,
  type FoldPlan,
  type FoldState,
} from './fold.ts';
import { foldElements } from './fold-elements.ts';

export interface Folding {
  /** Every device and link of the view, unfolded. */
  full: GraphElements;
  /** What the canvas draws. */
  elements: GraphElements;
  /** Null in the global view: only sites fold. */
  plan: FoldPlan | null;
  folded: ReadonlySet<string>;
  toggle: (groupId: string) => void;
  setAll: (folded: boolean) => void;
}

const NOTHING: ReadonlySet<string> = new Set();

/** `tenantId` set: the tenant overlay view, which does not fold. */
export function useFolding(
  estate: Estate,
  site: Site | null,
  tenantId: string | null = null,
): Folding {
  const full = useMemo(
    () =>
      tenantId
        ? tenantElements(estate, tenantId)
        : site
          ? siteElements(estate, site.id)
          : globalElements(estate),
    [estate, site, tenantId],
  );
  const plan = useMemo(() => (site ? planFolds(full, site.topology.kind) : null), [full, site]);
  const initial = useMemo(() => defaultFoldState(full), [full]);
  // The user's choice, for the picture it was made on; another site starts from its default.
  const [chosen, setChosen] = useState<{ full: GraphElements; state: FoldState } | null>(null);
  const state = chosen?.full === full ? chosen.state : initial;
  const folded = useMemo(() => (plan ? foldedGroups(plan, state) : NOTHING), [plan, state]);
  const elements = useMemo(
    () => (plan ? foldElements(full, plan, folded) : full),
    [full, plan, folded],
  );
  // Only sites fold: without a plan (the global and tenant views) there is nothing to flip.
  const toggle = useCallback(
    (groupId: string) => {
      if (plan) setChosen({ full, state: toggleFold(state, groupId, plan) });
    },
    [full, state, plan],
  );
  const setAll = useCallback((all: boolean) => setChosen({ full, state: foldAll(all) }), [full]);
  return { full, elements, plan, folded, toggle, setAll };
}
