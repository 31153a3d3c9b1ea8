/**
 * Reports are stored (accepted plans in the database, staged moves in the
 * browser) and read back by later builds. A stored report of an older schema
 * version is upgraded on read, so nothing an operator accepted or staged is
 * lost: what the older version did not compute comes back as null ("not
 * computed"), never as a guess.
 *
 * Version 1 had one path per flow (the outbound one), a mean of per-flow
 * stretch ratios as the traffic headline, and a cost without its parts.
 * Version 2 had no interruption in parts, no WAN bytes per strategy and no
 * reason for the choice; its parallel runs (renumbering) were estimated as
 * copying no memory, and are kept as they were stored.
 * Version 3 had no cold migrations (R15): its requests were live, and it
 * offered no cold option; and it had no LISP strategy and no stale-mapping
 * window (null: not computed).
 */
import { z } from 'zod';
import { ImpactReportSchema, type FlowDirection, type FlowImpact } from './report.ts';
import { trafficDirection } from './traffic-summary.ts';

type Loose = Record<string, unknown>;

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null;
/** Maps the entries of an array; anything else is left for the schema check to reject. */
const mapArray = (x: unknown, f: (entry: unknown) => unknown): unknown =>
  Array.isArray(x) ? x.map(f) : x;

const NOT_COMPUTED: FlowDirection = {
  before: null,
  after: null,
  addedMs: null,
  stretch: null,
  tromboneVia: null,
};

function latency(p: unknown): number | null {
  return isObject(p) && typeof p.latencyMs === 'number' ? p.latencyMs : null;
}

function flowV1(f: unknown): unknown {
  if (!isObject(f) || 'outbound' in f) return f;
  const { before, after, stretch, tromboneVia, ...rest } = f;
  const b = latency(before);
  const a = latency(after);
  return {
    ...rest,
    outbound: {
      before,
      after,
      addedMs: a !== null && b !== null ? Math.round((a - b) * 1000) / 1000 : null,
      stretch,
      tromboneVia,
    },
    inbound: NOT_COMPUTED,
    families: { before: [], after: [], issues: [], fixes: [] },
  };
}

function reportV1(r: Loose): Loose {
  const flows = mapArray(r.flows, flowV1);
  const traffic = isObject(r.traffic) ? r.traffic : {};
  const { meanStretch: _mean, trombonedFlows: _tromboned, ...wan } = traffic;
  // Only well-formed flows feed the headline; the schema check after this rejects the rest.
  const wellFormed = Array.isArray(flows)
    ? flows.filter((f): f is FlowImpact => isObject(f) && isObject(f.outbound))
    : [];
  return {
    ...r,
    schemaVersion: 2,
    flows,
    traffic: {
      ...wan,
      outbound: trafficDirection(wellFormed, (f) => f.outbound),
      inbound: trafficDirection([], (f) => f.inbound),
    },
    addressing: mapArray(r.addressing, (a) =>
      isObject(a)
        ? {
            ...a,
            announcements: mapArray(a.announcements, (n) =>
              isObject(n) ? { address: null, family: null, atMs: [], ...n } : n,
            ),
          }
        : a,
    ),
    comparison: mapArray(r.comparison, (c) => {
      if (!isObject(c)) return c;
      const { meanStretch: _stretch, ...score } = c;
      return { costParts: [], addedLatencyMs: null, ...score };
    }),
  };
}

function reportV2(r: Loose): Loose {
  return {
    choice: null,
    interruption: null,
    ...r,
    schemaVersion: 3,
    comparison: mapArray(r.comparison, (c) =>
      isObject(c) ? { interruption: null, wanBytes: null, ...c } : c,
    ),
  };
}

function reportV3(r: Loose): Loose {
  return {
    coldOption: null,
    staleMappingWindowMs: null,
    ...r,
    schemaVersion: 4,
    comparison: mapArray(r.comparison, (c) =>
      isObject(c) ? { staleMappingWindowMs: null, ...c } : c,
    ),
  };
}

/** A stored report brought to the current schema version (unchanged when it is current or unknown). */
export function upgradeStoredReport(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const v2 = raw.schemaVersion === 1 ? reportV1(raw) : raw;
  const v3 = v2.schemaVersion === 2 ? reportV2(v2) : v2;
  return v3.schemaVersion === 3 ? reportV3(v3) : v3;
}

/** The schema of a report read back from storage: upgraded first, then checked as any report is. */
export const StoredImpactReportSchema = z.preprocess(upgradeStoredReport, ImpactReportSchema);
