/** The words of the kiosk header's clock and connection indicator. Pure, local time. */
import type { Connection } from './live-poller.ts';

/** Failing for longer than this, the indicator stops saying "reconnecting" and warns that the picture is old. */
export const STALE_AFTER_MS = 60_000;

const two = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS`, or `HH:MM`, 24-hour local time: the same on every screen whatever its locale. */
export function formatClock(epochMs: number, seconds = true): string {
  const d = new Date(epochMs);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return seconds ? `${hm}:${two(d.getSeconds())}` : hm;
}

export type ConnectionTone = 'ok' | 'warn' | 'hot';

export interface ConnectionLabel {
  text: string;
  tone: ConnectionTone;
}

export function connectionLabel(connection: Connection, now: number): ConnectionLabel {
  switch (connection.status) {
    case 'connecting':
      return { text: 'Connecting…', tone: 'warn' };
    case 'live':
      return { text: 'Live', tone: 'ok' };
    case 'reconnecting': {
      const { since, lastUpdate } = connection;
      if (now - since < STALE_AFTER_MS || lastUpdate === null)
        return { text: `Reconnecting… since ${formatClock(since, false)}`, tone: 'warn' };
      return { text: `Stale: last update ${formatClock(lastUpdate, false)}`, tone: 'hot' };
    }
  }
}

/** The header's status: the estate's deletion outranks the connection, which is fine then. */
export function kioskStatusLabel(
  connection: Connection,
  goneId: string | null,
  now: number,
): ConnectionLabel {
  if (goneId !== null) return { text: `Estate “${goneId}” deleted`, tone: 'hot' };
  return connectionLabel(connection, now);
}

/** `2 / 7 · next in 12 s`; just the position when there is nothing to rotate to. */
export function rotationLabel(index: number, count: number, remainingMs: number | null): string {
  const position = `${index + 1} / ${count}`;
  if (count < 2 || remainingMs === null) return position;
  return `${position} · next in ${Math.max(0, Math.ceil(remainingMs / 1000))} s`;
}
