/**
 * The change window as the operator types it: two `datetime-local` values in
 * the browser's time zone (the operator's), turned into the absolute instants
 * the server takes (shared/src/execution/change-window.ts), with the zone kept
 * so the run shows the window as it was set. One check, before anything is sent.
 */
import type { ChangeWindow } from '@vmmi/shared';

/** What the two inputs hold: `YYYY-MM-DDTHH:mm`, local time. */
export interface WindowInput {
  opens: string;
  closes: string;
}

/** The operator's IANA time zone, as the browser knows it. */
export function operatorTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A `datetime-local` value as epoch ms in the browser's zone; NaN when it is not one. */
export function localInputMs(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return NaN;
  // Without an offset, ECMAScript reads a date-time form as local time.
  return new Date(value).getTime();
}

/** Epoch ms as a `datetime-local` value in the browser's zone (to fill the inputs). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A window that starts at the next whole hour and lasts one, a sensible first proposal. */
export function defaultWindowInput(nowMs: number): WindowInput {
  const hour = 3_600_000;
  const d = new Date(nowMs);
  d.setMinutes(0, 0, 0);
  const opens = d.getTime() + hour;
  return { opens: toLocalInput(opens), closes: toLocalInput(opens + hour) };
}

/** The window to send, or why it cannot be: unreadable, backwards, or closed already. */
export function parseWindowInput(
  input: WindowInput,
  nowMs: number,
  timeZone = operatorTimeZone(),
): { ok: true; window: ChangeWindow } | { ok: false; message: string } {
  const opens = localInputMs(input.opens);
  const closes = localInputMs(input.closes);
  if (Number.isNaN(opens)) return { ok: false, message: 'Set when the window opens.' };
  if (Number.isNaN(closes)) return { ok: false, message: 'Set when the window closes.' };
  if (closes <= opens) return { ok: false, message: 'The window must close after it opens.' };
  if (closes <= nowMs) return { ok: false, message: 'The window has closed already.' };
  return {
    ok: true,
    window: {
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
      timeZone,
    },
  };
}
