/** A duration as operators read it: `5.6 s` under a minute, `3 min 4 s`, `1 h 2 min`. */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}

/**
 * A report's stale-mapping window (`staleMappingWindowMs`) in words, the
 * same for the CLI and the web: how long a device that missed the update may
 * still send to the old place.
 */
export const staleWindowText = (ms: number): string =>
  `stale mappings possible for up to ${durationText(ms / 1000)}`;
