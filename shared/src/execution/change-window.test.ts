// Change windows: copy any time, switch over only inside the window (as HCX separates
// replication from a scheduled switchover); a copy ready early holds and stays converged, one
// that cannot switch over and finish inside the window rolls back. Figures by hand from the
// test plan's steps (test-helpers.ts: stop-and-copy 100 ms + switch-network 25 ms).
import { describe, expect, it } from 'vitest';
import {
  ChangeWindowSchema,
  msToNextWindowEdge,
  switchoverMs,
  windowVerdict,
  windowVerdictBeforeStart,
} from './change-window.ts';
import { completionTimeoutMs, SAFETY_DEFAULTS, watchdogVerdict } from './safety.ts';
import { advanceSim, initialSimState, type SimState } from './simulate.ts';
import { ofType } from './simulate-test-helpers.ts';
import { GiB, makeSpec, MiB, runToEnd } from './test-helpers.ts';

const OPENS = '2026-12-06T22:00:00.000Z';
const CLOSES = '2026-12-06T22:30:00.000Z';
const at = (iso: string) => Date.parse(iso);
const window = { opensAt: OPENS, closesAt: CLOSES, timeZone: 'Europe/Berlin' };
const NOT_BEGUN = { stepIndex: 0, stepStarted: false, switchedOver: false };

describe('the window verdict', () => {
  const spec = makeSpec({ window });

  it("a live move's switchover is its stop-and-copy and switch of the network: 100 + 25 ms", () => {
    expect(switchoverMs(spec)).toBe(125);
    // A parallel run has no stop-and-copy: only the network's switch.
    expect(switchoverMs(makeSpec({ live: false }))).toBe(25);
  });

  it('before the window: hold until it opens (10 min before: 600,000 ms)', () => {
    expect(windowVerdict(spec, NOT_BEGUN, at('2026-12-06T21:50:00Z'))).toEqual({
      kind: 'hold',
      forMs: 600_000,
      until: OPENS,
    });
  });

  it('inside the window: go, up to 125 ms before it closes', () => {
    expect(windowVerdict(spec, NOT_BEGUN, at(OPENS)).kind).toBe('go');
    expect(windowVerdict(spec, NOT_BEGUN, at('2026-12-06T22:29:59.874Z')).kind).toBe('go');
  });

  it('a switchover that would end after the window closes is missed: 125 ms before the close and later', () => {
    const v = windowVerdict(spec, NOT_BEGUN, at('2026-12-06T22:29:59.875Z'));
    expect(v.kind).toBe('missed');
    expect(v.kind === 'missed' && v.outcome.code).toBe('window-missed');
    expect(windowVerdictBeforeStart(spec, at('2026-12-06T23:00:00Z')).kind).toBe('missed');
  });

  it('a switchover begun inside the window goes on past its close', () => {
    const inStopAndCopy = { stepIndex: 3, stepStarted: true, switchedOver: false };
    expect(spec.steps[3]!.kind).toBe('stop-and-copy');
    expect(windowVerdict(spec, inStopAndCopy, at('2026-12-06T22:31:00Z')).kind).toBe('go');
    expect(windowVerdict(spec, { ...NOT_BEGUN, switchedOver: true }, at(CLOSES)).kind).toBe('go');
  });

  it('a window shorter than the switchover is missed at once, with why', () => {
    const short = makeSpec({
      window: { opensAt: OPENS, closesAt: '2026-12-06T22:00:00.100Z' },
    });
    const v = windowVerdictBeforeStart(short, at('2026-12-06T21:00:00Z'));
    expect(v.kind === 'missed' && v.outcome.message).toMatch(/shorter than the switchover/);
  });

  it('no window: always go', () => {
    expect(windowVerdict(makeSpec(), NOT_BEGUN, 0).kind).toBe('go');
    expect(msToNextWindowEdge(makeSpec(), 0)).toBe(Infinity);
  });

  it('the next edge: the opening while before it, then the last start (close − 125 ms)', () => {
    expect(msToNextWindowEdge(spec, at('2026-12-06T21:59:00Z'))).toBe(60_000);
    expect(msToNextWindowEdge(spec, at('2026-12-06T22:29:00Z'))).toBe(60_000 - 125);
  });

  it('bad windows are typed errors: not ISO 8601, or closing before it opens', () => {
    const notIso = ChangeWindowSchema.safeParse({ opensAt: 'tonight', closesAt: CLOSES });
    expect(notIso.success).toBe(false);
    const backwards = ChangeWindowSchema.safeParse({ opensAt: CLOSES, closesAt: OPENS });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]?.path).toEqual(['closesAt']);
    // An offset other than Z is an absolute instant too.
    expect(
      ChangeWindowSchema.safeParse({
        opensAt: '2026-12-06T23:00:00+01:00',
        closesAt: '2026-12-06T23:30:00+01:00',
      }).success,
    ).toBe(true);
  });
});

describe('holding a converged copy for its window (simulated executor)', () => {
  // 4 GiB guest dirtying 64 MiB/s over 1 GiB/s: converges in seconds, far below the share.
  const B = GiB;
  const D = 64 * MiB;
  const spec = makeSpec({ dirtyBytesPerSecond: D, window });
  const hold = { until: OPENS };
  const tick = (
    sim: SimState,
    dtMs: number,
    over: Partial<Parameters<typeof advanceSim>[2]> = {},
  ) => advanceSim(spec, sim, { dtMs, bandwidthBytesPerSecond: B, stuck: false, ...over });

  it('the copy converges, then holds before the stop-and-copy, re-sending what the guest dirties', () => {
    const first = tick(initialSimState(spec), 1_000_000, { hold });
    const held = ofType(first.events, 'switchover-held');
    expect(held).toEqual([{ type: 'switchover-held', until: OPENS }]);
    expect(ofType(first.events, 'step-started').map((e) => e.kind)).not.toContain('stop-and-copy');
    expect(first.result.kind).toBe('running');
    const heldFrom = first.events.find((e) => e.event.type === 'switchover-held')!.simMs;
    expect(first.sim.simMs).toBe(1_000_000);
    expect(first.sim.heldMs).toBeCloseTo(1_000_000 - heldFrom, 6);

    // Another minute held: 60 s × 64 MiB/s re-sent, and no second held event.
    const second = tick(first.sim, 60_000, { hold });
    expect(ofType(second.events, 'switchover-held')).toHaveLength(0);
    expect(second.sim.transferredBytes - first.sim.transferredBytes).toBeCloseTo(60 * D, 0);
    expect(second.sim.heldMs - first.sim.heldMs).toBe(60_000);
  });

  it('released, it switches over with the downtime it would have had without the hold', () => {
    const heldRun = runToEnd(spec, B, 1_000, {
      from: tick(initialSimState(spec), 900_000, { hold }).sim,
    });
    const plain = runToEnd(makeSpec({ dirtyBytesPerSecond: D }), B, 1_000);
    expect(heldRun.result.kind).toBe('succeeded');
    const down = (r: typeof plain) => ofType(r.events, 'succeeded')[0]!.downtimeMs;
    expect(down(heldRun)).toBeCloseTo(down(plain), 6);
  });

  it('a share below the dirtying cannot stay converged: the run rolls back, saying both rates', () => {
    const converged = tick(initialSimState(spec), 100_000, { hold }).sim;
    const starved = tick(converged, 1_000, { hold, bandwidthBytesPerSecond: 32 * MiB });
    expect(starved.result.kind).toBe('cannot-finish');
    const outcome = starved.result.kind === 'cannot-finish' ? starved.result.outcome : null;
    expect(outcome?.code).toBe('window-cannot-hold');
    expect(outcome?.message).toMatch(/64 MiB\/s.*32 MiB\/s/);
    // A stuck copy moves nothing, so it cannot hold either.
    expect(tick(converged, 1_000, { hold, stuck: true }).result.kind).toBe('cannot-finish');
  });

  it('a parallel run has nothing to re-send: it holds even with no bandwidth', () => {
    const parallel = makeSpec({ live: false, window });
    let sim = initialSimState(parallel);
    sim = advanceSim(parallel, sim, {
      dtMs: 200_000,
      bandwidthBytesPerSecond: B,
      stuck: false,
      hold,
    }).sim;
    const out = advanceSim(parallel, sim, {
      dtMs: 60_000,
      bandwidthBytesPerSecond: 0,
      stuck: false,
      hold,
    });
    expect(out.result.kind).toBe('running');
    expect(out.sim.switchedOver).toBe(false);
  });

  it('time held does not count toward the completion timeout (4 GiB × 800 s = 3,200 s)', () => {
    expect(completionTimeoutMs(spec, SAFETY_DEFAULTS)).toBe(3_200_000);
    const sim = { ...initialSimState(spec), simMs: 4_000_000, lastProgressMs: 4_000_000 };
    expect(watchdogVerdict(spec, { ...sim, heldMs: 1_000_000 }, SAFETY_DEFAULTS)).toBeNull();
    expect(watchdogVerdict(spec, sim, SAFETY_DEFAULTS)?.code).toBe('completion-timeout');
  });
});
