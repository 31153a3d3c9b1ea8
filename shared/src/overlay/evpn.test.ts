// RFC 7432 section 15: MAC mobility sequence numbers, the lowest-IP tie-break and duplicate-MAC detection (R7).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advertiseMove,
  detectDuplicateMac,
  MAX_MAC_MOBILITY_SEQUENCE,
  moveMac,
  NO_MAC_MOVES,
  preferredRoute,
  type EvpnMacIpRoute,
  type MacMoveState,
} from './evpn.ts';

const route: EvpnMacIpRoute = {
  routeType: 2,
  vni: 10010,
  mac: '52:54:00:00:00:01',
  ip: '10.10.0.10',
  originatorIp: '10.0.1.1',
  sequence: 0,
  sticky: false,
};

/** Both argument orders pick `winner`. */
function expectPreferred(a: EvpnMacIpRoute, b: EvpnMacIpRoute, winner: EvpnMacIpRoute) {
  expect(preferredRoute(a, b)).toBe(winner);
  expect(preferredRoute(b, a)).toBe(winner);
}

describe('MAC mobility sequence numbers', () => {
  it('raise the sequence by one modulo 2^32 on every move, and the new route wins everywhere', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: MAX_MAC_MOBILITY_SEQUENCE }),
        fc.array(fc.ipV4(), { minLength: 1, maxLength: 20 }),
        (start, vteps) => {
          let current = { ...route, sequence: start };
          for (const vtep of vteps) {
            const out = advertiseMove(current, vtep);
            if (out.kind === 'rejected') {
              expect(vtep).toBe(current.originatorIp);
              continue;
            }
            expect(out.route.sequence).toBe((current.sequence + 1) % 2 ** 32);
            expectPreferred(out.route, current, out.route);
            current = out.route;
          }
        },
      ),
    );
  });

  it('wrap at the 4-octet boundary: 2^32 - 2, 2^32 - 1, then 0, each newer than the last', () => {
    const at = (sequence: number, originatorIp: string) => ({ ...route, sequence, originatorIp });
    const a = at(2 ** 32 - 2, '10.0.0.1');
    const b = advertiseMove(a, '10.0.0.2');
    expect(b.kind === 'moved' && b.route.sequence).toBe(4_294_967_295);
    const c = b.kind === 'moved' ? advertiseMove(b.route, '10.0.0.3') : b;
    expect(c.kind === 'moved' && c.route.sequence).toBe(0);
    // The newer route is from the higher IP, so the sequence alone decides.
    const last = at(2 ** 32 - 1, '10.0.0.9');
    expectPreferred(last, at(2 ** 32 - 2, '10.0.0.1'), last);
    const wrapped = at(0, '10.0.0.9');
    expectPreferred(wrapped, at(2 ** 32 - 1, '10.0.0.1'), wrapped);
  });

  it('tie when exactly 2^31 apart (undefined in RFC 1982): the lowest originator wins either way', () => {
    // Read as plain numbers 2^31 would be newer; undefined, it ties, and 10.0.0.1 wins.
    const low = { ...route, sequence: 0, originatorIp: '10.0.0.1' };
    const high = { ...route, sequence: 2 ** 31, originatorIp: '10.0.0.2' };
    expectPreferred(low, high, low);
  });
});

describe('the lowest-IP tie-break (RFC 7432 section 15)', () => {
  it('compares IPv4 as numbers: 10.0.0.9 beats 10.0.0.10', () => {
    const nine = { ...route, originatorIp: '10.0.0.9' };
    const ten = { ...route, originatorIp: '10.0.0.10' };
    expectPreferred(nine, ten, nine);
  });

  it('compares IPv6 as numbers, whatever the spelling: ::9 beats ::10', () => {
    const nine = { ...route, originatorIp: '2001:DB8:0:0:0:0:0:9' };
    const sixteen = { ...route, originatorIp: '2001:db8::10' };
    expectPreferred(nine, sixteen, nine);
  });

  it('orders IPv4 at its IPv4-mapped address: below global IPv6, equal to its mapped spelling', () => {
    const v4 = { ...route, originatorIp: '192.0.2.1' };
    const v6 = { ...route, originatorIp: '2001:db8::1' };
    expectPreferred(v4, v6, v4);
    expect(advertiseMove(v4, '::ffff:192.0.2.1')).toEqual({
      kind: 'rejected',
      reason: 'same-vtep',
    });
  });

  it('lets a sticky MAC win and never moves it', () => {
    const sticky = { ...route, sticky: true, sequence: 0, originatorIp: '10.0.0.200' };
    expectPreferred(sticky, { ...route, sequence: 7, originatorIp: '10.0.0.1' }, sticky);
    expect(advertiseMove(sticky, '10.0.2.1')).toEqual({ kind: 'rejected', reason: 'sticky' });
  });
});

describe('duplicate-MAC detection (RFC 7432 section 15.1: N = 5 moves in M = 180 s)', () => {
  const verdicts = (times: number[]) => {
    let history: number[] = [];
    return times.map((t) => {
      const r = detectDuplicateMac(history, t);
      history = r.history;
      return r.duplicate;
    });
  };

  it('declares a MAC duplicate at the 5th move before the 180 s timer expires, not at 180 s', () => {
    expect(verdicts([0, 30, 60, 90, 120])).toEqual([false, false, false, false, true]);
    expect(verdicts([0, 45, 90, 135, 179])).toEqual([false, false, false, false, true]);
    // The timer started by the move at 0 expires at 180: only 4 moves are inside it.
    expect(verdicts([0, 45, 90, 135, 180])).toEqual([false, false, false, false, false]);
    expect(verdicts([0, 50, 100, 150, 200, 250, 300])).toEqual(Array(7).fill(false));
  });

  /** Moves the MAC to a new VTEP at each time; the outcomes and the final route and state. */
  function flap(
    times: number[],
    start: MacMoveState = NO_MAC_MOVES,
    opts?: { moves: number; windowSeconds: number },
  ) {
    let current = route;
    let state = start;
    const kinds = times.map((t, i) => {
      const r = moveMac(current, `10.0.${i + 2}.1`, state, t, opts);
      state = r.state;
      if (r.outcome.kind === 'moved') current = r.outcome.route;
      return r.outcome.kind;
    });
    return { kinds, current, state };
  }

  it('stops following a flapping MAC, and stays stopped until the operator clears it', () => {
    const { kinds, current, state } = flap([0, 10, 20, 30, 40, 50, 1000]);
    expect(kinds).toEqual([
      'moved',
      'moved',
      'moved',
      'moved',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(current.sequence).toBe(4);
    expect(state.duplicate).toBe(true);
    // The operator's corrective action: the MAC is followed again from a clean history.
    const after = moveMac(current, '10.0.99.1', NO_MAC_MOVES, 2000);
    expect(after.outcome.kind === 'moved' && after.outcome.route.sequence).toBe(5);
  });

  it('takes N and M from the operator (they MUST be configurable)', () => {
    expect(flap([0, 5, 20, 25], NO_MAC_MOVES, { moves: 2, windowSeconds: 10 }).kinds).toEqual([
      'moved',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });
});
