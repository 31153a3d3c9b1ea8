/**
 * `window.__vmmi`: what the Playwright specs read instead of pixels. It says
 * whether the canvas shows the current view, which one, and counts the drawn
 * Cytoscape elements by selector, e.g. `__vmmi.count('node[role = "core"]')`.
 * Installed in every build: it only reads, and it helps debugging in the field.
 */
import type { GraphHandle } from './graph/cy-instance.ts';
import type { ShownLabel } from './graph/graph-handle.ts';
import type { PathKind, RingKind } from './graph/scene-marks.ts';
import type { ThemeName } from './theme/palette.ts';
import type { ViewName } from './url/view-url.ts';

export interface VmmiTestHook {
  /** The canvas shows `view` (and `siteId`) with all its elements. */
  ready: boolean;
  view: ViewName | null;
  siteId: string | null;
  /** The tenant of the tenant view. */
  tenantId: string | null;
  /** The theme the canvas is drawn in. */
  theme: ThemeName | null;
  count(selector: string): number;
  /** Devices drawn, each one inside an aggregate node of a large picture's far views counted (graph/detail.ts). */
  devicesShown(): number;
  /** The canvas's zoom. */
  zoom(): number;
  /** The drawn elements the move preview marks with `kind` (graph/scene-marks.ts), e.g. `target`. */
  marked(kind: PathKind | RingKind): string[];
  nodeIds(): string[];
  /** Where a node is drawn, in viewport pixels, so a test can click it like a user. */
  nodePosition(id: string): { x: number; y: number } | null;
  /** A node's drawn box (without its label), in viewport pixels, to test what covers it. */
  nodeBox(id: string): { x1: number; y1: number; x2: number; y2: number } | null;
  /**
   * Every canvas label drawn now: its element, text, height on screen in CSS
   * pixels (font size × zoom) and box, so a test reads the wall screen's sizes.
   */
  labels(): ShownLabel[];
  /**
   * Every drawn node a switchover flashed, in order: a record that outlives
   * the 1.5 s flash, so a test asserts on it instead of racing the animation.
   */
  flashed: string[];
}

declare global {
  interface Window {
    __vmmi?: VmmiTestHook;
  }
}

let graph: GraphHandle | null = null;

const hook: VmmiTestHook = {
  ready: false,
  view: null,
  siteId: null,
  tenantId: null,
  theme: null,
  count: (selector) => graph?.count(selector) ?? 0,
  devicesShown: () => graph?.devicesShown() ?? 0,
  zoom: () => graph?.zoom() ?? 0,
  marked: (kind) => graph?.marked(kind) ?? [],
  nodeIds: () => graph?.nodeIds() ?? [],
  nodePosition: (id) => graph?.clientPosition(id) ?? null,
  nodeBox: (id) => graph?.clientBox(id) ?? null,
  labels: () => graph?.shownLabels() ?? [],
  flashed: [],
};

/** Records the nodes of a switchover flash that the canvas draws. */
export function reportFlash(ids: readonly string[]): void {
  const drawn = new Set(graph?.nodeIds() ?? []);
  hook.flashed.push(...ids.filter((id) => drawn.has(id)));
}

export function installTestHook(): void {
  window.__vmmi = hook;
}

export function reportDrawn(
  drawn: GraphHandle,
  view: { view: ViewName; siteId: string | null; tenantId?: string | null; theme: ThemeName },
): void {
  graph = drawn;
  Object.assign(hook, { ready: true, tenantId: null, ...view });
}

export function reportThemeDrawn(theme: ThemeName): void {
  hook.theme = theme;
}

/** The canvas is gone or about to change (loading, error, unmount). */
export function reportNotReady(): void {
  hook.ready = false;
}
