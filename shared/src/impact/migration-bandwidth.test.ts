// The bandwidth the impact preview gives a migration (R14), worked out by hand from
// docs/migration-model.md §1 on the demo estate. acme-web-web-01 (fra1) to ams1.p0-e0-h2 crosses
// its 25 Gbps host link, fra1's 100 Gbps fabric, the 100 Gbps WAN link fra1~ams1 at 43 % busy
// and the target's 25 Gbps host link; every migration is capped at 1.25e9 bytes/s (10 Gbit/s).
// A group is admitted in waves under the executor's concurrency limits (SAFETY_DEFAULTS: 2 per
// host, 8 per site, 4 per WAN link) and each VM gets its max-min fair share of its wave.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import type { MigrationLimits } from '../execution/safety.ts';
import type { Estate } from '../model/estate.ts';
import { createImpactEngine, ENGINE_DEFAULTS } from './engine.ts';
import { previewMove } from './preview.ts';
import type { MigrationSummary, MoveRequest } from './report.ts';

const VM = 'acme-web-web-01';
const T = 'ams1.p0-e0-h2';
const WAN = 'wan.fra1~ams1';
const T_LINK = 'ams1.p0-e0-h2~ams1.p0-edge-0';
const CAP = ENGINE_DEFAULTS.maxMigrationBandwidth;
/** acme-web VMs in fra1, each on a host of its own. */
const SIX = [
  'acme-web-web-01',
  'acme-web-web-21',
  'acme-web-web-57',
  'acme-web-app-13',
  'acme-web-web-17',
  'acme-web-cache-49',
];

type LinkChange = { capacityGbps?: number; utilisation?: number };

/** The demo estate with some links' capacity or load changed. */
function demoWith(links: Record<string, LinkChange> = {}): Estate {
  const estate = buildDemoEstate();
  const change = <L extends { id: string }>(l: L): L => ({ ...l, ...links[l.id] });
  return { ...estate, links: estate.links.map(change), wanLinks: estate.wanLinks.map(change) };
}

function migrations(
  estate: Estate,
  req: MoveRequest,
  migrationLimits?: MigrationLimits,
): MigrationSummary[] {
  const r = previewMove(createImpactEngine(estate), req, migrationLimits && { migrationLimits });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.report.migrations;
}

const alone = (estate: Estate) =>
  migrations(estate, { vmIds: [VM], target: { kind: 'host', hostId: T } })[0]!;

/** The six moved together to T, whose host link is half busy: 3.125e9 × 0.5 = 1.5625e9 B/s free. */
const sixToT = (limits?: MigrationLimits) =>
  migrations(
    demoWith({ [T_LINK]: { utilisation: 0.5 } }),
    { vmIds: SIX, target: { kind: 'host', hostId: T } },
    limits,
  );

describe('a VM moved alone', () => {
  it('crosses the links this file assumes', () => {
    const estate = demoWith();
    const from = estate.vms.find((v) => v.id === VM)!.hostId;
    const path = createImpactEngine(estate).routing.hostPath(from, T, `migration:${VM}`)!;
    expect(path.links).toContain(WAN);
    expect(path.links.at(-1)).toBe(T_LINK);
    expect(estate.wanLinks.find((l) => l.id === WAN)).toMatchObject({
      capacityGbps: 100,
      utilisation: 0.43,
    });
  });

  it('gets its cap when every link has more free capacity: 1.25e9 B/s', () => {
    // Least free link: a 25 Gbps host link, 3.125e9 B/s > 1.25e9.
    expect(alone(demoWith())).toMatchObject({ bandwidthBytesPerSecond: CAP, sharers: 1, wave: 1 });
  });

  it('gets the whole free capacity of its path when that is below the cap', () => {
    // WAN 10 Gbps at 90 %: 1.25e9 × 0.1 = 1.25e8 B/s, all of it for the lone migration.
    const m = alone(demoWith({ [WAN]: { capacityGbps: 10, utilisation: 0.9 } }));
    expect(m.bandwidthBytesPerSecond).toBeCloseTo(1.25e8, 3);
  });

  it('is bounded by the least free link, not the most utilised one', () => {
    // The target's host link at 8 Gbps idle has 1e9 B/s free; the WAN at 43 % (the most
    // utilised link) has 7.125e9 B/s free. The share is 1e9, below the cap.
    const m = alone(demoWith({ [T_LINK]: { capacityGbps: 8 } }));
    expect(m.bandwidthBytesPerSecond).toBe(1e9);
  });
});

describe('a group moved together', () => {
  it('to one host copies two at a time (2 per host), each with half of the host link', () => {
    // Waves of two: 1.5625e9 / 2 = 7.8125e8 B/s each, below the cap, not 1.5625e9 / 6 = 2.6e8.
    const ms = sixToT();
    expect(ms.map((m) => m.wave)).toEqual([1, 1, 2, 2, 3, 3]);
    for (const m of ms) {
      expect(m.bandwidthBytesPerSecond).toBe(7.8125e8);
      expect(m.sharers).toBe(2);
    }
  });

  it('follows the limits it is given: three per host share the host link three ways', () => {
    // 1.5625e9 / 3 = 5.208333e8 B/s each.
    const ms = sixToT({ perHost: 3, perSite: 8, perWanLink: 4 });
    expect(ms.map((m) => m.wave)).toEqual([1, 1, 1, 2, 2, 2]);
    for (const m of ms) {
      expect(m.bandwidthBytesPerSecond).toBeCloseTo(1.5625e9 / 3, 3);
      expect(m.sharers).toBe(3);
    }
  });

  it('is held by the WAN link limit too: four, then the last two, each wave sharing its bottleneck', () => {
    // 4 per WAN link: the first four share the host link, 1.5625e9 / 4 = 3.90625e8 B/s; the last
    // two split it in two, 7.8125e8.
    const ms = sixToT({ perHost: 100, perSite: 100, perWanLink: 4 });
    expect(ms.map((m) => m.wave)).toEqual([1, 1, 1, 1, 2, 2]);
    expect(ms.map((m) => m.bandwidthBytesPerSecond)).toEqual([
      3.90625e8, 3.90625e8, 3.90625e8, 3.90625e8, 7.8125e8, 7.8125e8,
    ]);
  });

  it('with no limits, all six split the least free link of their paths: a 10 Gbps WAN', () => {
    // No limits: all six at once. The WAN at 10 Gbps idle (1.25e9 B/s) is tighter than the
    // target's host link (1.5625e9): 1.25e9 / 6 = 2.083e8 each.
    const ms = migrations(
      demoWith({ [T_LINK]: { utilisation: 0.5 }, [WAN]: { capacityGbps: 10, utilisation: 0 } }),
      { vmIds: SIX, target: { kind: 'host', hostId: T } },
      { perHost: 100, perSite: 100, perWanLink: 100 },
    );
    for (const m of ms) {
      expect(m.wave).toBe(1);
      expect(m.sharers).toBe(6);
      expect(m.bandwidthBytesPerSecond).toBeCloseTo(1.25e9 / 6, 3);
    }
  });

  it('is max-min fair over every link: a VM held by its own host link leaves the rest to the others', () => {
    // All six at once on the target's host link (1.5625e9 B/s); acme-web-web-01's own host link
    // cut to 2 Gbps idle (2.5e8 B/s). Filling evenly, that link is full at 2.5e8, before the
    // target's (1.5625e9 / 6 = 2.6042e8): acme-web-web-01 stops there, and the other five
    // split what is left, (1.5625e9 − 2.5e8) / 5 = 2.625e8 each.
    const ms = migrations(
      demoWith({ [T_LINK]: { utilisation: 0.5 }, 'fra1.acc-1-h1~fra1.acc-1': { capacityGbps: 2 } }),
      { vmIds: SIX, target: { kind: 'host', hostId: T } },
      { perHost: 100, perSite: 100, perWanLink: 100 },
    );
    expect(ms[0]!.vmId).toBe(VM);
    expect(ms[0]!.bandwidthBytesPerSecond).toBeCloseTo(2.5e8, 3);
    for (const m of ms.slice(1)) expect(m.bandwidthBytesPerSecond).toBeCloseTo(2.625e8, 3);
  });
});
