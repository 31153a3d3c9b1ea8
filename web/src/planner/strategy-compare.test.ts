/**
 * The strategy comparison as the browser gets it (rendered to markup): every
 * reason a strategy cannot be used is text in the table, not a tooltip, and
 * every figure carries its unit, taken from the engine's report.
 */
import { buildDemoEstate, createImpactEngine, previewMove, type ImpactReport } from '@vmmi/shared';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtInterruption } from './format.ts';
import { StrategyCompare } from './StrategyCompare.tsx';

const engine = createImpactEngine(buildDemoEstate());

/** The demo's legacy ERP VM (16 GiB, VLAN in fra1) to ams1: PMIP collides with its address there, renumbering does not. */
function erpTo(hostId: string): ImpactReport {
  const r = previewMove(engine, {
    vmIds: ['acme-legacy-erp-01'],
    target: { kind: 'host', hostId },
    strategy: 'all',
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}
const erpToAms1 = () => erpTo('ams1.p0-e0-h2');

const render = (report: ImpactReport) =>
  renderToStaticMarkup(createElement(StrategyCompare, { report }));

/** The markup of one row, found by its test id, up to the end of that row. */
function row(html: string, testId: string): string {
  const at = html.indexOf(`data-testid="${testId}"`);
  expect(at, testId).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</tr>', at));
}

/** Text without tags and with React's escapes undone, as a reader sees it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('StrategyCompare', () => {
  const report = erpToAms1();
  const html = render(report);
  const score = (s: string) => report.comparison.find((c) => c.strategy === s)!;

  it('shows why a strategy does not apply, and what blocks another, as text', () => {
    expect(html).not.toMatch(/<tr[^>]* title=/);
    expect(text(row(html, 'why-same-l2'))).toContain(score('same-l2').notApplicableBecause!);
    const pmip = score('pmip');
    expect(pmip.blocking.map((b) => b.code)).toContain('address-conflict');
    for (const b of pmip.blocking) expect(text(row(html, 'why-pmip'))).toContain(b.message);
    expect(html).not.toContain('data-testid="why-renumber"');
    // The demo runs no LISP in ams1.
    expect(text(row(html, 'why-lisp'))).toContain('Does not apply: ams1 is not a LISP site');
  });

  it('says why the chosen strategy was chosen, in the engine’s words', () => {
    expect(report.choice!.rule).toBe('only-feasible');
    expect(text(html)).toContain(`Why renumber: ${report.choice!.text}`);
  });

  it('gives each strategy’s downtime in its parts, bytes over the WAN, table entries and tunnels with units', () => {
    const renumber = score('renumber');
    const measures = text(row(html, 'measures-renumber'));
    expect(measures).toContain(`downtime ${fmtInterruption(renumber.interruption!)}`);
    expect(measures).toMatch(
      /stop-and-copy [\d.]+ ms \+ announcements [\d.]+ ms \+ network switch [\d.]+ ms/,
    );
    // The 16 GiB VM crosses fra1 → ams1 over the WAN: at least its memory goes.
    expect(renumber.wanBytes!).toBeGreaterThan(16 * 2 ** 30);
    expect(measures).toContain(`${fmtBytes(renumber.wanBytes!)} over the WAN`);
    expect(measures).toMatch(/\b1 table entry\b/);
    expect(measures).toContain('0 tunnels');
    const pmip = text(row(html, 'measures-pmip'));
    expect(pmip).toMatch(/\b\d+ table entr(y|ies)\b/);
    expect(pmip).toContain('1 tunnel');
    expect(html).not.toContain('data-testid="measures-same-l2"');
  });

  it('shows LISP between two LISP sites with the same units, and its stale map-cache window', () => {
    // fra1 → lon1: both run LISP in the demo.
    const toLon1 = erpTo('lon1.leaf-1-h3');
    const lisp = toLon1.comparison.find((c) => c.strategy === 'lisp')!;
    expect(lisp.applicable).toBe(true);
    const measures = text(row(render(toLon1), 'measures-lisp'));
    expect(measures).toContain(`downtime ${fmtInterruption(lisp.interruption!)}`);
    expect(measures).toContain(`${fmtBytes(lisp.wanBytes!)} over the WAN`);
    expect(measures).toMatch(/\b\d+ table entr(y|ies)\b/);
    expect(measures).toMatch(/\b\d+ tunnels?\b/);
    // The map-cache TTL, 1440 minutes by default (RFC 9301 §5.4).
    expect(lisp.staleMappingWindowMs).toBe(1440 * 60_000);
    expect(measures).toContain('stale mappings possible for up to 24 h 0 min');
    expect(text(row(render(toLon1), 'measures-renumber'))).not.toContain('stale mappings');
  });

  it('says when a stored plan’s downtime was not computed in parts', () => {
    const old: ImpactReport = {
      ...report,
      choice: null,
      comparison: report.comparison.map((c) => ({ ...c, interruption: null, wanBytes: null })),
    };
    const measures = text(row(render(old), 'measures-renumber'));
    expect(measures).toContain('its parts were not computed');
    expect(measures).not.toContain('over the WAN');
    expect(render(old)).not.toContain('best-because');
  });
});
