/**
 * Where a run stands against its change window, as fractions of a timeline
 * from its start to the window's close (a little past both ends), and in words.
 * The run's clock is its start (the started event's origin) plus its simulated
 * time: what the supervisor holds the window against.
 */
import type { MigrationState } from '@vmmi/shared';
import { fmtInstant } from './describe.ts';

export type WindowPhase = 'copying' | 'held' | 'switched' | 'missed' | 'ended';

export interface WindowTimelineView {
  /** 0..1 positions on the track. */
  opens: number;
  closes: number;
  now: number | null;
  switchover: number | null;
  phase: WindowPhase;
  words: string;
}

export function windowTimeline(s: MigrationState): WindowTimelineView | null {
  const w = s.spec.window;
  if (!w) return null;
  const opens = Date.parse(w.opensAt);
  const closes = Date.parse(w.closesAt);
  const clock = s.clockOriginMs === null ? null : s.clockOriginMs + s.simMs;
  const from = Math.min(s.clockOriginMs ?? Date.parse(s.createdAt), opens);
  // A margin after the close, so a mark at the close stays on the track.
  const to = closes + (closes - from) * 0.05;
  const at = (ms: number) => Math.min(1, Math.max(0, (ms - from) / (to - from)));
  const switchedAt =
    s.switchedOverAtSimMs !== null && s.clockOriginMs !== null
      ? s.clockOriginMs + s.switchedOverAtSimMs
      : null;
  const phase: WindowPhase =
    s.outcome?.code === 'window-missed' || s.outcome?.code === 'window-cannot-hold'
      ? 'missed'
      : s.authority === 'target'
        ? 'switched'
        : s.heldUntil
          ? 'held'
          : s.status === 'queued' || s.status === 'running'
            ? 'copying'
            : 'ended';
  const words =
    phase === 'missed'
      ? `missed: ${s.outcome!.message}`
      : phase === 'switched'
        ? 'switched over inside the window'
        : phase === 'held'
          ? `ready; switchover held until ${fmtInstant(s.heldUntil!)}`
          : phase === 'copying'
            ? clock !== null && clock >= opens
              ? 'window open; switchover when the copy is ready'
              : 'copying; switchover waits for the window'
            : 'ended before the switchover';
  return {
    opens: at(opens),
    closes: at(closes),
    now: clock === null ? null : at(clock),
    switchover: switchedAt === null ? null : at(switchedAt),
    phase,
    words,
  };
}
