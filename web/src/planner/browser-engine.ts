/**
 * The impact engine in the browser (DESIGN.md: previews run locally through
 * `shared` on every drag and are confirmed by the server before execution).
 * One engine per estate object, built on first use and reused by every
 * preview, so a drag over many hosts pays for the routing state once.
 */
import {
  createImpactEngine,
  previewMove,
  type Estate,
  type ImpactEngine,
  type MoveRequest,
  type PreviewOptions,
  type PreviewResult,
} from '@vmmi/shared';

const engines = new WeakMap<Estate, ImpactEngine>();

/** The engine of an estate; built once per estate object (a reload brings a new object, so a new engine). */
export function engineOf(estate: Estate): ImpactEngine {
  let engine = engines.get(estate);
  if (!engine) engines.set(estate, (engine = createImpactEngine(estate)));
  return engine;
}

/**
 * The preview of a move, as the server would compute it for the same estate
 * version with the same options (its migration limits). Never throws.
 */
export function previewInBrowser(
  estate: Estate,
  request: MoveRequest,
  options: PreviewOptions = {},
): PreviewResult {
  try {
    return previewMove(engineOf(estate), request, options);
  } catch (err) {
    // previewMove returns typed errors for bad input; anything else is a bug, shown rather than thrown mid-drag.
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `the preview failed: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}
