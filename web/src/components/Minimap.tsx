/**
 * An overview of the whole picture in a corner of the canvas, with the
 * viewport as a rectangle; pressing or dragging in it pans the main view.
 * Drawn from the elements' model positions into a <canvas> once per picture,
 * and only the rectangle again on pan and zoom (never a Cytoscape snapshot).
 * Hidden from assistive technology: it repeats the canvas.
 */
import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { GraphHandle } from '../graph/cy-instance.ts';
import type { GraphElements, GraphNode } from '../graph/elements.ts';
import {
  elementBounds,
  fitTransform,
  fromMini,
  nodeHalfSize,
  toMini,
  type MiniTransform,
} from '../graph/minimap-math.ts';
import type { GraphPalette } from '../theme/palette.ts';

export interface MinimapProps {
  graph: GraphHandle | null;
  elements: GraphElements;
  palette: GraphPalette;
}

/** CSS pixels. */
const WIDTH = 220;
const HEIGHT = 150;
/** Above this many edges only the nodes are drawn: the lines would be a grey mass anyway. */
const MAX_EDGES = 4000;

function nodeColour(n: GraphNode, p: GraphPalette): string {
  if (n.data.kind === 'fold') return n.data.groupKind === 'top' ? p.top : p.middle;
  if (n.data.kind === 'site') return n.data.ownership === 'public' ? p.sitePublic : p.sitePrivate;
  if (n.data.role === 'host') return p.hostBusy;
  if (n.data.role === 'gateway') return p.gateway;
  if (n.data.tier === 'middle') return p.middle;
  if (n.data.tier === 'bottom') return p.bottom;
  return p.top;
}

/** Draws the picture itself (without the viewport) into an offscreen canvas. */
function drawPicture(
  elements: GraphElements,
  t: MiniTransform,
  p: GraphPalette,
  ratio: number,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  const at = new Map(elements.nodes.map((n) => [n.id, n.position]));
  if (elements.edges.length <= MAX_EDGES) {
    ctx.strokeStyle = p.link;
    ctx.lineWidth = 0.5;
    ctx.beginPath();
    for (const e of elements.edges) {
      const a = at.get(e.source);
      const b = at.get(e.target);
      if (!a || !b) continue;
      const m = toMini(t, a);
      const n = toMini(t, b);
      ctx.moveTo(m.x, m.y);
      ctx.lineTo(n.x, n.y);
    }
    ctx.stroke();
  }
  for (const n of elements.nodes) {
    if (n.data.kind === 'row') continue;
    const { w, h } = nodeHalfSize(n);
    const c = toMini(t, n.position);
    const [sw, sh] = [Math.max(1, w * t.scale), Math.max(1, h * t.scale)];
    if (n.data.kind === 'group') {
      ctx.fillStyle = p.groupFill;
      ctx.strokeStyle = p.groupBorder;
      ctx.fillRect(c.x - sw, c.y - sh, 2 * sw, 2 * sh);
      ctx.strokeRect(c.x - sw, c.y - sh, 2 * sw, 2 * sh);
      continue;
    }
    ctx.fillStyle = nodeColour(n, p);
    ctx.fillRect(c.x - sw, c.y - sh, 2 * sw, 2 * sh);
  }
  return canvas;
}

export function Minimap({ graph, elements, palette }: MinimapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const transform = useMemo(() => {
    const b = elementBounds(elements);
    return b ? fitTransform(b, WIDTH, HEIGHT) : null;
  }, [elements]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !graph || !transform) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    const picture = drawPicture(elements, transform, palette, ratio);
    let frame = 0;
    const draw = () => {
      frame = 0;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(picture, 0, 0);
      ctx.scale(ratio, ratio);
      const e = graph.extent();
      const a = toMini(transform, { x: e.x1, y: e.y1 });
      const b = toMini(transform, { x: e.x2, y: e.y2 });
      ctx.fillStyle = `${palette.selection}14`;
      ctx.strokeStyle = palette.selection;
      ctx.lineWidth = 1.5;
      ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
      ctx.strokeRect(a.x, a.y, b.x - a.x, b.y - a.y);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    draw();
    const off = graph.onViewport(schedule);
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [graph, elements, transform, palette]);

  const panTo = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!graph || !transform) return;
    const box = event.currentTarget.getBoundingClientRect();
    graph.panTo(fromMini(transform, { x: event.clientX - box.left, y: event.clientY - box.top }));
  };

  return (
    <canvas
      ref={canvasRef}
      className="minimap"
      aria-hidden="true"
      data-testid="minimap"
      data-furniture
      style={{ width: WIDTH, height: HEIGHT }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        panTo(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) panTo(e);
      }}
    />
  );
}
