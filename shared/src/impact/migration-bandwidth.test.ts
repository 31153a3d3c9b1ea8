// The bandwidth the impact preview gives a migration (R14), worked out by hand from
// docs/migration-model.md §1 on the demo estate. acme-web-web-01 (fra1) to ams1.p0-e0-h2 crosses
// its 25 Gbps host link, fra1's 100 Gbps fabric, the 100 Gbps WAN link fra1~ams1 at 43 % busy
// and the target's 25 Gbps host link; every migration is capped at 1.25e9 bytes/s (10 Gbit/s).
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import type { Estate } from '../model/estate.ts';
import { createImpactEngine, ENGINE_DEFAULTS } from './engine.ts';
import { previewMove } from './preview.ts';
import type { MigrationSummary, MoveRequest } from './report.ts';

const VM = 'acme-web-web-01';
const T = 'ams1.p0-e0-h2';
const WAN = 'wan.fra1~ams1';
const T_LINK = 'ams1.p0-e0-h2~ams1.p0-edge-0';
const CAP = ENGINE_DEFAULTS.maxMigrationBandwidth;

type LinkChange = { capacityGbps?: number; utilisation?: number };

/** The demo estate with some links' capacity or load changed. */
function demoWith(links: Record<string, LinkChange> = {}): Estate {
  const estate = buildDemoEstate();
  const change = <L extends { id: string }>(l: L): L => ({ ...l, ...links[l.id] });
  return { ...estate, links: estate.links.map(change), wanLinks: estate.wanLinks.map(change) };
}

function migrations(estate: Estate, req: MoveRequest): MigrationSummary[] {
  const r = previewMove(createImpactEngine(estate), req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.report.migrations;
}

const alone = (estate: Estate) =>
  migrations(estate, { vmIds: [VM], target: { kind: 'host', hostId: T } })[0]!;

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
    expect(alone(demoWith()).bandwidthBytesPerSecond).toBe(CAP);
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
