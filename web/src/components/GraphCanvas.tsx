/** The canvas of the current view: elements from the estate, drawn by the Cytoscape wrapper. */
import type { Estate, Site } from '@vmmi/shared';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { GraphHandle, GraphOverlay, GraphTarget } from '../graph/cy-instance.ts';
import { globalElements, siteElements, type GraphElements } from '../graph/elements.ts';
import { graphStyle } from '../graph/graph-style.ts';
import { useGraph } from '../graph/useGraph.ts';
import { reportDrawn, reportNotReady, reportThemeDrawn } from '../test-hook.ts';
import { PALETTES, type ThemeName } from '../theme/palette.ts';
import type { ViewName } from '../url/view-url.ts';

export interface GraphCanvasProps {
  estate: Estate;
  view: ViewName;
  site: Site | null;
  theme: ThemeName;
  highlightId: string | null;
  /** The move preview to draw over the picture; built from the elements shown (see overlayFor). */
  overlayFor?: (elements: GraphElements) => GraphOverlay;
  graphRef?: { current: GraphHandle | null };
  onOpenSite: (siteId: string) => void;
  onSelectDevice: (deviceId: string | null) => void;
}

export function GraphCanvas({
  estate,
  view,
  site,
  theme,
  highlightId,
  overlayFor,
  graphRef,
  onOpenSite,
  onSelectDevice,
}: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const shown = view === 'site' && site ? site : null;
  const elements = useMemo(
    () => (shown ? siteElements(estate, shown.id) : globalElements(estate)),
    [estate, shown],
  );
  const style = useMemo(() => graphStyle(PALETTES[theme]), [theme]);
  const overlay = useMemo(() => overlayFor?.(elements), [overlayFor, elements]);

  const onActivate = useCallback(
    (t: GraphTarget) => {
      if (t.data.kind === 'site') onOpenSite(String(t.data.siteId));
      else if (t.data.kind === 'device') onSelectDevice(t.id);
    },
    [onOpenSite, onSelectDevice],
  );
  const onDrawn = useCallback(
    (g: GraphHandle) =>
      reportDrawn(g, { view: shown ? 'site' : 'global', siteId: shown?.id ?? null, theme }),
    [shown, theme],
  );

  const { fit } = useGraph(container, {
    elements,
    viewKey: `${estate.id}/${shown?.id ?? ''}`,
    style,
    highlightId,
    overlay,
    graphRef,
    onActivate,
    onDrawn,
  });
  // Declared after useGraph, so it runs after the stylesheet was applied.
  useEffect(() => reportThemeDrawn(theme), [theme]);
  useEffect(() => reportNotReady, []);

  const switches = elements.nodes.filter(
    (n) => n.data.kind === 'device' && n.data.role !== 'host' && n.data.role !== 'gateway',
  ).length;
  const hosts = elements.nodes.filter((n) => n.data.role === 'host').length;
  const label = shown
    ? `Topology of ${shown.name}: ${switches} switches and ${hosts} hosts. Use the data center list to navigate.`
    : `Map of ${estate.sites.length} data centers and ${elements.edges.length} WAN links. Use the data center list to open one.`;

  return (
    <div className="canvas-wrap">
      <div
        ref={container}
        className="canvas"
        role="img"
        aria-label={label}
        data-testid="graph-canvas"
      />
      <button
        type="button"
        className="btn btn-ghost canvas-fit"
        onClick={fit}
        title="Fit to screen"
      >
        Fit
      </button>
    </div>
  );
}
