/**
 * A read-only tooltip over the canvas for the element under the pointer: what
 * tooltip-content.ts says about it, next to the pointer. Listens to the graph
 * handle's mouseover and mouseout and to the container's mouse moves; renders
 * nothing while the pointer is over empty canvas.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { GraphHandle } from '../graph/cy-instance.ts';
import { tooltipContent, type TooltipContent } from '../graph/tooltip-content.ts';

export interface TooltipProps {
  graph: GraphHandle | null;
  /** The canvas container: the tooltip is placed relative to it. */
  containerRef: RefObject<HTMLDivElement | null>;
  /** The elements drawn: a tooltip about an earlier picture is not shown (its element may be gone). */
  picture: object;
}

const HOVERABLE =
  'node[kind = "site"], node[kind = "device"], node[kind = "fold"], edge[kind = "wan"], edge[kind = "link"], edge[kind = "fold-link"]';
/** Distance from the pointer, so the tooltip never sits under it. */
const OFFSET = 14;

export function Tooltip({ graph, containerRef, picture }: TooltipProps) {
  // Pointer position and container size, in container pixels.
  const [shown, setShown] = useState<
    ({ content: TooltipContent; picture: object } & Record<'x' | 'y' | 'w' | 'h', number>) | null
  >(null);
  const current = useRef(picture);
  useEffect(() => {
    current.current = picture;
  }, [picture]);

  useEffect(() => {
    const container = containerRef.current;
    if (!graph || !container) return;
    let pointer = { x: 0, y: 0, w: 0, h: 0 };
    const onMove = (e: MouseEvent) => {
      const box = container.getBoundingClientRect();
      pointer = { x: e.clientX - box.left, y: e.clientY - box.top, w: box.width, h: box.height };
      setShown((s) => (s ? { ...s, ...pointer } : s));
    };
    const onLeave = () => setShown(null);
    container.addEventListener('mousemove', onMove);
    container.addEventListener('mouseleave', onLeave);
    const offs = [
      graph.on('mouseover', HOVERABLE, (t) => {
        const content = tooltipContent(t.data);
        setShown(content ? { content, picture: current.current, ...pointer } : null);
      }),
      graph.on('mouseout', HOVERABLE, () => setShown(null)),
    ];
    return () => {
      container.removeEventListener('mousemove', onMove);
      container.removeEventListener('mouseleave', onLeave);
      for (const off of offs) off();
      setShown(null);
    };
  }, [graph, containerRef]);

  if (!shown || shown.picture !== picture) return null;
  // Flip to the other side of the pointer near the right and bottom edges.
  const flipX = shown.x > shown.w - 240;
  const flipY = shown.y > shown.h - 140;
  return (
    <div
      className="canvas-tooltip"
      role="tooltip"
      data-testid="canvas-tooltip"
      style={{
        left: flipX ? undefined : shown.x + OFFSET,
        right: flipX ? shown.w - shown.x + OFFSET : undefined,
        top: flipY ? undefined : shown.y + OFFSET,
        bottom: flipY ? shown.h - shown.y + OFFSET : undefined,
      }}
    >
      <strong>{shown.content.title}</strong>
      <dl>
        {shown.content.rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
