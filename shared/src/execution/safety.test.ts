// The safety rules a run lives under (R14 timing, R18 fault policy, R19 robustness/rollback):
// Nova's completion timeout (800 s per GiB) and progress timeout (150 s), never after
// switchover; the crash rule; concurrency admission per host, site and WAN link.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admit,
  claimOf,
  completionTimeoutMs,
  recoveryRule,
  SAFETY_DEFAULTS,
  waitingFor,
  watchdogVerdict,
  type SafetyConfig,
  type SlotClaim,
} from './safety.ts';
import { advanceSim, initialSimState, type SimState } from './simulate.ts';
import { foldMigration } from './state.ts';
import { GiB, makeSpec, MiB, recordsOf, runToEnd } from './test-helpers.ts';

const cfg: SafetyConfig = { ...SAFETY_DEFAULTS };

describe('completion timeout (Nova live_migration_completion_timeout)', () => {
  it("uses Nova's defaults: 800 s per GiB, 150 s without progress", () => {
    expect(SAFETY_DEFAULTS.completionTimeoutSecondsPerGiB).toBe(800);
    expect(SAFETY_DEFAULTS.progressTimeoutSeconds).toBe(150);
  });

  it('is 800 s per GiB of memory plus local disk', () => {
    expect(
      completionTimeoutMs(makeSpec({ memoryBytes: 4 * GiB, storageBytes: 80 * GiB }), cfg),
    ).toBe(84 * 800_000);
    expect(completionTimeoutMs(makeSpec({ memoryBytes: 16 * GiB }), cfg)).toBe(16 * 800_000);
  });

  it('counts at least 1 GiB, so a tiny VM still gets 800 s', () => {
    expect(completionTimeoutMs(makeSpec({ memoryBytes: 512 * MiB }), cfg)).toBe(800_000);
    expect(completionTimeoutMs(makeSpec({ memoryBytes: 0 }), cfg)).toBe(800_000);
  });

  it('= max(1, GiB copied) × the per-GiB figure, for any size and figure', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 ** 42, noNaN: true }),
        fc.double({ min: 0, max: 2 ** 44, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (memoryBytes, storageBytes, perGiB) => {
          const t = completionTimeoutMs(makeSpec({ memoryBytes, storageBytes }), {
            ...cfg,
            completionTimeoutSecondsPerGiB: perGiB,
          });
          const gib = Math.max(1, (memoryBytes + storageBytes) / GiB);
          expect(t).toBeCloseTo(gib * perGiB * 1000, 3);
          expect(t).toBeGreaterThanOrEqual(perGiB * 1000);
        },
      ),
    );
  });
});

describe('watchdogs', () => {
  const spec = makeSpec({ memoryBytes: 4 * GiB });
  const limit = completionTimeoutMs(spec, cfg);
  const at = (simMs: number, lastProgressMs: number, switchedOver = false): SimState => ({
    ...initialSimState(spec),
    simMs,
    lastProgressMs,
    switchedOver,
  });

  it('say nothing while the run is in time and moving', () => {
    expect(watchdogVerdict(spec, at(0, 0), cfg)).toBeNull();
    expect(watchdogVerdict(spec, at(limit - 1, limit - 1), cfg)).toBeNull();
    expect(watchdogVerdict(spec, at(200_000, 50_000), cfg)).toBeNull();
  });

  it('stop a run at its completion timeout (a tick is clamped to end there)', () => {
    const v = watchdogVerdict(spec, at(limit, limit), cfg);
    expect(v?.code).toBe('completion-timeout');
    expect(v?.message).toMatch(/3200 s/);
  });

  it('stop a run with no progress for more than 150 s, not at 150 s', () => {
    expect(watchdogVerdict(spec, at(1_000_000, 850_000), cfg)).toBeNull();
    const v = watchdogVerdict(spec, at(1_000_001, 850_000), cfg);
    expect(v?.code).toBe('no-progress');
    expect(v?.message).toMatch(/150 s/);
  });

  it('report the completion timeout first when both apply', () => {
    expect(watchdogVerdict(spec, at(limit + 500_000, 0), cfg)?.code).toBe('completion-timeout');
  });

  it('never fire after switchover: there is nothing to roll back to', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (simMs, f) => {
          expect(watchdogVerdict(spec, at(simMs, simMs * f, true), cfg)).toBeNull();
        },
      ),
    );
  });

  it('fire before switchover exactly when a limit is passed', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (simMs, f) => {
          const last = simMs * f;
          const v = watchdogVerdict(spec, at(simMs, last), cfg);
          const expected =
            simMs > limit
              ? 'completion-timeout'
              : simMs - last > cfg.progressTimeoutSeconds * 1000
                ? 'no-progress'
                : null;
          expect(v?.code ?? null).toBe(expected);
        },
      ),
    );
  });

  describe('on a simulated run', () => {
    const B = 1.25e9;
    const intoPrecopy = () => {
      let sim = initialSimState(spec);
      while (!(spec.steps[sim.stepIndex]?.kind === 'pre-copy' && sim.stepElapsedMs > 100))
        sim = advanceSim(spec, sim, { dtMs: 50, bandwidthBytesPerSecond: B, stuck: false }).sim;
      return sim;
    };

    for (const [what, tick] of [
      ['a link down (no bandwidth)', { bandwidthBytesPerSecond: 0, stuck: false }],
      ['a stuck executor', { bandwidthBytesPerSecond: B, stuck: true }],
    ] as const)
      it(`${what} trips the no-progress watchdog after 150 s, not before`, () => {
        let sim = intoPrecopy();
        for (let s = 0; s < 149; s++) {
          sim = advanceSim(spec, sim, { dtMs: 1000, ...tick }).sim;
          expect(watchdogVerdict(spec, sim, cfg)).toBeNull();
        }
        sim = advanceSim(spec, sim, { dtMs: 1000, ...tick }).sim;
        expect(watchdogVerdict(spec, sim, cfg)).toBeNull();
        sim = advanceSim(spec, sim, { dtMs: 1000, ...tick }).sim;
        expect(watchdogVerdict(spec, sim, cfg)?.code).toBe('no-progress');
      });

    it('a run that keeps moving never trips them, whatever the tick size', () => {
      fc.assert(
        fc.property(fc.double({ min: 1, max: 140_000, noNaN: true }), (dtMs) => {
          let sim = initialSimState(spec);
          for (let i = 0; i < 10_000; i++) {
            const out = advanceSim(spec, sim, { dtMs, bandwidthBytesPerSecond: B, stuck: false });
            sim = out.sim;
            if (out.result.kind !== 'running') break;
            expect(watchdogVerdict(spec, sim, cfg)).toBeNull();
          }
        }),
        { numRuns: 30 },
      );
    });

    it('a stall after switchover never trips them', () => {
      let sim = initialSimState(spec);
      while (!sim.switchedOver)
        sim = advanceSim(spec, sim, { dtMs: 100, bandwidthBytesPerSecond: B, stuck: false }).sim;
      for (let i = 0; i < 10; i++) {
        sim = advanceSim(spec, sim, { dtMs: 1e6, bandwidthBytesPerSecond: B, stuck: true }).sim;
        expect(watchdogVerdict(spec, sim, cfg)).toBeNull();
      }
      expect(sim.simMs).toBeGreaterThan(completionTimeoutMs(spec, cfg));
    });
  });
});

describe('the crash rule', () => {
  it('rolls back before switchover, resumes after it, and requeues a run that never started', () => {
    expect(recoveryRule({ authority: 'source', status: 'running' })).toBe(
      'rollback-before-switchover',
    );
    expect(recoveryRule({ authority: 'target', status: 'running' })).toBe(
      'resume-after-switchover',
    );
    expect(recoveryRule({ authority: 'source', status: 'queued' })).toBe('requeue-not-started');
  });

  it('follows the events: queued until started, then every prefix before switched-over rolls back, every one after resumes', () => {
    const spec = makeSpec({ storageBytes: GiB });
    const run = runToEnd(spec, GiB, 200);
    const records = recordsOf(spec, [
      { simMs: 0, event: { type: 'started', instance: 'i-1' } },
      ...run.events,
    ]);
    const sw = records.findIndex((r) => r.event.type === 'switched-over');
    expect(sw).toBeGreaterThan(1);
    expect(recoveryRule(foldMigration(records.slice(0, 1)))).toBe('requeue-not-started');
    for (let k = 2; k <= records.length; k++)
      expect(recoveryRule(foldMigration(records.slice(0, k)))).toBe(
        k > sw ? 'resume-after-switchover' : 'rollback-before-switchover',
      );
  });
});

describe('concurrency admission', () => {
  const claim = (id: string, hosts: string[], sites: string[], wanLinks: string[] = []) => ({
    id,
    hosts,
    sites,
    wanLinks,
  });

  it('claims both hosts, both sites (one when the same) and the WAN links of the path', () => {
    const spec = makeSpec();
    expect(claimOf(spec)).toEqual({
      hosts: ['fra1.h1', 'ams1.h1'],
      sites: ['fra1', 'ams1'],
      wanLinks: ['wan.fra1~ams1'],
      estateId: spec.estateId,
    });
    const local = makeSpec({
      toHost: 'fra1.h2',
      toSite: 'fra1',
      path: [{ id: 'fra1.h1~fra1.leaf', freeBytesPerSecond: 1e9, wan: false }],
    });
    expect(claimOf(local)).toEqual({
      hosts: ['fra1.h1', 'fra1.h2'],
      sites: ['fra1'],
      wanLinks: [],
      estateId: local.estateId,
    });
  });

  it('runs of two estates share no slot, though their hosts, sites and links have the same ids', () => {
    const c = { ...cfg, perHost: 1, perSite: 1, perWanLink: 1 };
    const inA = { ...claim('a', ['fra1.h1', 'ams1.h1'], ['fra1', 'ams1'], ['wan']), estateId: 'A' };
    const inB = { ...inA, id: 'b', estateId: 'B' };
    const alsoA = { ...inA, id: 'a2' };
    expect(admit([inA], [inB, alsoA], c)).toEqual(['b']);
    expect(waitingFor([inA, inB], alsoA, c)).toBe('1 migration(s) already use host fra1.h1');
  });

  it('admits up to perHost runs on a host and no more', () => {
    const c = { ...cfg, perHost: 2, perSite: 100, perWanLink: 100 };
    const running = [claim('r1', ['h1', 'x1'], ['s']), claim('r2', ['h1', 'x2'], ['s'])];
    expect(admit(running, [claim('w1', ['h1', 'x3'], ['s'])], c)).toEqual([]);
    expect(admit(running.slice(1), [claim('w1', ['h1', 'x3'], ['s'])], c)).toEqual(['w1']);
    expect(
      admit(
        [],
        [
          claim('a', ['h1', 'y'], ['s']),
          claim('b', ['h1', 'z'], ['s']),
          claim('c', ['h1', 'q'], ['s']),
        ],
        c,
      ),
    ).toEqual(['a', 'b']);
  });

  it('admits up to perSite runs touching a site', () => {
    const c = { ...cfg, perHost: 100, perSite: 3, perWanLink: 100 };
    const waiting = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      claim(id, [`${id}1`, `${id}2`], ['fra1', 'ams1']),
    );
    expect(admit([], waiting, c)).toEqual(['a', 'b', 'c']);
    expect(admit([claim('r', ['r1', 'r2'], ['ams1'])], waiting, c)).toEqual(['a', 'b']);
    expect(admit([claim('r', ['r1', 'r2'], ['lon1'])], waiting, c)).toEqual(['a', 'b', 'c']);
  });

  it('admits up to perWanLink runs crossing a WAN link', () => {
    const c = { ...cfg, perHost: 100, perSite: 100, perWanLink: 1 };
    const waiting = [
      claim('a', ['a1', 'a2'], ['fra1', 'ams1'], ['wan.fra1~ams1']),
      claim('b', ['b1', 'b2'], ['fra1', 'ams1'], ['wan.fra1~ams1']),
      claim('c', ['c1', 'c2'], ['fra1', 'lon1'], ['wan.fra1~lon1']),
    ];
    expect(admit([], waiting, c)).toEqual(['a', 'c']);
  });

  it('is first come, first served', () => {
    const c = { ...cfg, perHost: 1 };
    const waiting = [claim('first', ['h', 'a'], ['s']), claim('second', ['h', 'b'], ['s'])];
    expect(admit([], waiting, c)).toEqual(['first']);
    expect(admit([], [...waiting].reverse(), c)).toEqual(['second']);
  });

  it('does not let one blocked run block the ones behind it', () => {
    const c = { ...cfg, perHost: 1 };
    const running = [claim('r', ['busy', 'x'], ['s'])];
    const waiting = [
      claim('blocked', ['busy', 'y'], ['s']),
      claim('free', ['h1', 'h2'], ['s']),
      claim('also-free', ['h3', 'h4'], ['s']),
      claim('after-free', ['h1', 'h5'], ['s']),
    ];
    expect(admit(running, waiting, c)).toEqual(['free', 'also-free']);
  });

  it('counts a host used twice by one run (a move within the host) once', () => {
    const c = { ...cfg, perHost: 1 };
    expect(admit([], [claim('a', ['h', 'h'], ['s', 's'])], c)).toEqual(['a']);
  });

  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const claimArb = (id: string) =>
    fc.record({
      id: fc.constant(id),
      hosts: fc.uniqueArray(fc.constantFrom(...ids('h', 5)), { minLength: 1, maxLength: 2 }),
      sites: fc.uniqueArray(fc.constantFrom(...ids('s', 3)), { minLength: 1, maxLength: 2 }),
      wanLinks: fc.uniqueArray(fc.constantFrom(...ids('w', 3)), { maxLength: 2 }),
    });
  const claimsArb = (prefix: string, max: number): fc.Arbitrary<SlotClaim[]> =>
    fc
      .integer({ min: 0, max })
      .chain((n) =>
        n === 0 ? fc.constant<SlotClaim[]>([]) : fc.tuple(...ids(prefix, n).map(claimArb)),
      );
  const cfgArb = fc.record({
    completionTimeoutSecondsPerGiB: fc.constant(800),
    progressTimeoutSeconds: fc.constant(150),
    perHost: fc.integer({ min: 1, max: 3 }),
    perSite: fc.integer({ min: 1, max: 6 }),
    perWanLink: fc.integer({ min: 1, max: 4 }),
  });
  const usage = (claims: readonly SlotClaim[]) => {
    const use = new Map<string, number>();
    for (const c of claims)
      for (const k of new Set([
        ...c.hosts.map((h) => `host:${h}`),
        ...c.sites.map((s) => `site:${s}`),
        ...c.wanLinks.map((w) => `wan:${w}`),
      ]))
        use.set(k, (use.get(k) ?? 0) + 1);
    return use;
  };
  const limitOf = (c: SafetyConfig, k: string) =>
    k.startsWith('host:') ? c.perHost : k.startsWith('site:') ? c.perSite : c.perWanLink;

  it('is the greedy FIFO pass: within every limit, in queue order, each refusal names a full limit', () => {
    fc.assert(
      fc.property(cfgArb, claimsArb('r', 6), claimsArb('q', 8), (c, candidates, waiting) => {
        // Start from a legal state: what runs already fits the limits.
        const started = admit([], candidates, c);
        const running = candidates.filter((r) => started.includes(r.id));
        for (const [k, n] of usage(running)) expect(n).toBeLessThanOrEqual(limitOf(c, k));
        const admitted = admit(running, waiting, c);
        // In queue order, each at most once.
        const order = waiting.map((w) => w.id).filter((id) => admitted.includes(id));
        expect(admitted).toEqual(order);
        // Within every limit.
        const after = [...running, ...waiting.filter((w) => admitted.includes(w.id))];
        for (const [k, n] of usage(after)) expect(n).toBeLessThanOrEqual(limitOf(c, k));
        // Greedy: a waiting run is refused only if a limit it needs is full, counting what runs
        // and what was admitted ahead of it; waitingFor then names that limit.
        const ahead: SlotClaim[] = [...running];
        for (const w of waiting) {
          const reason = waitingFor(ahead, w, c);
          if (admitted.includes(w.id)) {
            expect(reason).toBeNull();
            ahead.push(w);
          } else expect(reason).toMatch(/^\d+ migration\(s\) already use (host|site|WAN link) /);
        }
      }),
    );
  });
});

describe('waitingFor', () => {
  const c = { ...cfg, perHost: 1, perSite: 2, perWanLink: 1 };
  const r = (id: string, hosts: string[], sites: string[], wanLinks: string[] = []) => ({
    id,
    hosts,
    sites,
    wanLinks,
  });

  it('is null when every limit has room', () => {
    expect(waitingFor([], r('w', ['a', 'b'], ['s'], ['wan.x']), c)).toBeNull();
  });

  it('names the host, the site or the WAN link that is full, with its limit', () => {
    expect(waitingFor([r('1', ['a', 'z'], ['t'])], r('w', ['a', 'b'], ['s']), c)).toBe(
      '1 migration(s) already use host a',
    );
    expect(
      waitingFor(
        [r('1', ['x', 'y'], ['s']), r('2', ['p', 'q'], ['s'])],
        r('w', ['a', 'b'], ['s']),
        c,
      ),
    ).toBe('2 migration(s) already use site s');
    expect(
      waitingFor(
        [r('1', ['x', 'y'], ['s'], ['wan.fra1~ams1'])],
        r('w', ['a', 'b'], ['t'], ['wan.fra1~ams1']),
        c,
      ),
    ).toBe('1 migration(s) already use WAN link wan.fra1~ams1');
  });

  it('keeps ids with colons whole', () => {
    expect(
      waitingFor([r('1', ['x', 'y'], ['t'], ['w:1:2'])], r('w', ['a', 'b'], ['s'], ['w:1:2']), c),
    ).toBe('1 migration(s) already use WAN link w:1:2');
  });

  it('agrees with admit: a lone waiting run is admitted exactly when waitingFor is null', () => {
    const running = [r('1', ['a', 'b'], ['s'], ['w1']), r('2', ['c', 'd'], ['s'], [])];
    for (const w of [
      r('x', ['a', 'e'], ['t']),
      r('y', ['e', 'f'], ['s']),
      r('z', ['e', 'f'], ['t'], ['w1']),
      r('ok', ['e', 'f'], ['t'], ['w2']),
    ])
      expect(admit(running, [w], c).length === 1).toBe(waitingFor(running, w, c) === null);
  });
});
