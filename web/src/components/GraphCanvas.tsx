/** The canvas of the current view: elements from the estate, drawn by the Cytoscape wrapper. */
import type { Estate, Site, Tenant } from '@vmmi/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphHandle, GraphTarget } from '../graph/cy-instance.ts';
import type { SceneMarks } from '../graph/scene-marks.ts';
import type { GraphElements } from '../graph/elements.ts';
import type { PixelRect } from '../graph/fit-frame.ts';
import { graphStyle } from '../graph/graph-style.ts';
import { overlayLooks } from '../graph/overlay-looks.ts';
import { kioskStyle } from '../graph/kiosk-style.ts';
import { KIOSK_LABEL_PX } from '../graph/label-floor.ts';
import { useFolding } from '../graph/useFolding.ts';
import { useDetail, useDetailViewport } from '../graph/useDetail.ts';
import { useGraph } from '../graph/useGraph.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { downloadBlob, exportFileName, pngFileName } from './download.ts';
import { exportModel } from '../export/export-model.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../export/formats.ts';
import { Minimap } from './Minimap.tsx';
import { Tooltip } from './Tooltip.tsx';
import { markFirstFrame } from '../perf-marks.ts';
import { reportDrawn, reportNotReady, reportThemeDrawn } from '../test-hook.ts';
import { PROGRESS_STARTING } from '../graph/cy-chunks.ts';
import { PALETTES, type ThemeName } from '../theme/palette.ts';
import type { ViewName } from '../url/view-url.ts';
import { countOf } from '../planner/format.ts';

export interface GraphCanvasProps {
  estate: Estate;
  view: ViewName;
  site: Site | null;
  /** The tenant of the tenant view. */
  tenant?: Tenant | null;
  theme: ThemeName;
  highlightId: string | null;
  /** The move preview's marks to draw over the picture, made for the elements shown. */
  marksFor?: (elements: GraphElements) => SceneMarks;
  graphRef?: { current: GraphHandle | null };
  onOpenSite: (siteId: string) => void;
  onSelectDevice: (deviceId: string | null) => void;
  /**
   * A wall screen (kiosk): the picture alone, without Fit, toolbar, minimap or
   * tooltips; the caller also passes handlers that do nothing.
   */
  readOnly?: boolean;
  /**
   * Drawn for the wall screen: site names alone, WAN links labelled with
   * their load, every label at least KIOSK_LABEL_PX on screen (kiosk-style.ts).
   */
  kiosk?: boolean;
  /** A VM was clicked (tenant view). */
  onSelectVm?: (vmId: string) => void;
  /** A pointer went down on a VM (tenant view): the planner may start a drag. */
  onPressVm?: (vmId: string, client: { x: number; y: number }) => void;
}

export function GraphCanvas({
  estate,
  view,
  site,
  tenant = null,
  theme,
  highlightId,
  marksFor,
  graphRef,
  onOpenSite,
  onSelectDevice,
  readOnly = false,
  kiosk = false,
  onSelectVm,
  onPressVm,
}: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const shown = view === 'site' && site ? site : null;
  const shownTenant = view === 'tenant' && tenant ? tenant : null;
  // Semantic zoom: a large site's pods, racks and top tiers drawn folded (graph/fold.ts).
  const folding = useFolding(estate, shown, shownTenant?.id ?? null);
  // Level of detail (graph/detail.ts): a large picture far out draws each switch's hosts as one node.
  const detail = useDetail(folding.elements, folding.plan, highlightId);
  const { elements } = detail;
  const [minimapShown, setMinimapShown] = useState(true);
  // A group just unfolded or folded by the user: the view centres on it once it is drawn.
  const focusGroup = useRef<string | null>(null);
  const toggleFold = folding.toggle;
  const onToggleFold = useCallback(
    (groupId: string) => {
      focusGroup.current = groupId;
      toggleFold(groupId);
    },
    [toggleFold],
  );
  // Fold all and Unfold all change the whole picture's size: each is a new picture, fitted
  // once drawn (an unfolded fat-tree k=32 is then drawn far out, graph/detail.ts). The toolbar
  // says "Drawing…" first: the frame that makes and draws the new picture is a long one.
  const [foldAllCount, setFoldAllCount] = useState(0);
  const [foldAllPending, setFoldAllPending] = useState<boolean | null>(null);
  const setAllFolds = folding.setAll;
  useEffect(() => {
    if (foldAllPending === null) return;
    // Two frames: the first paints the progress line, the second's work comes after it.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        setFoldAllCount((n) => n + 1);
        setAllFolds(foldAllPending);
        setFoldAllPending(null);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [foldAllPending, setAllFolds]);
  const style = useMemo(
    () =>
      kiosk
        ? [...graphStyle(PALETTES[theme]), ...kioskStyle(PALETTES[theme])]
        : graphStyle(PALETTES[theme]),
    [theme, kiosk],
  );
  const looks = useMemo(() => overlayLooks(PALETTES[theme]), [theme]);
  // Made on the picture in full (its index is kept per picture), then moved onto what is drawn.
  const detailMarks = detail.marks;
  const picture = folding.elements;
  const marks = useMemo(() => {
    const m = marksFor?.(picture);
    return m && detailMarks(m);
  }, [marksFor, picture, detailMarks]);

  const onActivate = useCallback(
    (t: GraphTarget) => {
      if (t.data.kind === 'site') onOpenSite(String(t.data.siteId));
      else if (t.data.kind === 'device') onSelectDevice(t.id);
      else if (t.data.kind === 'vm') onSelectVm?.(String(t.data.vmId));
    },
    [onOpenSite, onSelectDevice, onSelectVm],
  );
  // The canvas's tools and minimap, measured at each fit so that the picture is fitted clear of them.
  const furniture = useCallback((): PixelRect[] => {
    const canvas = container.current;
    if (!canvas?.parentElement) return [];
    const origin = canvas.getBoundingClientRect();
    return [...canvas.parentElement.querySelectorAll<HTMLElement>('[data-furniture]')].map((el) => {
      const r = el.getBoundingClientRect();
      return {
        x1: r.left - origin.left,
        y1: r.top - origin.top,
        x2: r.right - origin.left,
        y2: r.bottom - origin.top,
      };
    });
  }, []);

  const onDrawn = useCallback(
    (g: GraphHandle) => {
      const focus = focusGroup.current;
      focusGroup.current = null;
      const at = focus
        ? elements.nodes.find((n) => n.id === focus || n.id === `foldbox:${focus}`)
        : undefined;
      if (at) g.panTo(at.position);
      reportDrawn(g, {
        view: shownTenant ? 'tenant' : shown ? 'site' : 'global',
        siteId: shown?.id ?? null,
        tenantId: shownTenant?.id ?? null,
        theme,
      });
      markFirstFrame();
    },
    [shown, shownTenant, theme, elements],
  );

  const { fit, handle, progress } = useGraph(container, {
    elements,
    viewKey: `${estate.id}/${shown?.id ?? ''}/${shownTenant?.id ?? ''}/${foldAllCount}`,
    style,
    overlayLooks: looks,
    highlightId,
    marks,
    graphRef,
    onActivate,
    onDrawn,
    onToggleFold,
    onPressVm,
    furniture,
    ...(kiosk && { labelFloorPx: KIOSK_LABEL_PX }),
  });
  useDetailViewport(detail, handle);
  // Shown again, the minimap may land on hosts the view was moved under it while hidden: the
  // view is fitted again then, and only then, so a toggle that covers nothing keeps the pan.
  const minimapWasShown = useRef(minimapShown);
  useEffect(() => {
    const was = minimapWasShown.current;
    minimapWasShown.current = minimapShown;
    if (!minimapShown || was || !handle) return;
    const frame = requestAnimationFrame(() => {
      if (handle.anyTargetUnder(furniture())) fit();
    });
    return () => cancelAnimationFrame(frame);
  }, [minimapShown, handle, furniture, fit]);
  const onExport = useCallback(() => {
    const el = container.current;
    if (!handle || !el) return;
    const background =
      getComputedStyle(el).getPropertyValue('--canvas').trim() || PALETTES[theme].labelHalo;
    const name = shownTenant
      ? pngFileName(estate.id, 'tenant', shownTenant.id)
      : pngFileName(estate.id, shown ? 'site' : 'global', shown?.id ?? null);
    void handle.png(background).then((png) => downloadBlob(png, name));
  }, [handle, theme, estate.id, shown, shownTenant]);
  // The picture (folded groups as boxes, at their folded positions) written as a file, every
  // host and link in it whatever the level of detail drawn now.
  const onExportAs = useCallback(
    (format: ExportFormat) => {
      const f = EXPORT_FORMATS.find((x) => x.format === format)!;
      const title = shown ? `${shown.name} (site view)` : `${estate.name} (global view)`;
      const text = f.write(exportModel(picture, title), PALETTES[theme]);
      const view = shown ? 'site' : 'global';
      downloadBlob(
        new Blob([text], { type: f.mime }),
        exportFileName(estate.id, view, shown?.id ?? null, f.extension),
      );
    },
    [picture, shown, estate.id, estate.name, theme],
  );
  // Declared after useGraph, so it runs after the stylesheet was applied.
  useEffect(() => reportThemeDrawn(theme), [theme]);
  useEffect(() => reportNotReady, []);

  // Folded groups hide devices, not the site's size.
  const { switches, hosts } = folding.size;
  const label = shownTenant
    ? `Overlay of tenant ${shownTenant.name}: ${countOf(elements.nodes.filter((n) => n.data.kind === 'vnet').length, 'virtual network')} and ${countOf(elements.nodes.filter((n) => n.data.kind === 'vm').length, 'VM')}. The VM table lists them.`
    : shown
      ? `Topology of ${shown.name}: ${countOf(switches, 'switch', 'switches')} and ${countOf(hosts, 'host')}. Use the data center list to navigate.`
      : `Map of ${countOf(estate.sites.length, 'data center')} and ${countOf(elements.edges.length, 'WAN link')}. Use the data center list to open one.`;

  return (
    <div className="canvas-wrap">
      <div
        ref={container}
        className="canvas"
        role="img"
        aria-label={label}
        data-testid="graph-canvas"
      />
      {!readOnly && (
        <>
          <button
            type="button"
            className="btn btn-ghost canvas-fit"
            data-furniture
            onClick={fit}
            title="Fit to screen"
          >
            Fit
          </button>
          <CanvasToolbar
            plan={folding.plan}
            folded={folding.folded}
            onToggleFold={onToggleFold}
            onFoldAll={setFoldAllPending}
            onExport={onExport}
            onExportAs={shownTenant ? undefined : onExportAs}
            minimapShown={minimapShown}
            onToggleMinimap={() => setMinimapShown((m) => !m)}
            progress={progress ?? (foldAllPending === null ? null : PROGRESS_STARTING)}
          />
          {minimapShown && <Minimap graph={handle} elements={picture} palette={PALETTES[theme]} />}
          <Tooltip graph={handle} containerRef={container} picture={elements} />
        </>
      )}
    </div>
  );
}
