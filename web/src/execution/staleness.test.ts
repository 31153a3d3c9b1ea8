import { describe, expect, it } from 'vitest';
import { earliestDown, fmtAge, staleAge, staleText } from './staleness.ts';

describe('stale figures', () => {
  it('are live while nothing is down, and as old as the time since it went down', () => {
    expect(staleAge(null, 1_000_000)).toBeNull();
    expect(staleAge(1_000_000, 1_038_000)).toBe(38_000);
    // A clock that steps back never makes an age negative.
    expect(staleAge(1_000_000, 999_000)).toBe(0);
  });

  it('take the earliest outage of the stream and the server', () => {
    expect(earliestDown(null, null)).toBeNull();
    expect(earliestDown(null, 5)).toBe(5);
    expect(earliestDown(9, 5)).toBe(5);
  });

  it('say their age in whole seconds, minutes, then hours and minutes', () => {
    expect(fmtAge(999)).toBe('0 s');
    expect(fmtAge(38_400)).toBe('38 s');
    expect(fmtAge(59_999)).toBe('59 s');
    expect(fmtAge(60_000)).toBe('1 min');
    // 75 s of outage, the planner's "running" case: 1 min.
    expect(fmtAge(75_000)).toBe('1 min');
    // 2 h 5 min = 7,500 s.
    expect(fmtAge(7_500_000)).toBe('2 h 05 min');
    expect(staleText(38_000)).toBe('stale · 38 s');
  });
});
