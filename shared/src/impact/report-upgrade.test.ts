// Reports stored by older builds are upgraded on read: nothing lost, nothing guessed. Version 1
// was written by the preview of its build for acme-web-web-01 → dub-cloud, versions 2 and 3 by
// their builds' for acme-legacy-erp-01 → ams1.p0-e0-h2 (`vmmi preview --strategy all --json`).
import { describe, expect, it } from 'vitest';
import v1 from './fixtures/report-v1.json' with { type: 'json' };
import v2 from './fixtures/report-v2.json' with { type: 'json' };
import v3 from './fixtures/report-v3.json' with { type: 'json' };
import { REPORT_SCHEMA_VERSION } from './report.ts';
import { StoredImpactReportSchema } from './report-upgrade.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('StoredImpactReportSchema', () => {
  const up = StoredImpactReportSchema.parse(clone(v1));

  it('reads a version-1 report as the current version', () => {
    expect(v1.schemaVersion).toBe(1);
    expect(up.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(up.placements).toEqual(v1.placements);
    expect(up.plan).toEqual(v1.plan);
    expect(up.migrations).toEqual(v1.migrations);
  });

  it('keeps each flow’s one path as outbound; inbound was not computed and says so (null)', () => {
    v1.flows.forEach((old, i) => {
      const f = up.flows[i]!;
      expect(f.outbound.before).toEqual(old.before);
      expect(f.outbound.after).toEqual(old.after);
      expect(f.outbound.tromboneVia).toBe(old.tromboneVia);
      expect(f.outbound.addedMs).toBeCloseTo(old.after.latencyMs - old.before.latencyMs, 3);
      expect(f.inbound).toEqual({
        before: null,
        after: null,
        addedMs: null,
        stretch: null,
        tromboneVia: null,
      });
    });
    expect(up.traffic.outbound.trombonedFlows).toBe(v1.traffic.trombonedFlows);
    expect(up.traffic.inbound.meanAddedMs).toBeNull();
  });

  it('keeps the costs; their parts were not stored, so none are shown', () => {
    expect(up.comparison.map((c) => c.cost)).toEqual(v1.comparison.map((c) => c.cost));
    expect(up.comparison.every((c) => c.costParts.length === 0)).toBe(true);
    expect(up.choice).toBeNull();
    expect(up.comparison.every((c) => c.interruption === null && c.wanBytes === null)).toBe(true);
  });

  it('leaves a current report as it is, and still rejects a damaged one', () => {
    expect(StoredImpactReportSchema.parse(clone(up))).toEqual(up);
    expect(StoredImpactReportSchema.safeParse({ ...v1, flows: 'nope' }).success).toBe(false);
  });
});

describe('StoredImpactReportSchema on a version-2 report', () => {
  const up = StoredImpactReportSchema.parse(clone(v2));

  it('keeps everything it stored, its migration estimate as it was', () => {
    expect(v2.schemaVersion).toBe(2);
    expect(up.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    const {
      schemaVersion: _a,
      comparison: oldComparison,
      request: oldRequest,
      ...oldRest
    } = clone(v2);
    const {
      schemaVersion: _b,
      comparison,
      choice,
      interruption,
      staleMappingWindowMs: _s,
      coldOption,
      request,
      ...rest
    } = up;
    // Before version 4 every move was live, and no cold migration was offered (R15).
    expect(request).toEqual({ ...oldRequest, mode: 'live' });
    expect(coldOption).toBeNull();
    expect(rest).toEqual(oldRest);
    expect(
      comparison.map(({ interruption: _i, wanBytes: _w, staleMappingWindowMs: _sw, ...c }) => c),
    ).toEqual(oldComparison);
    // Version 2 estimated a parallel run as copying nothing: kept, not recomputed.
    expect(up.migrations[0]!.mode).toBe('parallel-run');
    expect(up.migrations[0]!.totalBytes).toBe(0);
    // What version 2 did not compute is null: the interruption's parts, WAN bytes per strategy, the reason.
    expect(choice).toBeNull();
    expect(interruption).toBeNull();
    expect(comparison.every((c) => c.interruption === null && c.wanBytes === null)).toBe(true);
  });
});

describe('StoredImpactReportSchema on a version-3 report', () => {
  const up = StoredImpactReportSchema.parse(clone(v3));

  it('keeps everything it stored; the stale-mapping window it did not compute is null', () => {
    expect(v3.schemaVersion).toBe(3);
    expect(up.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    const {
      schemaVersion: _a,
      comparison: oldComparison,
      request: oldRequest,
      ...oldRest
    } = clone(v3);
    const {
      schemaVersion: _b,
      comparison,
      staleMappingWindowMs,
      coldOption,
      request,
      ...rest
    } = up;
    expect(rest).toEqual(oldRest);
    expect(request).toEqual({ ...oldRequest, mode: 'live' });
    expect(coldOption).toBeNull();
    expect(comparison.map(({ staleMappingWindowMs: _s, ...c }) => c)).toEqual(oldComparison);
    expect(staleMappingWindowMs).toBeNull();
    expect(comparison.every((c) => c.staleMappingWindowMs === null)).toBe(true);
    // Version 3 knew no LISP: its comparison lists the five strategies it had.
    expect(comparison.map((c) => c.strategy)).not.toContain('lisp');
  });
});

describe("StoredImpactReportSchema on a version-3 report of today's shape", () => {
  it('reads it as live, with no cold option (R15)', () => {
    const current = StoredImpactReportSchema.parse(clone(v2));
    const { coldOption: _c, ...old } = { ...clone(current), schemaVersion: 3 };
    const { mode: _m, ...request } = old.request;
    const up = StoredImpactReportSchema.parse({ ...old, request });
    expect(up).toEqual(current);
    expect(up.request.mode).toBe('live');
    expect(up.coldOption).toBeNull();
  });
});
