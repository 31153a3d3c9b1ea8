import { describe, expect, it } from 'vitest';
import { rowWindow, scrollToRow } from './row-window.ts';

describe('row window', () => {
  it('renders only the rows in view plus a margin, out of 100,000', () => {
    const w = rowWindow(100_000, 30_000, 600, 30, 5);
    expect(w).toEqual({ start: 995, end: 1026, before: 995 * 30, after: (100_000 - 1026) * 30 });
    expect(w.before + (w.end - w.start) * 30 + w.after).toBe(100_000 * 30);
  });

  it('clamps at both ends and for short lists', () => {
    expect(rowWindow(100_000, 0, 600, 30, 5)).toMatchObject({ start: 0, end: 26, before: 0 });
    expect(rowWindow(100_000, 100_000 * 30, 600, 30, 5)).toMatchObject({
      start: 99_995,
      end: 100_000,
      after: 0,
    });
    expect(rowWindow(3, 0, 600, 30)).toEqual({ start: 0, end: 3, before: 0, after: 0 });
    expect(rowWindow(0, 50, 600, 30)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('scrolls a row into view by as little as needed', () => {
    expect(scrollToRow(10, 0, 600, 30)).toBe(0); // already in view
    expect(scrollToRow(40, 0, 600, 30)).toBe(41 * 30 - 600); // below: to the bottom edge
    expect(scrollToRow(5, 600, 600, 30)).toBe(150); // above: to the top edge
  });
});
