/**
 * Dragging a VM onto a host or a site with real pointer events. A drag starts
 * on a VM row (the table, a host's VM list) once the pointer has moved a few
 * pixels; while it moves, whatever is under it — a host or site drawn on the
 * canvas, or a data center in the site list — is the target, and the store
 * previews the move there. Holding over a data center of the list opens its
 * site view (a spring-loaded folder), so a VM can be carried to a host in
 * another DC. A card by the pointer (DragGhost.tsx) says what the engine
 * thinks of the target under it. Release stages the move (a blocked one is
 * held, asking whether to keep it as a draft); Esc cancels it. A caller who may not
 * move VMs (`refusal`, from useCan) carries nothing: the drag says why, once.
 */
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type PointerEvent,
} from 'react';
import type { MoveTarget } from '@vmmi/shared';
import type { GraphHandle } from '../graph/cy-instance.ts';
import { dropPreviewStarts, notePreviewStart } from '../perf-marks.ts';
import type { AppActions } from '../store/app-store.ts';
import { positionCard } from './DragGhost.tsx';
import { sameTarget } from './targets.ts';
import type { ClientPoint } from './types.ts';

const targetKey = (t: MoveTarget | null) =>
  t === null ? null : t.kind === 'host' ? `host:${t.hostId}` : `site:${t.siteId}`;

/** Pixels the pointer must travel before a press becomes a drag (so a click stays a click). */
const DRAG_THRESHOLD = 4;
/** How long to hold over a data center of the list before its site view opens, ms. */
const SPRING_MS = 600;
/**
 * pointerrawupdate comes at the device's rate (up to 1,000 Hz for some mice):
 * at most one hit test per this many ms from it; the frame-aligned pointermove
 * still handles every position it skipped.
 */
const RAW_MIN_INTERVAL_MS = 4;

export interface DragGhost {
  label: string;
}

/**
 * The canvas node under the carried VM, for the canvas's illegal-target mark.
 * It changes with every target, so it is kept out of React state: only the
 * canvas reads it (`useHoveredNode`), and nothing else re-renders for it.
 */
export interface HoveredNode {
  get: () => string | null;
  subscribe: (listener: () => void) => () => void;
}

function createHoveredNode(): HoveredNode & { set: (id: string | null) => void } {
  let value: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (id) => {
      if (id === value) return;
      value = id;
      for (const l of listeners) l();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The node under the carried VM (null when none, or when no VM is carried). */
export function useHoveredNode(hovered: HoveredNode): string | null {
  return useSyncExternalStore(hovered.subscribe, hovered.get);
}

interface Pending {
  vmIds: string[];
  label: string;
  x: number;
  y: number;
  started: boolean;
}

/** What lies under a point: a target and the id of the thing that offers it. */
function targetAt(
  x: number,
  y: number,
  graph: GraphHandle | null,
): { target: MoveTarget | null; hoveredId: string | null; springSite: string | null } {
  const el = document.elementFromPoint(x, y);
  const listEntry = el?.closest<HTMLElement>('[data-drop-site]');
  if (listEntry) {
    const siteId = listEntry.dataset.dropSite!;
    return { target: { kind: 'site', siteId }, hoveredId: null, springSite: siteId };
  }
  if (!el?.closest('[data-testid="graph-canvas"]') || !graph)
    return { target: null, hoveredId: null, springSite: null };
  const hit = graph.nodeAt(x, y);
  if (!hit) return { target: null, hoveredId: null, springSite: null };
  if (hit.data.kind === 'site')
    return { target: { kind: 'site', siteId: hit.id }, hoveredId: hit.id, springSite: null };
  if (hit.data.kind === 'device')
    // Switches and gateways are targets too, so that the engine says why they are not legal.
    return { target: { kind: 'host', hostId: hit.id }, hoveredId: hit.id, springSite: null };
  return { target: null, hoveredId: null, springSite: null };
}

export function useDragMove(
  graphRef: { current: GraphHandle | null },
  actions: AppActions,
  refusal: string | null = null,
): {
  /** Wire to a VM row's onPointerDown. */
  onVmPointerDown: (vmIds: string[], label: string, e: PointerEvent) => void;
  /** A press on a VM drawn on the canvas, at a viewport point. */
  pressVm: (vmIds: string[], label: string, at: { x: number; y: number }) => void;
  ghost: DragGhost | null;
  hovered: HoveredNode;
  /** The ghost element: moved by the hook directly, not through React, on every pointer move. */
  ghostRef: { current: HTMLDivElement | null };
  /** Where the pointer is during a drag, in viewport pixels. */
  pointerRef: { current: ClientPoint | null };
} {
  const pending = useRef<Pending | null>(null);
  const ghostRef = useRef<HTMLDivElement | null>(null);
  const pointerRef = useRef<ClientPoint | null>(null);
  const [ghost, setGhost] = useState<DragGhost | null>(null);
  const spring = useRef<{ siteId: string; timer: number } | null>(null);
  const [hovered] = useState(createHoveredNode);
  // The target last passed to setMoveTarget: a change starts a `vmmi:preview-redraw` measure.
  const lastTarget = useRef<MoveTarget | null>(null);
  const refused = useRef(refusal);
  useEffect(() => {
    refused.current = refusal;
  }, [refusal]);

  const clearSpring = () => {
    if (spring.current) window.clearTimeout(spring.current.timer);
    spring.current = null;
  };

  const stop = useCallback(() => {
    pending.current = null;
    pointerRef.current = null;
    hovered.set(null);
    lastTarget.current = null;
    dropPreviewStarts();
    clearSpring();
    setGhost(null);
    document.body.classList.remove('dragging-vm');
    graphRef.current?.setUserPanning(true);
  }, [graphRef, hovered]);

  useEffect(() => {
    let last = { x: NaN, y: NaN, t: -Infinity };
    const onMove = (e: globalThis.PointerEvent) => {
      const p = pending.current;
      if (!p) return;
      if (e.type === 'pointerrawupdate' && e.timeStamp - last.t < RAW_MIN_INTERVAL_MS) return;
      // The pointermove after a pointerrawupdate at the same place has nothing new.
      if (e.clientX === last.x && e.clientY === last.y) return;
      last = { x: e.clientX, y: e.clientY, t: e.timeStamp };
      if (!p.started) {
        if (Math.hypot(e.clientX - p.x, e.clientY - p.y) < DRAG_THRESHOLD) return;
        if (refused.current !== null) {
          // Once per gesture: the rest of this drag is ignored.
          pending.current = null;
          actions.setAuthNotice(`Moving a VM ${refused.current}: the drag does nothing.`);
          return;
        }
        p.started = true;
        document.body.classList.add('dragging-vm');
        // A press on a VM node would otherwise pan the canvas under the carried VM.
        graphRef.current?.setUserPanning(false);
        actions.beginMove(p.vmIds, 'drag');
        setGhost({ label: p.label });
      }
      pointerRef.current = { x: e.clientX, y: e.clientY };
      const g = ghostRef.current;
      if (g) positionCard(g, pointerRef.current);
      const { target, hoveredId, springSite } = targetAt(e.clientX, e.clientY, graphRef.current);
      if (!sameTarget(target, lastTarget.current)) {
        lastTarget.current = target;
        notePreviewStart(e.timeStamp, targetKey(target));
      }
      actions.setMoveTarget(target);
      hovered.set(hoveredId);
      if (springSite !== (spring.current?.siteId ?? null)) {
        clearSpring();
        if (springSite)
          spring.current = {
            siteId: springSite,
            timer: window.setTimeout(() => actions.selectView('site', springSite), SPRING_MS),
          };
      }
    };
    const onUp = (e: globalThis.PointerEvent) => {
      const p = pending.current;
      if (p?.started) actions.stageMove({ x: e.clientX, y: e.clientY });
      stop();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !pending.current?.started) return;
      e.stopPropagation();
      actions.cancelMove('Move cancelled: nothing was staged.');
      stop();
    };
    // Chromium delivers pointermove once per frame, up to a frame after the move; pointerrawupdate
    // comes as the pointer moves, so the preview starts computing a frame earlier where it exists.
    const raw = 'onpointerrawupdate' in window;
    if (raw) window.addEventListener('pointerrawupdate', onMove as EventListener);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('keydown', onKey, true);
    return () => {
      if (raw) window.removeEventListener('pointerrawupdate', onMove as EventListener);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [actions, graphRef, stop, hovered]);

  const onVmPointerDown = useCallback((vmIds: string[], label: string, e: PointerEvent) => {
    if (e.button !== 0) return;
    // No text selection while carrying a VM.
    e.preventDefault();
    pending.current = { vmIds, label, x: e.clientX, y: e.clientY, started: false };
  }, []);

  const pressVm = useCallback((vmIds: string[], label: string, at: { x: number; y: number }) => {
    pending.current = { vmIds, label, x: at.x, y: at.y, started: false };
  }, []);

  return { onVmPointerDown, pressVm, ghost, hovered, ghostRef, pointerRef };
}
