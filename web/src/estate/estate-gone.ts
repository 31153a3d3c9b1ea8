/**
 * Whether the estate on the screen was deleted on the server: it is no longer
 * in the server's list. The kiosk and the planner both watch the list and say
 * so over their last picture. Pure.
 */

/** The estate shown, deleted on the server, and when the page noticed. */
export interface GoneEstate {
  id: string;
  noticedAt: number;
}

/**
 * `shownId`: the estate on the screen (null: none yet). Keeps `prev` while the same
 * estate stays missing, so the time it was noticed does not move on every check.
 */
export function goneEstate(
  listed: readonly { id: string }[],
  shownId: string | null,
  prev: GoneEstate | null,
  now: number,
): GoneEstate | null {
  if (shownId === null || listed.some((s) => s.id === shownId)) return null;
  return prev?.id === shownId ? prev : { id: shownId, noticedAt: now };
}
