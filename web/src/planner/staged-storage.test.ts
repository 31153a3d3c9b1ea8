import { buildDemoEstate, createImpactEngine, previewMove } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { modeOf } from './move-request.ts';
import { loadStaged, saveStaged, STAGED_STORAGE_KEY } from './staged-storage.ts';
import type { StagedPlan } from './types.ts';

const demo = buildDemoEstate();
const result = previewMove(createImpactEngine(demo), {
  vmIds: ['acme-web-web-01'],
  target: { kind: 'site', siteId: 'ams1' },
  strategy: 'all',
});
if (!result.ok) throw new Error(result.error.message);

const plan = (over: Partial<StagedPlan> = {}): StagedPlan => ({
  id: 'staged-1',
  estateId: 'demo',
  estateVersion: 1,
  vmIds: ['acme-web-web-01'],
  target: { kind: 'site', siteId: 'ams1' },
  strategy: 'best',
  report: result.report,
  stagedAt: '2026-11-27T12:00:00.000Z',
  status: 'staged',
  message: null,
  planId: null,
  ...over,
});

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('staged moves in browser storage', () => {
  it('round-trips the staged moves, report included', () => {
    const s = memoryStorage();
    const plans = [plan(), plan({ id: 'staged-2', status: 'accepted', planId: 'plan-1' })];
    expect(saveStaged(s, plans)).toBe(true);
    expect(loadStaged(s)).toEqual(plans);
  });

  it('a cold plan comes back cold: its mode is its report’s request’s (R15)', () => {
    const cold = previewMove(createImpactEngine(demo), {
      vmIds: ['acme-legacy-erp-01'],
      target: { kind: 'site', siteId: 'iad1' },
      strategy: 'all',
      mode: 'cold',
    });
    if (!cold.ok) throw new Error(cold.error.message);
    const s = memoryStorage();
    saveStaged(s, [plan({ vmIds: ['acme-legacy-erp-01'], report: cold.report }), plan()]);
    expect(loadStaged(s).map(modeOf)).toEqual(['cold', 'live']);
  });

  it('a plan that was waiting for the server comes back staged, to be accepted again', () => {
    const s = memoryStorage();
    saveStaged(s, [plan({ status: 'accepting' })]);
    expect(loadStaged(s)[0]?.status).toBe('staged');
  });

  it('drops what does not parse, and survives garbage and a full storage', () => {
    const s = memoryStorage();
    s.data.set(STAGED_STORAGE_KEY, JSON.stringify([plan(), { id: 'x', report: {} }, 42]));
    expect(loadStaged(s).map((p) => p.id)).toEqual(['staged-1']);
    s.data.set(STAGED_STORAGE_KEY, '{not json');
    expect(loadStaged(s)).toEqual([]);
    const full = {
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    expect(saveStaged(full, [plan()])).toBe(false);
  });
});
