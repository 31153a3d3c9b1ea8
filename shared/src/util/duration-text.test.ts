import { describe, expect, it } from 'vitest';
import { durationText, staleWindowText } from './duration-text.ts';

describe('durationText', () => {
  it('reads in seconds, minutes or hours', () => {
    expect(durationText(3.5)).toBe('3.5 s');
    expect(durationText(59.94)).toBe('59.9 s');
    expect(durationText(699)).toBe('11 min 39 s');
    expect(durationText(3600)).toBe('1 h 0 min');
    expect(durationText(3652.6)).toBe('1 h 0 min');
    expect(durationText(7325)).toBe('2 h 2 min');
  });
});

describe('staleWindowText', () => {
  it('words a LISP map-cache TTL of 1440 min as a day', () => {
    expect(staleWindowText(1440 * 60_000)).toBe('stale mappings possible for up to 24 h 0 min');
  });
});
