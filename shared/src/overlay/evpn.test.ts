// RFC 7432 section 15: MAC mobility sequence numbers and duplicate-MAC detection (R7).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advertiseMove,
  detectDuplicateMac,
  moveMac,
  preferredRoute,
  type EvpnMacIpRoute,
} from './evpn.ts';

const route: EvpnMacIpRoute = {
  routeType: 2,
  vni: 10010,
  mac: '52:54:00:00:00:01',
  ip: '10.10.0.10',
  nextHop: '10.0.1.1',
  sequence: 0,
  sticky: false,
};

describe('EVPN MAC mobility', () => {
  it('raises the sequence number by one on every move, and the new route wins everywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { minLength: 1, maxLength: 20 }), (vteps) => {
        let current = route;
        for (const vtep of vteps) {
          const out = advertiseMove(current, vtep);
          if (out.kind === 'rejected') {
            expect(vtep).toBe(current.nextHop);
            continue;
          }
          expect(out.route.sequence).toBe(current.sequence + 1);
          expect(preferredRoute(out.route, current)).toBe(out.route);
          expect(preferredRoute(current, out.route)).toBe(out.route);
          current = out.route;
        }
      }),
    );
  });

  it('never moves a sticky MAC', () => {
    expect(advertiseMove({ ...route, sticky: true }, '10.0.2.1')).toEqual({
      kind: 'rejected',
      reason: 'sticky',
    });
  });

  it('breaks a sequence tie by the lower next hop', () => {
    const other = { ...route, nextHop: '10.0.0.9' };
    expect(preferredRoute(route, other)).toBe(other);
  });

  it('declares a MAC duplicate at the 5th move within 180 s, not when moves are spread out', () => {
    let history: number[] = [];
    const verdicts = [0, 30, 60, 90, 120].map((t) => {
      const r = detectDuplicateMac(history, t);
      history = r.history;
      return r.duplicate;
    });
    expect(verdicts).toEqual([false, false, false, false, true]);
    let spread: number[] = [];
    for (const t of [0, 50, 100, 150, 200, 250, 300]) {
      const r = detectDuplicateMac(spread, t);
      spread = r.history;
      expect(r.duplicate).toBe(false);
    }
  });

  it('stops following a flapping MAC', () => {
    let current = route;
    let history: number[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = moveMac(current, `10.0.${i + 2}.1`, history, i * 10);
      history = r.history;
      kinds.push(r.outcome.kind);
      if (r.outcome.kind === 'moved') current = r.outcome.route;
    }
    expect(kinds).toEqual(['moved', 'moved', 'moved', 'moved', 'duplicate', 'duplicate']);
    expect(current.sequence).toBe(4);
  });
});
