/** Numbers as the impact panel shows them. */
import { coldDowntimeParts, type ColdSteps, type Interruption } from '@vmmi/shared';

export const fmtMs = (ms: number | null) =>
  ms === null ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
/** A part of a whole in ms, to 0.1 ms below 10 s, so that parts shown side by side add up to their total. */
export const fmtMsPart = (ms: number) =>
  ms >= 10_000 ? fmtMs(ms) : `${Number(ms.toFixed(1)).toLocaleString('en')} ms`;
export const fmtSeconds = (s: number | null) => (s === null ? '—' : fmtMs(s * 1000));
export function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
export const fmtMbps = (m: number) =>
  m >= 1000 ? `${(m / 1000).toFixed(2)} Gbit/s` : `${Math.round(m)} Mbit/s`;
export const fmtStretch = (s: number | null) => (s === null ? '—' : `×${s.toFixed(2)}`);
/** Latency a move adds (or takes away), ms with a sign. */
export const fmtAddedMs = (ms: number | null) =>
  ms === null
    ? '—'
    : `${ms < 0 ? '−' : '+'}${Math.abs(ms) >= 10 ? Math.abs(ms).toFixed(1) : Math.abs(ms).toFixed(2)} ms`;

/**
 * A number as `toLocaleString('en')` writes it (`12,000`), without Intl for whole
 * numbers: the page's first call of Intl builds its number formatter, 25–45 ms of a
 * cold page (measured in Chromium here), which the side panel's counts and the
 * canvas's labels paid before the first frame. Fractions still go through Intl.
 */
export function fmtCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en');
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return n < 0 ? `-${out}` : out;
}

let plurals: Intl.PluralRules | undefined;

/** A count with its noun in the right number: `1 warning`, `2 warnings`, `1 switch`, `0 switches`. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  // English (CLDR): "one" for 1 alone among whole numbers; Intl for the rest.
  if (Number.isSafeInteger(n)) return `${fmtCount(n)} ${Math.abs(n) === 1 ? one : many}`;
  plurals ??= new Intl.PluralRules('en');
  return `${n.toLocaleString('en')} ${plurals.select(n) === 'one' ? one : many}`;
}

/** An interruption as the sum of its parts, in the words docs/strategies.md uses. */
export function fmtInterruption(i: Interruption): string {
  return `${fmtMsPart(i.totalMs)} = stop-and-copy ${fmtMsPart(i.stopAndCopyMs)} + announcements ${fmtMsPart(i.announceMs)} + network switch ${fmtMsPart(i.networkSwitchMs)}`;
}

/** A cold move's downtime (R15) as the sum of its parts, in the units of the live downtime. */
export function fmtColdDowntime(i: Interruption, steps: ColdSteps): string {
  const parts = coldDowntimeParts(i, steps).map(([part, ms]) => `${part} ${fmtMsPart(ms)}`);
  return `${fmtMsPart(i.totalMs)} = ${parts.join(' + ')}`;
}
