/**
 * The preview's marks on a Cytoscape instance: the scene they draw (shapes in
 * model coordinates, read from the marked elements as drawn now), the ids of
 * a kind that are drawn, and the PNG export with the scene drawn on.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import type { LineStyle, OverlayLooks } from './overlay-looks.ts';
import { labelBox } from './cy-labels.ts';
import {
  drawScene,
  EMPTY_SCENE,
  pathLook,
  ringLook,
  type NodeBox,
  type OverlayScene,
} from './overlay-layer.ts';
import {
  hasMarks,
  markedWith,
  type PathKind,
  type RingKind,
  type SceneMarks,
} from './scene-marks.ts';

/** Largest side of an exported PNG in pixels: browsers refuse bigger canvases. */
const PNG_MAX_SIDE = 8000;

export function boxOf(node: NodeSingular): NodeBox {
  const p = node.position();
  return { x: p.x, y: p.y, w: node.width(), h: node.height(), shape: String(node.style('shape')) };
}

/** The marks as shapes in model coordinates, from the marked elements as they are drawn now. */
export function overlayScene(
  cy: Core,
  marks: SceneMarks,
  looks: OverlayLooks | null,
): OverlayScene {
  if (!looks || !hasMarks(marks)) return EMPTY_SCENE;
  const scene: OverlayScene = { lines: [], tunnels: [], rings: [] };
  for (const [id, kind] of marks.paths) {
    const el = cy.getElementById(id);
    if (el.empty() || !el.isEdge() || !el.visible()) continue;
    const edge = el as EdgeSingular;
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    scene.lines.push({
      x1: s.x,
      y1: s.y,
      x2: t.x,
      y2: t.y,
      ownWidth: parseFloat(String(edge.style('width'))) || 1,
      gaps: [edge, edge.source(), edge.target()].flatMap((el) => labelBox(cy, el)),
      ...pathLook(looks, kind, { lineStyle: String(edge.style('line-style')) as LineStyle }),
    });
  }
  for (const [id, kind] of marks.rings) {
    const el = cy.getElementById(id);
    if (el.empty() || !el.isNode() || !el.visible()) continue;
    const node = el as NodeSingular;
    const ring = ringLook(looks, kind, {
      lineStyle: String(node.style('border-style')) as LineStyle,
    });
    // The keyboard highlight and the selection outline win over the preview's ring.
    const outlined = node.hasClass('highlight') || node.selected();
    scene.rings.push({ box: boxOf(node), ...ring, color: outlined ? null : ring.color });
  }
  for (const t of marks.tunnels) {
    const a = cy.getElementById(t.from);
    const b = cy.getElementById(t.to);
    if (a.empty() || b.empty() || !a.isNode() || !b.isNode()) continue;
    scene.tunnels.push({
      from: boxOf(a),
      to: boxOf(b),
      label: `${t.change === 'created' ? '+' : '−'}${t.kind}`,
      opacity: t.change === 'removed' ? looks.tunnel.removedOpacity : 1,
    });
  }
  return scene;
}

/** The ids marked with `kind` whose element is drawn now. */
export function drawnWith(cy: Core, marks: SceneMarks, kind: PathKind | RingKind): string[] {
  return markedWith(marks, kind).filter((id) => !cy.getElementById(id).empty());
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
