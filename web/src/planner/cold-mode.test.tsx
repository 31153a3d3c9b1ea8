// @vitest-environment happy-dom
/**
 * Taking the cold migration a preview offers (R15), in the planner panel: the
 * demo's acme-legacy-erp-01 cannot go live to iad1 (its CPUs lack AVX-512),
 * and the engine offers it cold. The button is there only with an offer; it
 * previews the move again cold, the staged move says so and Accept sends the
 * cold request; the same button takes it back to live.
 */
import { buildDemoEstate } from '@vmmi/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AcceptInput, PlansApi } from '../api/plans-api.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { PlannerPanel } from './PlannerPanel.tsx';

afterEach(cleanup);

const demo = buildDemoEstate();
const legacyVm = 'acme-legacy-erp-01';
const iad1Host = demo.devices.find((d) => d.siteId === 'iad1' && d.role === 'host')!.id;
const ams1Host = demo.devices.find((d) => d.siteId === 'ams1' && d.role === 'host')!.id;
// docs/migration-model.md §8: shutdown 10 s + boot 30 s, no disk copy on shared storage, plus
// a network switch well under a second: 40.x s.
const COLD_BUTTON = /^Plan as cold migration — downtime 40\.\d s$/;

async function setup() {
  const accepted: AcceptInput[] = [];
  const plans: PlansApi = {
    accept: (input) => {
      accepted.push(input);
      return Promise.resolve({ kind: 'accepted', planId: 'plan-1' });
    },
  };
  const store = createAppStore({
    api: {
      listEstates: () => Promise.resolve([]),
      getEstate: () => Promise.resolve({ estate: demo, version: 1 }),
    },
    plans,
  });
  await store.getState().actions.loadEstate('demo');
  render(
    <StoreProvider store={store}>
      <PlannerPanel estate={demo} />
    </StoreProvider>,
  );
  const actions = () => store.getState().actions;
  const planner = () => store.getState().planner;
  return { store, accepted, actions, planner };
}

/** Drops the VM on the host; a blocked drop is kept as a draft, in focus. */
function stage(t: Awaited<ReturnType<typeof setup>>, vmId: string, hostId: string) {
  act(() => {
    t.actions().beginMove([vmId], 'dialog');
    t.actions().setMoveTarget({ kind: 'host', hostId });
    if (!t.actions().stageMove()) t.actions().keepHeldAsDraft();
  });
  return t.planner().staged.at(-1)!;
}

describe('planning the cold migration a preview offers', () => {
  it('offers no button where the report offers no cold migration', async () => {
    const t = await setup();
    const plan = stage(t, 'acme-web-web-01', ams1Host);
    expect(plan.report.feasible).toBe(true);
    expect(plan.report.coldOption).toBeNull();
    expect(screen.getByTestId('focused-plan')).toBeTruthy();
    expect(screen.queryByTestId('plan-mode')).toBeNull();
    expect(screen.queryByRole('button', { name: /cold migration/ })).toBeNull();
  });

  it('plans a blocked live move cold and back: the report, the staged list and Accept follow', async () => {
    const t = await setup();
    const user = userEvent.setup();
    const draft = stage(t, legacyVm, iad1Host);
    expect(draft).toMatchObject({ draft: true });
    expect(draft.report.blocking.map((b) => b.code)).toContain('incompatible-cpu');

    const toCold = screen.getByRole('button', { name: COLD_BUTTON });
    // Reached from the keyboard: a real button, in the tab order.
    toCold.focus();
    await user.keyboard('{Enter}');

    const cold = t.planner().staged.find((p) => p.id === draft.id)!;
    expect(cold.report.request.mode).toBe('cold');
    expect(cold.report.feasible).toBe(true);
    expect(cold.draft).toBeFalsy();
    expect(cold.report.blocking).toEqual([]);
    // The staged list says cold, and so does the report, with the downtime's parts.
    const entry = screen.getByTestId('staged-plan');
    expect(within(entry).getByTestId('staged-cold').textContent).toBe('Cold');
    expect(entry.textContent).toContain('cold migration');
    const downtime = screen.getByTestId('interruption').textContent;
    expect(downtime).toMatch(/^Downtime users see \(cold migration: the VM is off\): 40\.\d s = /);
    expect(downtime).toContain('shutdown 10.0 s + disk copy 0 ms + boot 30.0 s');
    expect(downtime).toMatch(/\+ network switch [\d.]+ ms/);
    // The same button, now the way back, keeps the focus.
    const toLive = screen.getByRole('button', { name: 'Plan as live migration' });
    expect(document.activeElement).toBe(toLive);

    await act(() => t.actions().acceptPlan(cold.id));
    expect(t.accepted.at(-1)!.request).toMatchObject({
      vmIds: [legacyVm],
      target: { kind: 'host', hostId: iad1Host },
      mode: 'cold',
    });
  });

  it('takes a cold staged move back to live, blocked again and a draft', async () => {
    const t = await setup();
    const user = userEvent.setup();
    const draft = stage(t, legacyVm, iad1Host);
    await user.click(screen.getByRole('button', { name: COLD_BUTTON }));
    await user.click(screen.getByRole('button', { name: 'Plan as live migration' }));

    const live = t.planner().staged.find((p) => p.id === draft.id)!;
    expect(live.report.request.mode).toBe('live');
    expect(live.report.feasible).toBe(false);
    expect(live.draft).toBe(true);
    expect(screen.queryByTestId('staged-cold')).toBeNull();
    expect(screen.getByRole('button', { name: COLD_BUTTON })).toBeTruthy();
    // A draft is not accepted: nothing is sent.
    await act(() => t.actions().acceptPlan(live.id));
    expect(t.accepted).toEqual([]);
  });

  it('previews the move being prepared cold, and stages it cold', async () => {
    const t = await setup();
    const user = userEvent.setup();
    act(() => {
      t.actions().beginMove([legacyVm], 'drag');
      t.actions().setMoveTarget({ kind: 'host', hostId: iad1Host });
    });
    const live = t.planner().preview;
    expect(live?.ok && live.report.feasible).toBe(false);

    await user.click(screen.getByRole('button', { name: COLD_BUTTON }));
    const cold = t.planner().preview;
    expect(cold?.ok && cold.report.request.mode).toBe('cold');
    expect(cold?.ok && cold.report.feasible).toBe(true);
    expect(screen.getByTestId('preview-verdict').textContent).toContain(
      'feasible · cold migration',
    );

    act(() => void expect(t.actions().stageMove()).toBe(true));
    expect(t.planner().staged.at(-1)!.report.request.mode).toBe('cold');
    // The next move starts live again.
    act(() => t.actions().beginMove([legacyVm], 'drag'));
    expect(t.planner().draft?.mode).toBeUndefined();
  });
});
