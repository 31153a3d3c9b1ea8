import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { evacuationPlan, sourceTitle, sourceWhat } from './evacuation-plan.ts';

const demo = buildDemoEstate();
const host = 'fra1.acc-1-h1';
const onHost = demo.vms.filter((v) => v.hostId === host).map((v) => v.id);

describe('evacuationPlan (what the Evacuate host… dialog shows and stages)', () => {
  it('stages every proposed move once, in wave order', () => {
    const plan = evacuationPlan(demo, { kind: 'host', hostId: host });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.moves.map((m) => m.vmId)).toEqual(plan.waves.waves.flatMap((w) => w.vmIds));
    expect(new Set(plan.moves.map((m) => m.vmId))).toEqual(new Set(onHost));
    const proposed = new Map(plan.proposal.moves.map((m) => [m.vmId, m.toHost]));
    for (const m of plan.moves) expect(m.toHost).toBe(proposed.get(m.vmId));
  });

  it('plans the waves under the server’s limits: one copy per host makes one VM per wave', () => {
    const plan = evacuationPlan(
      demo,
      { kind: 'host', hostId: host },
      { perHost: 1, perSite: 8, perWanLink: 4 },
    );
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.waves.waves.map((w) => w.vmIds.length)).toEqual(onHost.map(() => 1));
  });

  it('says what was refused, and names its source in words', () => {
    expect(evacuationPlan(demo, { kind: 'site', siteId: 'nowhere' })).toEqual({
      ok: false,
      message: 'no site "nowhere"',
    });
    expect(sourceTitle({ kind: 'site', siteId: 'fra1' })).toBe('Drain site fra1');
    expect(sourceWhat({ kind: 'host', hostId: host })).toBe(`the evacuation of ${host}`);
  });
});
