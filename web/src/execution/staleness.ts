/**
 * Figures that stopped being live: while the event stream or the server is down, what
 * the page shows is the last state received, and says how old it is. Pure.
 */

/** How long the figures have gone without news, ms; null while they are live. */
export function staleAge(downSince: number | null, now: number): number | null {
  return downSince === null ? null : Math.max(0, now - downSince);
}

/** The earliest of the times sources went down (null: up): the figures are at least that old. */
export function earliestDown(...times: (number | null)[]): number | null {
  const down = times.filter((t): t is number => t !== null);
  return down.length === 0 ? null : Math.min(...down);
}

/** An age read at a glance, in whole units: `8 s`, `4 min`, `2 h 05 min`. */
export function fmtAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A stale mark's words: `stale · 38 s`. */
export const staleText = (ageMs: number) => `stale · ${fmtAge(ageMs)}`;
