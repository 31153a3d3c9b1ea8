// A run against its change window: positions on the track by hand (start 21:00, window
// 22:00–23:00, the track runs to 23:00 + 5 % of two hours = 23:06) and the words per phase.
import { foldMigration, type MigrationEvent } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { run, spec } from '../store/execution-test-helpers.ts';
import { windowTimeline } from './window-timeline.ts';

const ORIGIN = '2026-12-06T21:00:00.000Z';
const window = { opensAt: '2026-12-06T22:00:00.000Z', closesAt: '2026-12-06T23:00:00.000Z' };
const TRACK_MS = 126 * 60_000;
const MIN = 60_000;

/** The run's state after these events, each `simMs` after the clock origin. */
function stateAfter(events: [MigrationEvent, number][]) {
  const r = run('m-1', spec({ window }));
  const records = [
    r.rec({ type: 'created', spec: r.spec }, 1),
    r.rec({ type: 'started', instance: 'test', clockOrigin: ORIGIN }, 2),
    ...events.map(([e], i) => r.rec(e, 3 + i)),
  ].map((rec, i) => (i < 2 ? { ...rec, simMs: 0 } : { ...rec, simMs: events[i - 2]![1] }));
  return foldMigration(records);
}

describe('windowTimeline', () => {
  it('no window, no timeline', () => {
    const r = run('m-2');
    expect(windowTimeline(foldMigration([r.rec({ type: 'created', spec: r.spec }, 1)]))).toBeNull();
  });

  it('copying before the window: now at 30 min of the 126-minute track', () => {
    const t = windowTimeline(
      stateAfter([[{ type: 'step-started', stepId: 'x:pre-copy', kind: 'pre-copy' }, 30 * MIN]]),
    )!;
    expect(t.phase).toBe('copying');
    expect(t.opens).toBeCloseTo((60 * MIN) / TRACK_MS, 9);
    expect(t.closes).toBeCloseTo((120 * MIN) / TRACK_MS, 9);
    expect(t.now).toBeCloseTo((30 * MIN) / TRACK_MS, 9);
    expect(t.switchover).toBeNull();
    expect(t.words).toMatch(/waits for the window/);
  });

  it('held: says until when', () => {
    const t = windowTimeline(
      stateAfter([[{ type: 'switchover-held', until: window.opensAt }, 40 * MIN]]),
    )!;
    expect(t.phase).toBe('held');
    expect(t.words).toMatch(/^ready; switchover held until /);
  });

  it('switched over at 22:10: the mark stays there as the clock goes on', () => {
    const t = windowTimeline(
      stateAfter([
        [{ type: 'switchover-held', until: window.opensAt }, 40 * MIN],
        [{ type: 'switched-over', downtimeMs: 90, estateVersion: 2 }, 70 * MIN],
        [{ type: 'step-started', stepId: 'x:activate', kind: 'activate' }, 75 * MIN],
      ]),
    )!;
    expect(t.phase).toBe('switched');
    expect(t.switchover).toBeCloseTo((70 * MIN) / TRACK_MS, 9);
    expect(t.now).toBeCloseTo((75 * MIN) / TRACK_MS, 9);
  });

  it('missed: the outcome in words', () => {
    const outcome = { code: 'window-missed', message: 'not ready to switch over by 22:59' };
    const t = windowTimeline(
      stateAfter([
        [{ type: 'rolling-back', ...outcome }, 120 * MIN],
        [{ type: 'rolled-back', ...outcome }, 120 * MIN],
      ]),
    )!;
    expect(t.phase).toBe('missed');
    expect(t.words).toBe('missed: not ready to switch over by 22:59');
  });
});
