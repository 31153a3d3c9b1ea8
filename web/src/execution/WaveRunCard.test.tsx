// @vitest-environment happy-dom
/**
 * The wave-run card in the migrations panel, from the keyboard: "Approve
 * wave 2" is there only while wave 2 awaits approval, sends that wave of that
 * wave run, and leaves focus on the card once it has gone; "Cancel wave run"
 * while the wave run is active; refusals are shown on the card. The wave runs
 * are built by hand (wave-run-test-fixtures.ts), the server is a fake.
 */
import type { WaveRun } from '@vmmi/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../api/execution-api.ts';
import type { Me } from '../auth/types.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import {
  awaitingWave2,
  fakeWaveRunsApi,
  haltedInWave2,
  runningWave2,
} from './wave-run-test-fixtures.ts';
import { WaveRunsSection } from './WaveRunsSection.tsx';

afterEach(cleanup);

const operator: Me = {
  kind: 'user',
  name: 'olga',
  role: 'operator',
  tenants: null,
  estates: null,
  tokenId: null,
  setupNeeded: false,
};

const ok = <T,>(value: T): Promise<Outcome<T>> => Promise.resolve({ ok: true, value });

async function setup(
  listed: WaveRun,
  answers: { approve?: Outcome<WaveRun>; cancel?: Outcome<WaveRun> } = {},
) {
  const calls: string[] = [];
  // What the server holds: a wave run it approved or cancelled is listed as such after.
  let current = listed;
  const answer = (o: Outcome<WaveRun>) => {
    if (o.ok) current = o.value;
    return Promise.resolve(o);
  };
  const waveRuns = fakeWaveRunsApi({
    list: () => ok([current]),
    approve: (id, wave) => {
      calls.push(`approve:${id}:${wave}`);
      return answer(answers.approve ?? { ok: true, value: runningWave2() });
    },
    cancel: (id) => {
      calls.push(`cancel:${id}`);
      return answer(
        answers.cancel ?? { ok: false, refusal: null, unreachable: true, message: 'no' },
      );
    },
  });
  const store = createAppStore({
    api: {
      listEstates: () => Promise.resolve([]),
      getEstate: () => Promise.reject(new Error('not used')),
    },
    waveRuns,
  });
  // As if seen active in this page: it has its card whatever its status.
  store.setState((s) => ({
    estateId: 'demo',
    auth: { ...s.auth, me: { status: 'ready', data: operator } },
    execution: {
      ...s.execution,
      waveRuns: { ...s.execution.waveRuns, runs: { [listed.id]: listed }, cards: [listed.id] },
    },
  }));
  act(() => {
    render(
      <StoreProvider store={store}>
        <WaveRunsSection estate={null} migrations={new Map()} streamDownSince={null} />
      </StoreProvider>,
    );
  });
  await screen.findByTestId('wave-run-card');
  return { store, calls };
}

describe('the wave-run card', () => {
  it('approves wave 2 from the keyboard; the button goes and focus stays on the card', async () => {
    const t = await setup(awaitingWave2());
    const user = userEvent.setup();
    const card = screen.getByTestId('wave-run-card');
    expect(within(card).getByTestId('wave-run-status').textContent).toBe(
      'Wave 2 of 3 awaits approval',
    );
    expect(
      within(card)
        .getAllByTestId('wave-run-wave')
        .map((w) => w.dataset.state),
    ).toEqual(['succeeded', 'awaiting-approval', 'waiting']);
    const approve = within(card).getByRole('button', { name: 'Approve wave 2' });
    approve.focus();
    await user.keyboard('{Enter}');
    expect(t.calls).toEqual(['approve:waves-1:2']);
    await within(card).findByText('Running wave 2 of 3');
    expect(within(card).queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(document.activeElement).toBe(card);
  });

  it('offers no approval while a wave runs; Cancel wave run sends the cancel of this wave run', async () => {
    const cancelled: WaveRun = {
      ...runningWave2(),
      status: 'cancelled',
      history: [
        ...runningWave2().history,
        { type: 'cancelled', at: '2026-03-01T09:05:00.000Z', by: 'olga' },
      ],
    };
    const t = await setup(runningWave2(), { cancel: { ok: true, value: cancelled } });
    const user = userEvent.setup();
    const card = screen.getByTestId('wave-run-card');
    expect(within(card).queryByRole('button', { name: /Approve/ })).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Cancel wave run' }));
    expect(t.calls).toEqual(['cancel:waves-1']);
    await within(card).findByText('Cancelled by olga in wave 2 of 3');
    expect(within(card).queryByRole('button', { name: 'Cancel wave run' })).toBeNull();
    expect(document.activeElement).toBe(card);
  });

  it('shows a refused approval on the card; the button stays for another try', async () => {
    const message = 'wave run waves-1 awaits approval of wave 2, not wave 3';
    await setup(awaitingWave2(), {
      approve: { ok: false, refusal: 'wave-not-awaiting', unreachable: false, message },
    });
    const user = userEvent.setup();
    const approve = screen.getByRole('button', { name: 'Approve wave 2' });
    await user.click(approve);
    expect((await screen.findByTestId('wave-run-refusal')).textContent).toBe(
      `Wave 2 not approved: ${message}`,
    );
    expect(screen.getByRole('button', { name: 'Approve wave 2' })).toBe(approve);
  });

  it('says which run halted it and how it ended; an ended wave run offers Dismiss alone', async () => {
    await setup(haltedInWave2());
    const card = screen.getByTestId('wave-run-card');
    expect(within(card).getByTestId('wave-run-status').textContent).toBe('Halted in wave 2 of 3');
    const halt = within(card).getByTestId('wave-run-halt');
    expect(
      within(halt)
        .getAllByRole('paragraph')
        .map((p) => p.textContent),
    ).toEqual(['Halted after wave 2: no later wave begins. What did not succeed:']);
    expect(
      within(halt)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['vm-c (run mig-c): rolled-back']);
    expect(
      within(card)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Dismiss']);
  });

  it('shows each wave’s change window in the zone it was set in', async () => {
    // 22:00 and 01:00 UTC are 23:00 and 02:00 in Berlin in March (CET, UTC+1).
    const window = {
      opensAt: '2026-03-01T22:00:00.000Z',
      closesAt: '2026-03-02T01:00:00.000Z',
      timeZone: 'Europe/Berlin',
    };
    const run = awaitingWave2();
    await setup({ ...run, waves: run.waves.map((w) => ({ ...w, window })) });
    expect(screen.getAllByTestId('wave-run-window').map((e) => e.textContent)).toEqual(
      Array(3).fill(' · switchovers from 1 Mar, 23:00 CET to 2 Mar, 02:00 CET'),
    );
  });

  it('folds a wave of more than 8 moves under their count; fewer are listed', async () => {
    const run = awaitingWave2();
    const nine = Array.from({ length: 9 }, (_, i) => ({ vmId: `vm-${i}`, toHost: 'ams1.h4' }));
    await setup({ ...run, waves: run.waves.map((w, i) => (i === 2 ? { ...w, moves: nine } : w)) });
    const waves = screen.getAllByTestId('wave-run-wave');
    expect(within(waves[0]!).queryByTestId('wave-run-moves-fold')).toBeNull();
    expect(within(waves[0]!).getAllByRole('listitem')).toHaveLength(2);
    const fold = within(waves[2]!).getByTestId<HTMLDetailsElement>('wave-run-moves-fold');
    expect(fold.open).toBe(false);
    expect(fold.querySelector('summary')?.textContent).toBe('9 moves');
    expect(fold.querySelectorAll('li')).toHaveLength(9);
  });
});
