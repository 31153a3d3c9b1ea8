/**
 * The folding state of the site shown (fold.ts), kept by the canvas: each site
 * opens folded or not by its size, and the user's choices last while it is
 * shown. Returns the elements to draw and the actions of the fold controls.
 *
 * A generated fabric's site that opens folded is drawn from its devices in
 * row order (fold-opening.ts): its full layout (the costliest part of a fat-tree
 * k=32's first frame) is made once the browser is idle after the page's first
 * frame, or at
 * once when the user folds or unfolds something first.
 */
import type { Estate, Site } from '@vmmi/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
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
import { foldsInRowOrder } from './fold-opening.ts';
import { afterFirstFrame } from '../perf-marks.ts';

export interface Folding {
  /** What the canvas draws. */
  elements: GraphElements;
  /** Null in the global view: only sites fold. */
  plan: FoldPlan | null;
  folded: ReadonlySet<string>;
  /** The view's switches and hosts, folded or not. */
  size: { switches: number; hosts: number };
  toggle: (groupId: string) => void;
  setAll: (folded: boolean) => void;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Waits for an idle moment after the frame, but no longer than this (ms). */
const FULL_LAYOUT_IDLE_TIMEOUT_MS = 2000;

/** `tenantId` set: the tenant overlay view, which does not fold. */
export function useFolding(
  estate: Estate,
  site: Site | null,
  tenantId: string | null = null,
): Folding {
  // The picture's identity: the user's choices and the wish for the full layout belong to it.
  const picture = useMemo(() => ({ estate, site, tenantId }), [estate, site, tenantId]);
  const rowOrder = useMemo(
    () =>
      picture.site && !picture.tenantId ? foldsInRowOrder(picture.estate, picture.site) : null,
    [picture],
  );
  const opening = useMemo(
    () => (rowOrder && defaultFoldState(rowOrder.elements).base === 'folded' ? rowOrder : null),
    [rowOrder],
  );
  const [chosen, setChosen] = useState<{ picture: object; state: FoldState } | null>(null);
  const [laidOut, setLaidOut] = useState<object | null>(null);
  const choice = chosen?.picture === picture ? chosen.state : null;
  const wantsFull = opening === null || choice !== null || laidOut === picture;
  const full = useMemo(() => (wantsFull ? fullElements(picture) : null), [wantsFull, picture]);
  useEffect(() => {
    if (full) return undefined;
    let cancelIdle = () => {};
    const cancelWait = afterFirstFrame(() => {
      cancelIdle = whenIdle(() => setLaidOut(picture));
    });
    return () => {
      cancelWait();
      cancelIdle();
    };
  }, [full, picture]);

  const plan = useMemo(
    () => rowOrder?.plan ?? (site && full ? planFolds(full, site.topology.kind) : null),
    [rowOrder, site, full],
  );
  const counted = rowOrder?.elements ?? full!;
  const initial = useMemo(() => defaultFoldState(counted), [counted]);
  const state = choice ?? initial;
  const folded = useMemo(() => (plan ? foldedGroups(plan, state) : NOTHING), [plan, state]);
  const elements = useMemo(
    () => (plan ? foldElements(full ?? opening!.elements, plan, folded) : full!),
    [full, opening, plan, folded],
  );
  const size = useMemo(() => sizeOf(counted), [counted]);
  // Only sites fold: without a plan (the global and tenant views) there is nothing to flip.
  const toggle = useCallback(
    (groupId: string) => {
      if (plan) setChosen({ picture, state: toggleFold(state, groupId, plan) });
    },
    [picture, state, plan],
  );
  const setAll = useCallback(
    (all: boolean) => setChosen({ picture, state: foldAll(all) }),
    [picture],
  );
  return { elements, plan, folded, size, toggle, setAll };
}

function fullElements({
  estate,
  site,
  tenantId,
}: {
  estate: Estate;
  site: Site | null;
  tenantId: string | null;
}): GraphElements {
  if (tenantId) return tenantElements(estate, tenantId);
  return site ? siteElements(estate, site.id) : globalElements(estate);
}

function sizeOf(elements: GraphElements): Folding['size'] {
  let switches = 0;
  let hosts = 0;
  for (const n of elements.nodes) {
    if (n.data.kind !== 'device' || n.data.role === 'gateway') continue;
    if (n.data.role === 'host') hosts++;
    else switches++;
  }
  return { switches, hosts };
}

/** Runs `work` when the browser is idle (jsdom and Safari have no requestIdleCallback); returns its cancel. */
function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: FULL_LAYOUT_IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
}
