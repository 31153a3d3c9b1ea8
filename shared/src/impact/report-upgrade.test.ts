// A report stored by an older build (schema version 1, written by the preview of that build for
// acme-web-web-01 → dub-cloud) is upgraded on read: nothing lost, nothing guessed.
import { describe, expect, it } from 'vitest';
import v1 from './fixtures/report-v1.json' with { type: 'json' };
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
  });

  it('leaves a current report as it is, and still rejects a damaged one', () => {
    expect(StoredImpactReportSchema.parse(clone(up))).toEqual(up);
    expect(StoredImpactReportSchema.safeParse({ ...v1, flows: 'nope' }).success).toBe(false);
  });
});
