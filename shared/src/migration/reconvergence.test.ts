// Reconvergence after switchover: QEMU's announcement timer, EVPN, agent tables, PMIP (R4, R7, R9, R14).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCE_DEFAULTS,
  announcementSchedule,
  estimateReconvergence,
  expectedFirstAnnouncementMs,
  RECONVERGENCE_DEFAULTS,
} from './reconvergence.ts';

describe('announcements', () => {
  it("follow QEMU's defaults (50 ms initial, 550 ms max, 5 rounds, 100 ms step): 0, 50, 200, 450, 800 ms", () => {
    // Defaults from qemu migration/options.c; gaps from net/announce.c's
    // qemu_announce_timer_step: initial + (rounds − round − 1) × step, capped at max.
    expect(ANNOUNCE_DEFAULTS).toEqual({ initialMs: 50, maxMs: 550, rounds: 5, stepMs: 100 });
    expect(announcementSchedule()).toEqual([0, 50, 200, 450, 800]);
  });

  it('cap every gap at max and send exactly `rounds` announcements', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 500 }),
        (initialMs, maxMs, rounds, stepMs) => {
          const t = announcementSchedule({ initialMs, maxMs, rounds, stepMs });
          expect(t).toHaveLength(rounds);
          expect(t[0]).toBe(0);
          for (let r = 1; r < t.length; r++)
            expect(t[r]! - t[r - 1]!).toBe(Math.min(maxMs, initialMs + (r - 1) * stepMs));
        },
      ),
    );
    // With 8 rounds the gaps reach 450, then the 550 ms cap: 800 + 450, + 550, + 550.
    expect(announcementSchedule({ rounds: 8 }).slice(5)).toEqual([1250, 1800, 2350]);
  });

  it('take the first one received: with 50 % loss the expectation weighs each by 0.5^(r+1)', () => {
    const t = announcementSchedule();
    expect(expectedFirstAnnouncementMs(t, 0)).toBe(0);
    // 50·¼ + 200·⅛ + 450·1⁄16 + 800·1⁄32, plus 1⁄32 of the 300 s ageing when all five are lost.
    expect(expectedFirstAnnouncementMs(t, 0.5)).toBeCloseTo(12.5 + 25 + 28.125 + 25 + 9375, 9);
    expect(expectedFirstAnnouncementMs(t, 1)).toBe(RECONVERGENCE_DEFAULTS.unannouncedMs);
  });

  it('never get faster as more are lost', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const t = announcementSchedule();
          expect(expectedFirstAnnouncementMs(t, lo)).toBeLessThanOrEqual(
            expectedFirstAnnouncementMs(t, hi) + 1e-9,
          );
        },
      ),
    );
  });
});

describe('time to reachability', () => {
  it('is the path latency alone for a same-LAN move whose first announcement arrives', () => {
    const r = estimateReconvergence({ pathLatencyMs: 0.02 });
    expect(r.timeToReachabilityMs).toBeCloseTo(0.02, 12);
    expect(r.evpnMs).toBeNull();
  });

  it('adds the BGP hops of the EVPN type-2 route after the announcement that teaches the VTEP', () => {
    const r = estimateReconvergence({ mechanisms: ['evpn'], announceLoss: 0.5 });
    const first = expectedFirstAnnouncementMs(announcementSchedule(), 0.5);
    expect(r.announceMs).toBeCloseTo(first, 9);
    expect(r.evpnMs).toBeCloseTo(first + RECONVERGENCE_DEFAULTS.evpnHops * 50, 9);
    expect(r.timeToReachabilityMs).toBe(r.evpnMs);
    const rr = estimateReconvergence({
      mechanisms: ['announce', 'evpn'],
      evpnHops: 4,
      bgpHopMs: 5000,
    });
    expect(rr.timeToReachabilityMs).toBe(20_000);
  });

  it('runs agent and PMIP updates in parallel with the announcements: the slowest chain counts', () => {
    const agent = estimateReconvergence({ mechanisms: ['agent'], pathLatencyMs: 3 });
    expect(agent.timeToReachabilityMs).toBe(RECONVERGENCE_DEFAULTS.controlPushMs + 3);
    expect(agent.announceMs).toBe(0);
    const pmip = estimateReconvergence({
      mechanisms: ['announce', 'pmip'],
      pathLatencyMs: 1,
      bindingRttMs: 80,
    });
    expect(pmip.pmipMs).toBe(RECONVERGENCE_DEFAULTS.controlPushMs + 80);
    expect(pmip.timeToReachabilityMs).toBe(pmip.pmipMs);
  });

  it('waits for the LISP mapping update when it ends after the first announcement', () => {
    const lisp = estimateReconvergence({ mechanisms: ['announce', 'lisp'], mappingUpdateMs: 75 });
    expect(lisp.lispMs).toBe(75);
    expect(lisp.timeToReachabilityMs).toBe(75);
    // With one announcement lost in two the wait for the first one outlasts a short update.
    const lossy = estimateReconvergence({
      mechanisms: ['announce', 'lisp'],
      mappingUpdateMs: 5,
      announceLoss: 0.5,
    });
    expect(lossy.timeToReachabilityMs).toBe(lossy.announceMs);
    expect(estimateReconvergence({ mechanisms: ['announce'] }).lispMs).toBeNull();
  });

  it('rejects a loss outside 0..1 with a RangeError', () => {
    expect(() => estimateReconvergence({ announceLoss: 2 })).toThrow(RangeError);
  });
});
