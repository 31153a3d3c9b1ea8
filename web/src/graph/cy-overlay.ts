/**
 * The preview overlay on a Cytoscape instance: the scene it draws (shapes in
 * model coordinates, read from the elements it marks as drawn now), what
 * `count` sees with it applied, and the PNG export with it drawn on.
 */
import cytoscape from 'cytoscape';
import type { Core, EdgeSingular, ElementDefinition, NodeSingular } from 'cytoscape';
import type { LineStyle, OverlayLooks } from './graph-style.ts';
import type { GraphOverlay } from './graph-handle.ts';
import { edgeDef } from './cy-diff.ts';
import { labelBox } from './cy-labels.ts';
import {
  drawScene,
  EMPTY_SCENE,
  resolveEdgeMark,
  resolveRing,
  type NodeBox,
  type OverlayScene,
} from './overlay-layer.ts';

/** Largest side of an exported PNG in pixels: browsers refuse bigger canvases. */
const PNG_MAX_SIDE = 8000;

export const EMPTY_OVERLAY: GraphOverlay = { classes: new Map(), edges: [] };

/** Whether the overlay marks anything. */
export const isShown = (overlay: GraphOverlay): boolean =>
  overlay.classes.size > 0 || overlay.edges.length > 0;

export function boxOf(node: NodeSingular): NodeBox {
  const p = node.position();
  return { x: p.x, y: p.y, w: node.width(), h: node.height(), shape: String(node.style('shape')) };
}

/** The overlay as shapes in model coordinates, read from the elements it marks as they are drawn now. */
export function overlayScene(
  cy: Core,
  overlay: GraphOverlay,
  looks: OverlayLooks | null,
): OverlayScene {
  if (!looks || !isShown(overlay)) return EMPTY_SCENE;
  const scene: OverlayScene = { lines: [], tunnels: [], rings: [] };
  for (const [id, classes] of overlay.classes) {
    const el = cy.getElementById(id);
    if (el.empty() || !el.visible()) continue;
    if (el.isEdge()) {
      const mark = resolveEdgeMark(looks, classes, {
        lineStyle: String(el.style('line-style')) as LineStyle,
      });
      if (!mark) continue;
      const s = el.sourceEndpoint();
      const t = el.targetEndpoint();
      const edge = el as EdgeSingular;
      scene.lines.push({
        x1: s.x,
        y1: s.y,
        x2: t.x,
        y2: t.y,
        ownWidth: parseFloat(String(el.style('width'))) || 1,
        gaps: [edge, edge.source(), edge.target()].flatMap((el) => labelBox(cy, el)),
        ...mark,
      });
      continue;
    }
    const node = el as NodeSingular;
    const ring = resolveRing(looks, classes, {
      lineStyle: String(node.style('border-style')) as LineStyle,
    });
    if (!ring) continue;
    // The keyboard highlight and the selection outline win over the preview's ring.
    const outlined = node.hasClass('highlight') || node.selected();
    scene.rings.push({ box: boxOf(node), ...ring, color: outlined ? null : ring.color });
  }
  for (const e of overlay.edges) {
    const a = cy.getElementById(e.source);
    const b = cy.getElementById(e.target);
    if (a.empty() || b.empty() || !a.isNode() || !b.isNode()) continue;
    scene.tunnels.push({
      from: boxOf(a),
      to: boxOf(b),
      label: String(e.data.label ?? ''),
      opacity: e.data.change === 'removed' ? looks.tunnel.removedOpacity : 1,
    });
  }
  return scene;
}

/** What `count` sees while an overlay is shown: a copy of the picture with the overlay applied. */
export function countWithOverlay(cy: Core, overlay: GraphOverlay, selector: string): number {
  const copy = cytoscape({
    headless: true,
    styleEnabled: false,
    elements: cy.elements().jsons() as unknown as ElementDefinition[],
  });
  copy.batch(() => {
    for (const [id, classes] of overlay.classes) copy.getElementById(id).addClass([...classes]);
    copy.add(
      overlay.edges
        .filter((e) => !copy.getElementById(e.source).empty())
        .filter((e) => !copy.getElementById(e.target).empty())
        .map(edgeDef),
    );
  });
  const n = copy.elements(selector).length;
  copy.destroy();
  return n;
}

/** The whole picture as a PNG, with the overlay drawn on it as on the screen. */
export async function pngWithOverlay(
  cy: Core,
  scene: OverlayScene,
  looks: OverlayLooks | null,
  background: string,
): Promise<Blob> {
  const scale = 2;
  const bb = cy.elements().boundingBox();
  const picture = await cy.png({
    output: 'blob-promise',
    full: true,
    scale,
    bg: background,
    maxWidth: PNG_MAX_SIDE,
    maxHeight: PNG_MAX_SIDE,
  });
  if (!looks || scene === EMPTY_SCENE) return picture;
  const image = await createImageBitmap(picture);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return picture;
  ctx.drawImage(image, 0, 0);
  // As Cytoscape drew the full picture: model × scale, from the bounding box's corner.
  ctx.setTransform(scale, 0, 0, scale, -bb.x1 * scale, -bb.y1 * scale);
  drawScene(ctx, scene, looks);
  return new Promise((done, fail) =>
    canvas.toBlob((blob) => (blob ? done(blob) : fail(new Error('the PNG could not be made')))),
  );
}
