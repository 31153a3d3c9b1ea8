// The change window typed in local time and sent as absolute instants (ISO 8601, UTC).
// Every figure is in the machine's own zone, whichever it is, so the checks hold in any zone.
import { describe, expect, it } from 'vitest';
import {
  defaultWindowInput,
  localInputMs,
  parseWindowInput,
  toLocalInput,
} from './change-window-input.ts';

const NOW = localInputMs('2026-12-06T20:40');

describe('change window input', () => {
  it('reads datetime-local values as local time and writes them back', () => {
    expect(toLocalInput(localInputMs('2026-12-06T22:00'))).toBe('2026-12-06T22:00');
    expect(localInputMs('tonight')).toBeNaN();
    expect(localInputMs('')).toBeNaN();
  });

  it('proposes the next whole hour, one hour long (20:40 → 21:00–22:00)', () => {
    expect(defaultWindowInput(NOW)).toEqual({
      opens: '2026-12-06T21:00',
      closes: '2026-12-06T22:00',
    });
  });

  it('sends the instants and the zone it was set in', () => {
    const r = parseWindowInput(
      { opens: '2026-12-06T22:00', closes: '2026-12-06T23:30' },
      NOW,
      'Europe/Berlin',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Date.parse(r.window.closesAt) - Date.parse(r.window.opensAt)).toBe(90 * 60_000);
    expect(Date.parse(r.window.opensAt)).toBe(localInputMs('2026-12-06T22:00'));
    expect(r.window.timeZone).toBe('Europe/Berlin');
  });

  it('says what is wrong: missing, backwards, closed already', () => {
    const bad = (opens: string, closes: string) => {
      const r = parseWindowInput({ opens, closes }, NOW);
      return r.ok ? null : r.message;
    };
    expect(bad('', '2026-12-06T23:00')).toMatch(/opens/);
    expect(bad('2026-12-06T22:00', '')).toMatch(/closes/);
    expect(bad('2026-12-06T22:00', '2026-12-06T21:00')).toMatch(/close after it opens/);
    expect(bad('2026-12-06T19:00', '2026-12-06T20:00')).toMatch(/closed already/);
  });
});
