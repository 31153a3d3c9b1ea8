/**
 * The data-plane check's pure parts, without root: the preview's claims for
 * the small estate, the FDB batches from the engine's tables, ping's lines
 * into probes, and the figures and verdict from probes and marks.
 */
import { describe, expect, it } from 'vitest';
import { evpnPropagationMs, measure, verdictOf } from '../../../src/execution/dataplane/analyse.ts';
import {
  SMALL_ESTATE_MOVE,
  smallDataplaneEstate,
} from '../../../src/execution/dataplane/estate.ts';
import { PingLog, type Probe } from '../../../src/execution/dataplane/ping.ts';
import { formatDataplaneCheck } from '../../../src/execution/dataplane/result.ts';
import { setupCheck } from '../../../src/execution/dataplane/setup.ts';

const GUEST_MAC = '52:54:00:77:00:05';
const PEER_MAC = '52:54:00:77:00:06';

describe('the check’s setup on the small estate', () => {
  const s = setupCheck(smallDataplaneEstate(), SMALL_ESTATE_MOVE);

  it('takes the preview’s claims: reachable both before and after, EVPN 100 ms after the first GARP', () => {
    expect(s.prediction).toMatchObject({
      strategy: 'l2-overlay',
      reachableBefore: true,
      reachableAfter: true,
      announcementsMs: [0, 50, 200, 450, 800],
      evpnMs: 100,
      reconvergenceMs: 100,
    });
    expect(s.prediction.downtimeMs).toBeGreaterThan(0);
    expect(s.prediction.interruptionMs).toBe(s.prediction.downtimeMs! + 100);
    expect(evpnPropagationMs(s.prediction)).toBe(100);
  });

  it('stands up the three hosts at their estate addresses, the peer as a namespace, a tap at each end', () => {
    expect(s.fabric.hosts).toEqual([
      { id: 'a.leaf-1-h1', ip: '10.11.1.1' },
      { id: 'b.leaf-1-h1', ip: '10.12.1.1' },
      { id: 'b.leaf-1-h2', ip: '10.12.1.2' },
    ]);
    expect(s.fabric.taps.map((t) => t.hostId)).toEqual(['a.leaf-1-h1', 'b.leaf-1-h1']);
    expect(s.fabric.vms).toEqual([
      { vmId: 'peer', hostId: 'b.leaf-1-h2', vni: 5001, mac: PEER_MAC, cidr: '10.77.0.6/24' },
    ]);
    expect(s.guestCidr).toBe('10.77.0.5/24');
    expect(s.toHostIp).toBe('10.12.1.1');
  });

  it('programs the FDBs from the engine’s tables: flooding to every other VTEP, each remote MAC at its host', () => {
    expect(s.initialBatches.get('b.leaf-1-h2')).toEqual([
      'fdb append 00:00:00:00:00:00 dev vx5001 dst 10.11.1.1 self permanent',
      'fdb append 00:00:00:00:00:00 dev vx5001 dst 10.12.1.1 self permanent',
      `fdb replace ${GUEST_MAC} dev vx5001 dst 10.11.1.1 self permanent`,
    ]);
    // The destination has no VM of the VNI yet: flooding only.
    expect(s.initialBatches.get('b.leaf-1-h1')).toHaveLength(2);
  });

  it('after the move repoints the peer’s entry for the guest and teaches the new host the peer', () => {
    expect(s.changeBatches.get('b.leaf-1-h2')).toEqual([
      `fdb replace ${GUEST_MAC} dev vx5001 dst 10.12.1.1 self permanent`,
    ]);
    expect(s.changeBatches.get('b.leaf-1-h1')).toEqual([
      `fdb replace ${PEER_MAC} dev vx5001 dst 10.12.1.2 self permanent`,
    ]);
    // The source keeps no VM of the VNI: its entry for the peer goes.
    expect(s.changeBatches.get('a.leaf-1-h1')).toEqual([`fdb del ${PEER_MAC} dev vx5001 self`]);
  });

  it('refuses a move it cannot check before building anything', () => {
    const estate = smallDataplaneEstate();
    expect(() => setupCheck(estate, { ...SMALL_ESTATE_MOVE, peerVmId: 'guest' })).toThrow(/flow/);
    estate.flows = [];
    expect(() => setupCheck(estate, { vmId: 'guest', toHost: 'b.leaf-1-h1' })).toThrow(/no flow/);
  });
});

describe('ping’s lines', () => {
  it('become probes: answered ones left at rx − rtt, silent ones an interval before ping said so', () => {
    const log = new PingLog(10);
    for (const line of [
      'PING 10.77.0.5 (10.77.0.5) 56(84) bytes of data.',
      '[1000.000000] 64 bytes from 10.77.0.5: icmp_seq=1 ttl=64 time=2.00 ms',
      '[1000.020000] no answer yet for icmp_seq=2',
      '[1000.030000] no answer yet for icmp_seq=3',
      '[1000.041000] 64 bytes from 10.77.0.5: icmp_seq=4 ttl=64 time=1.00 ms',
      '[1000.042000] 64 bytes from 10.77.0.5: icmp_seq=4 ttl=64 time=2.00 ms (DUP!)',
    ])
      log.add(line);
    const probes = log.probes();
    expect(probes.map((p) => [p.seq, Math.round(p.sentMs), p.answeredMs])).toEqual([
      [1, 999_998, 1_000_000],
      [2, 1_000_010, null],
      [3, 1_000_020, null],
      [4, 1_000_040, 1_000_041],
    ]);
    expect(log.lastAnswerMs).toBe(1_000_041);
  });

  it('counts on across the 16-bit wrap of icmp_seq, and interpolates probes it never heard of', () => {
    const log = new PingLog(10);
    log.add('[1.000000] 64 bytes from x: icmp_seq=65534 ttl=64 time=0.00 ms');
    log.add('[1.030000] 64 bytes from x: icmp_seq=1 ttl=64 time=0.00 ms');
    const probes = log.probes();
    expect(probes.map((p) => p.seq)).toEqual([65534, 65535, 65536, 65537]);
    expect(probes.map((p) => Math.round(p.sentMs))).toEqual([1000, 1010, 1020, 1030]);
  });
});

/** Probes every 10 ms from t = 0; `lost` says which go unanswered. */
function probesOver(n: number, lost: (sentMs: number) => boolean): Probe[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    sentMs: i * 10,
    answeredMs: lost(i * 10) ? null : i * 10 + 1,
  }));
}

const MARKS = {
  runStatus: 'succeeded',
  beforeMs: 1_000,
  copyStartMs: 1_000,
  pausedMs: 2_000,
  resumedMs: 2_030,
  switchedOverMs: 2_060,
  qemuDowntimeMs: 20,
  announcedMs: 2_031,
  fdbProgrammedMs: 2_140,
  runEndedMs: 3_000,
  endMs: 4_000,
  peerOnDestination: false,
};

describe('the figures and the verdict', () => {
  const prediction = setupCheck(smallDataplaneEstate(), SMALL_ESTATE_MOVE).prediction;

  it('count the gap around the switchover and time the first answer from the RESUME', () => {
    const probes = probesOver(400, (t) => t >= 1_995 && t < 2_145);
    const m = measure(probes, MARKS);
    expect(m.before).toEqual({ sent: 100, answered: 100 });
    expect(m.during).toEqual({ sent: 200, answered: 185 });
    expect(m.after).toEqual({ sent: 100, answered: 100 });
    expect(m.lostAroundSwitchover).toBe(15);
    expect(m.outageMs).toBe(160);
    expect(m.pauseMs).toBe(30);
    expect(m.meanIntervalMs).toBe(10);
    expect(m.firstAnswerAfterSwitchoverMs).toBe(2_151 - 2_030);
    expect(m.fdbProgrammedMs).toBe(110);
    expect(verdictOf(prediction, m)).toEqual({ pass: true, failures: [] });
    expect(formatDataplaneCheck({ ...resultOf(m), predicted: prediction })).toMatch(/PASS$/);
  });

  it('fail, naming it, when the peer cannot reach the VM after the move although the preview says it can', () => {
    const m = measure(
      probesOver(400, (t) => t >= 1_995),
      MARKS,
    );
    expect(m.reachableAfter).toBe(false);
    expect(m.lostAroundSwitchover).toBe(200);
    expect(m.firstAnswerAfterSwitchoverMs).toBeNull();
    const v = verdictOf(prediction, m);
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual([
      'after the move: the preview says reachable, the peer measured unreachable (0 of 100 answered)',
    ]);
  });

  it('an answer that came before the switchover is not the first one after it, however ping stamped its request', () => {
    // The probe stamped 2,000 ms (the pause) is answered at 2,001, before the RESUME at 2,030:
    // the source answered it. Every later one is lost, as with a stale FDB: 2,010 … 3,990 ms.
    const m = measure(
      probesOver(400, (t) => t >= 2_010),
      MARKS,
    );
    expect(m.firstAnswerAfterSwitchoverMs).toBeNull();
    expect(m.lostAroundSwitchover).toBe(199);
    expect(m.outageMs).toBeNull();
    expect(m.reachableAfter).toBe(false);
  });

  it('an answer from the guest’s receive ring is not the first after the switchover, however late ping stamped its request', () => {
    // Stamped 2,010 ms, after the pause at 2,000 (ping stamps when it prints), the request is
    // answered at 2,048: after the RESUME at 2,030 but before the peer's VTEP points at the
    // destination (2,140), the only way a request sent after the pause could reach it there.
    const ring = (p: Probe) => (p.sentMs === 2_010 ? { ...p, answeredMs: 2_048 } : p);
    const stale = measure(probesOver(400, (t) => t >= 1_995).map(ring), {
      ...MARKS,
      fdbProgrammedMs: null,
    });
    expect(stale.firstAnswerAfterSwitchoverMs).toBeNull();
    expect(stale.reachableAfter).toBe(false);
    // Repointed at 2,140: the first answer is the first request sent after that, 2,150 (at 2,151).
    const repointed = measure(probesOver(400, (t) => t >= 1_995 && t < 2_145).map(ring), MARKS);
    expect(repointed.firstAnswerAfterSwitchoverMs).toBe(2_151 - 2_030);
    // A peer on the destination host reaches the guest once that host's bridge has learnt it (2,031).
    const local = measure(probesOver(400, (t) => t >= 1_995 && t < 2_035).map(ring), {
      ...MARKS,
      fdbProgrammedMs: null,
      peerOnDestination: true,
    });
    expect(local.firstAnswerAfterSwitchoverMs).toBe(2_048 - 2_030);
  });

  function resultOf(measured: ReturnType<typeof measure>) {
    return {
      estateId: 'e',
      vmId: 'guest',
      peerVmId: 'peer',
      fromHost: 'a',
      toHost: 'b',
      vni: 5001,
      guestIp: '10.77.0.5',
      peerIp: '10.77.0.6',
      intervalMs: 10,
      fdbReprogrammed: true,
      measured,
      events: [],
      verdict: verdictOf(prediction, measured),
    };
  }
});
