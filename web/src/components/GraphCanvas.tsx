/** The canvas of the current view: elements from the estate, drawn by the Cytoscape wrapper. */
import type { Estate, Site, Tenant } from '@vmmi/shared';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { GraphHandle, GraphTarget } from '../graph/cy-instance.ts';
import { globalElements, siteElements } from '../graph/elements.ts';
import { graphStyle } from '../graph/graph-style.ts';
import { tenantElements } from '../graph/tenant-elements.ts';
import { useGraph } from '../graph/useGraph.ts';
import { reportDrawn, reportNotReady, reportThemeDrawn } from '../test-hook.ts';
import { PALETTES, type ThemeName } from '../theme/palette.ts';
import type { ViewName } from '../url/view-url.ts';

export interface GraphCanvasProps {
  estate: Estate;
  view: ViewName;
  site: Site | null;
  /** The tenant of the tenant view. */
  tenant?: Tenant | null;
  theme: ThemeName;
  highlightId: string | null;
  onOpenSite: (siteId: string) => void;
  onSelectDevice: (deviceId: string | null) => void;
  /** A VM was clicked (tenant view). */
  onSelectVm?: (vmId: string) => void;
}

export function GraphCanvas({
  estate,
  view,
  site,
  tenant = null,
  theme,
  highlightId,
  onOpenSite,
  onSelectDevice,
  onSelectVm,
}: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const shown = view === 'site' && site ? site : null;
  const shownTenant = view === 'tenant' && tenant ? tenant : null;
  const elements = useMemo(
    () =>
      shownTenant
        ? tenantElements(estate, shownTenant.id)
        : shown
          ? siteElements(estate, shown.id)
          : globalElements(estate),
    [estate, shown, shownTenant],
  );
  const style = useMemo(() => graphStyle(PALETTES[theme]), [theme]);

  const onActivate = useCallback(
    (t: GraphTarget) => {
      if (t.data.kind === 'site') onOpenSite(String(t.data.siteId));
      else if (t.data.kind === 'device') onSelectDevice(t.id);
      else if (t.data.kind === 'vm') onSelectVm?.(String(t.data.vmId));
    },
    [onOpenSite, onSelectDevice, onSelectVm],
  );
  const onDrawn = useCallback(
    (g: GraphHandle) =>
      reportDrawn(g, {
        view: shownTenant ? 'tenant' : shown ? 'site' : 'global',
        siteId: shown?.id ?? null,
        tenantId: shownTenant?.id ?? null,
        theme,
      }),
    [shown, shownTenant, theme],
  );

  const { fit } = useGraph(container, {
    elements,
    viewKey: `${estate.id}/${shown?.id ?? ''}/${shownTenant?.id ?? ''}`,
    style,
    highlightId,
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
  const label = shownTenant
    ? `Overlay of tenant ${shownTenant.name}: ${elements.nodes.filter((n) => n.data.kind === 'vnet').length} virtual networks and ${elements.nodes.filter((n) => n.data.kind === 'vm').length} VMs. The VM table lists them.`
    : shown
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
