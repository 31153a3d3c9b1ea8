import { describe, expect, it } from 'vitest';
import {
  STALE_AFTER_MS,
  connectionLabel,
  formatClock,
  kioskStatusLabel,
  rotationLabel,
} from './connection-label.ts';

const at = (h: number, m: number, s = 0) => new Date(2025, 0, 1, h, m, s).getTime();

describe('kiosk header words', () => {
  it('formats a 24-hour clock with leading zeros', () => {
    expect(formatClock(at(7, 5, 9))).toBe('07:05:09');
    expect(formatClock(at(23, 59, 59), false)).toBe('23:59');
  });

  it('says Live, then Reconnecting since the first failure, then Stale with the last update', () => {
    expect(connectionLabel({ status: 'connecting' }, at(9, 0))).toEqual({
      text: 'Connecting…',
      tone: 'warn',
    });
    expect(connectionLabel({ status: 'live', lastUpdate: at(9, 0) }, at(9, 0, 5)).text).toBe(
      'Live',
    );
    const down = {
      status: 'reconnecting' as const,
      since: at(9, 1),
      lastUpdate: at(9, 0, 50),
      failures: 3,
    };
    expect(connectionLabel(down, at(9, 1, 30))).toEqual({
      text: 'Reconnecting… since 09:01',
      tone: 'warn',
    });
    expect(connectionLabel(down, at(9, 1) + STALE_AFTER_MS)).toEqual({
      text: 'Stale: last update 09:00',
      tone: 'hot',
    });
    // Nothing was ever loaded: nothing is stale, it keeps reconnecting.
    expect(connectionLabel({ ...down, lastUpdate: null }, at(12, 0)).text).toBe(
      'Reconnecting… since 09:01',
    );
  });

  it('shows the position and the seconds left', () => {
    expect(rotationLabel(1, 7, 11_200)).toBe('2 / 7 · next in 12 s');
    expect(rotationLabel(0, 7, -50)).toBe('1 / 7 · next in 0 s');
    expect(rotationLabel(0, 1, 5_000)).toBe('1 / 1');
    expect(rotationLabel(2, 3, null)).toBe('3 / 3');
  });

  it('says an estate deleted on the server so, in the hot tone, whatever the connection', () => {
    const live = { status: 'live' as const, lastUpdate: at(9, 0) };
    expect(kioskStatusLabel(live, 'demo', at(9, 0, 5))).toEqual({
      text: 'Estate “demo” deleted',
      tone: 'hot',
    });
    expect(kioskStatusLabel(live, null, at(9, 0, 5)).text).toBe('Live');
  });
});
