/**
 * The move preview's layer: a transparent <canvas> stacked over Cytoscape's,
 * on which cy-instance.ts has the preview drawn (marked paths, rings around
 * nodes, tunnel arcs). Changing the preview then redraws these few shapes
 * only, never the picture under them: Cytoscape redraws the whole picture
 * (622 elements for ams1, 12–19 ms in software) whenever a class changes.
 *
 * No Cytoscape here: cy-overlay.ts reads the geometry of the marked
 * elements (model coordinates) and the viewport, and hands over a plain
 * scene. `pathLook` and `ringLook` give a mark's kind (scene-marks.ts) its
 * look from overlay-looks.ts; `drawScene` draws a scene on any 2D context (the
 * layer, or a PNG export of the whole picture).
 */
import type { LineStyle, OverlayLooks, PathLook, RingLook } from './overlay-looks.ts';
import type { PathKind, RingKind } from './scene-marks.ts';

/** A node's box in model coordinates: centre and size. */
export interface NodeBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Cytoscape's shape name: round-rectangle, rectangle, ellipse, diamond… */
  shape: string;
}

/** An axis-aligned rectangle in model coordinates. */
export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A marked edge of the picture, drawn again over the picture's own line, which it hides. */
export interface SceneLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The width the picture draws the edge at: the part hidden under the veil first. */
  ownWidth: number;
  /** Where labels lie over the edge (its own, its ends'): left out, as labels are drawn over edges. */
  gaps: Rect[];
  color: string;
  width: number;
  lineStyle: LineStyle;
  opacity: number;
  z: number;
}

export interface SceneTunnel {
  from: NodeBox;
  to: NodeBox;
  label: string;
  opacity: number;
}

export interface SceneRing {
  box: NodeBox;
  /** Null: no ring (the node's own selection outline wins), only the veil if any. */
  color: string | null;
  width: number;
  lineStyle: LineStyle;
  /** Below 1: the node is veiled to this opacity. */
  opacity: number;
}

export interface OverlayScene {
  lines: SceneLine[];
  tunnels: SceneTunnel[];
  rings: SceneRing[];
}

export const EMPTY_SCENE: OverlayScene = { lines: [], tunnels: [], rings: [] };

/** The look of a path of this kind over an edge drawn in `own` line style. */
export function pathLook(
  looks: OverlayLooks,
  kind: PathKind,
  own: { lineStyle: LineStyle },
): Required<PathLook> {
  const look = looks.paths[kind];
  return { ...look, lineStyle: look.lineStyle ?? own.lineStyle };
}

/** The look of a ring of this kind around a node whose border is drawn in `own` line style. */
export function ringLook(
  looks: OverlayLooks,
  kind: RingKind,
  own: { lineStyle: LineStyle },
): Required<RingLook> {
  const look = looks.rings[kind];
  return { ...look, lineStyle: look.lineStyle ?? own.lineStyle };
}

/** Cytoscape's corner radius of a round rectangle. */
const cornerRadius = (w: number, h: number) => Math.min(w / 4, h / 4, 8);

/** Traces a node's outline (the path its border follows). */
function traceShape(ctx: CanvasRenderingContext2D, b: NodeBox): void {
  const { x, y, w, h } = b;
  ctx.beginPath();
  switch (b.shape) {
    case 'ellipse':
      ctx.ellipse(x, y, w / 2, h / 2, 0, 0, Math.PI * 2);
      break;
    case 'diamond':
      ctx.moveTo(x, y - h / 2);
      ctx.lineTo(x + w / 2, y);
      ctx.lineTo(x, y + h / 2);
      ctx.lineTo(x - w / 2, y);
      ctx.closePath();
      break;
    case 'round-rectangle':
    case 'roundrectangle':
      ctx.roundRect(x - w / 2, y - h / 2, w, h, cornerRadius(w, h));
      break;
    default:
      ctx.rect(x - w / 2, y - h / 2, w, h);
  }
}

/** Cytoscape's default dash patterns, in model units: edges' `line-dash-pattern`, borders' `border-dash-pattern`. */
const DASHES = { edge: [6, 3], ring: [4, 2] };

function setDash(ctx: CanvasRenderingContext2D, style: LineStyle, of: 'edge' | 'ring'): void {
  ctx.lineCap = 'butt';
  ctx.setLineDash(style === 'dotted' ? [1, 1] : style === 'dashed' ? DASHES[of] : []);
}

/** The control point of a tunnel's arc: its middle bends `bend` away from the straight line. */
function arcControl(from: NodeBox, to: NodeBox, bend: number): { x: number; y: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  // A quadratic curve's middle lies halfway to its control point.
  return {
    x: (from.x + to.x) / 2 + (dy / len) * 2 * bend,
    y: (from.y + to.y) / 2 - (dx / len) * 2 * bend,
  };
}

/** Leaves out these rectangles from what is drawn next (until the context is restored). */
function clipOut(ctx: CanvasRenderingContext2D, rects: readonly Rect[]): void {
  if (rects.length === 0) return;
  ctx.beginPath();
  ctx.rect(-1e7, -1e7, 2e7, 2e7);
  for (const r of rects) ctx.rect(r.x1, r.y1, r.x2 - r.x1, r.y2 - r.y1);
  ctx.clip('evenodd');
}

function drawLine(ctx: CanvasRenderingContext2D, l: SceneLine, looks: OverlayLooks): void {
  ctx.save();
  clipOut(ctx, l.gaps);
  ctx.beginPath();
  ctx.moveTo(l.x1, l.y1);
  ctx.lineTo(l.x2, l.y2);
  // The picture's own line goes under a veil of the canvas colour, as if recoloured.
  ctx.globalAlpha = 1;
  ctx.strokeStyle = looks.veil;
  ctx.lineWidth = l.ownWidth + 1;
  setDash(ctx, 'solid', 'edge');
  ctx.stroke();
  ctx.globalAlpha = l.opacity;
  ctx.strokeStyle = l.color;
  ctx.lineWidth = l.width;
  setDash(ctx, l.lineStyle, 'edge');
  ctx.stroke();
  ctx.restore();
}

function drawTunnel(ctx: CanvasRenderingContext2D, t: SceneTunnel, looks: OverlayLooks): void {
  const look = looks.tunnel;
  const c = arcControl(t.from, t.to, look.bend);
  ctx.save();
  // The arc runs from the edge of one node to the edge of the other, never over them.
  clipOut(
    ctx,
    [t.from, t.to].map((b) => ({
      x1: b.x - b.w / 2,
      y1: b.y - b.h / 2,
      x2: b.x + b.w / 2,
      y2: b.y + b.h / 2,
    })),
  );
  ctx.globalAlpha = t.opacity;
  ctx.strokeStyle = look.color;
  ctx.lineWidth = look.width;
  ctx.lineCap = 'butt';
  ctx.setLineDash([...look.dash]);
  ctx.beginPath();
  ctx.moveTo(t.from.x, t.from.y);
  ctx.quadraticCurveTo(c.x, c.y, t.to.x, t.to.y);
  ctx.stroke();
  ctx.restore();
  if (!t.label) return;
  // The label on a plate at the middle of the arc.
  const mx = (t.from.x + 2 * c.x + t.to.x) / 4;
  const my = (t.from.y + 2 * c.y + t.to.y) / 4;
  ctx.globalAlpha = t.opacity;
  ctx.font = `${look.fontWeight} ${look.fontSize}px ${look.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const w = ctx.measureText(t.label).width + 2 * look.labelPadding;
  const h = look.fontSize + 2 * look.labelPadding;
  ctx.globalAlpha = t.opacity * look.labelBackgroundOpacity;
  ctx.fillStyle = look.labelBackground;
  ctx.fillRect(mx - w / 2, my - h / 2, w, h);
  ctx.globalAlpha = t.opacity;
  ctx.fillStyle = look.color;
  ctx.fillText(t.label, mx, my);
}

function drawRing(ctx: CanvasRenderingContext2D, r: SceneRing, looks: OverlayLooks): void {
  if (r.opacity < 1) {
    ctx.globalAlpha = 1 - r.opacity;
    ctx.fillStyle = looks.veil;
    traceShape(ctx, r.box);
    ctx.fill();
  }
  if (r.color === null) return;
  ctx.globalAlpha = 1;
  ctx.strokeStyle = r.color;
  ctx.lineWidth = r.width;
  setDash(ctx, r.lineStyle, 'ring');
  traceShape(ctx, r.box);
  ctx.stroke();
  if (r.lineStyle === 'double') {
    // Two lines: the middle third of the ring taken out again, showing the node's own border.
    ctx.save();
    ctx.globalCompositeOperation = 'destination-out';
    ctx.lineWidth = r.width / 3;
    ctx.stroke();
    ctx.restore();
  }
}

/** Draws a scene in model coordinates: the caller has set the context's transform from model to pixels. */
export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: OverlayScene,
  looks: OverlayLooks,
): void {
  ctx.save();
  const lines = [...scene.lines].sort((a, b) => a.z - b.z);
  for (const l of lines) drawLine(ctx, l, looks);
  for (const t of scene.tunnels) drawTunnel(ctx, t, looks);
  for (const r of scene.rings) drawRing(ctx, r, looks);
  ctx.restore();
}

/** The viewport: rendered pixel = model × zoom + pan. */
export interface LayerViewport {
  zoom: number;
  pan: { x: number; y: number };
  width: number;
  height: number;
}

export interface OverlayLayer {
  /** Draws the scene, replacing what the layer showed. */
  draw(scene: OverlayScene, looks: OverlayLooks, viewport: LayerViewport): void;
  destroy(): void;
}

/** A transparent canvas over everything else in `container`, passing all pointer events through. */
export function createOverlayLayer(container: HTMLElement): OverlayLayer {
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = 'preview-layer';
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, {
    position: 'absolute',
    left: '0',
    top: '0',
    pointerEvents: 'none',
  });
  container.appendChild(canvas);
  let blank = true;
  return {
    draw(scene, looks, viewport) {
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const empty = scene.lines.length + scene.tunnels.length + scene.rings.length === 0;
      if (empty && blank) return;
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(viewport.width * ratio);
      const h = Math.round(viewport.height * ratio);
      if (canvas.width !== w || canvas.height !== h) {
        // Resizing clears the canvas too.
        canvas.width = w;
        canvas.height = h;
        canvas.style.width = `${viewport.width}px`;
        canvas.style.height = `${viewport.height}px`;
      } else {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, w, h);
      }
      blank = empty;
      if (empty) return;
      const z = viewport.zoom * ratio;
      ctx.setTransform(z, 0, 0, z, viewport.pan.x * ratio, viewport.pan.y * ratio);
      drawScene(ctx, scene, looks);
    },
    destroy() {
      canvas.remove();
    },
  };
}
