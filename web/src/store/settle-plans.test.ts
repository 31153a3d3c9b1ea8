/**
 * Executed plans leave the staged list once their runs have ended, and their
 * preview overlay (the focused plan) goes with them; the migrations panel and
 * its history keep the record.
 */
import { describe, expect, it } from 'vitest';
import {
  acceptedPlan,
  flush,
  ok,
  run,
  setup,
  spec,
  successfulRun,
} from './execution-test-helpers.ts';

/** A run that ends rolled back: created, started, then the abort's rollback. */
function rolledBackRun(id: string, from: number) {
  const r = run(id, spec({ planId: 'plan-2', vmId: 'acme-web-web-02' }));
  return [
    r.rec({ type: 'created', spec: r.spec }, from),
    r.rec({ type: 'started', instance: 'test' }, from + 1),
    r.rec({ type: 'rolled-back', code: 'aborted', message: 'aborted by the operator' }, from + 2),
  ];
}

describe('executed plans settle when their runs end', () => {
  it('a run that succeeds takes its plan off the list and clears the focus on it; another plan stays', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.subs[0]!.handlers.onStatus('live', null);
    t.actions().restoreStaged([acceptedPlan('s1', 'plan-1'), acceptedPlan('s2', 'plan-3')]);
    t.actions().focusPlan('s1');
    await t.actions().executePlan('s1');
    const planner = () => t.store.getState().planner;
    expect(planner().staged.map((p) => [p.id, p.status])).toEqual([
      ['s1', 'executed'],
      ['s2', 'accepted'],
    ]);

    const records = successfulRun('mig-1', 10);
    t.frame(records.slice(0, -1));
    // Running: still listed, still focused (its overlay shows what is happening).
    expect(planner().staged.map((p) => p.id)).toEqual(['s1', 's2']);
    expect(planner().focusedPlanId).toBe('s1');

    t.frame(records.slice(-1));
    expect(planner().staged.map((p) => p.id)).toEqual(['s2']);
    expect(planner().focusedPlanId).toBeNull();
    expect(planner().notice).toEqual({
      kind: 'info',
      text: 'Run ended (acme-web-web-01 succeeded): the move left the staged list; Migrations keeps its record.',
    });
    // The record stays in the panel.
    expect(t.ex().migrations.get('mig-1')?.status).toBe('succeeded');
    await flush();
  });

  it('a rolled-back run settles its plan too, and a focus on another plan is kept', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.subs[0]!.handlers.onStatus('live', null);
    t.setExecute(() => ok([{ id: 'mig-2', vmId: 'acme-web-web-02' }]));
    t.actions().restoreStaged([acceptedPlan('s1', 'plan-2'), acceptedPlan('s2', 'plan-3')]);
    await t.actions().executePlan('s1');
    t.actions().focusPlan('s2');
    t.frame(rolledBackRun('mig-2', 20));
    const planner = t.store.getState().planner;
    expect(planner.staged.map((p) => p.id)).toEqual(['s2']);
    expect(planner.focusedPlanId).toBe('s2');
    expect(planner.notice?.text).toContain('acme-web-web-02 rolled back');
  });

  it('a run that ended before Execute’s answer came back settles its plan on the answer', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.subs[0]!.handlers.onStatus('live', null);
    t.actions().restoreStaged([acceptedPlan('s1', 'plan-1')]);
    // The stream delivers the whole run while the execute call is still out.
    t.setExecute(() => {
      t.frame(successfulRun('mig-1', 10));
      return ok([{ id: 'mig-1', vmId: 'acme-web-web-01' }]);
    });
    await t.actions().executePlan('s1');
    expect(t.store.getState().planner.staged).toEqual([]);
  });

  it('an executed plan kept from an earlier visit is settled by reading its run', async () => {
    const t = setup({ runs: { 'mig-7': successfulRun('mig-7', 70) } });
    t.actions().restoreStaged([
      { ...acceptedPlan('s1', 'plan-1'), status: 'executed', migrationIds: ['mig-7'] },
    ]);
    await t.actions().loadEstate('demo');
    await t.actions().loadActiveMigrations();
    await flush();
    expect(t.calls).toContain('get:mig-7');
    expect(t.store.getState().planner.staged).toEqual([]);
  });
});
