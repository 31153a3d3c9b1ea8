// @vitest-environment happy-dom
/**
 * "Run as waves" in the Evacuate host… dialog: the server is asked to run the
 * proposal's waves, each wave's moves in the order planned, the first at once
 * and the later ones through the gate chosen, on the estate version shown and
 * with the executor and speed chosen. A refusal stays in the dialog, which
 * stays open; a viewer sees the button off with the reason.
 *
 * The demo host fra1.acc-1-h1 runs acme-web-db-05, acme-web-web-01 and
 * acme-web-web-41; the shared engine (as `vmmi plan waves --evacuate
 * fra1.acc-1-h1` prints it) sends them to fra1.acc-5-h3, fra1.acc-8-h1 and
 * fra1.acc-8-h7, db-05 and web-01 in wave 1, web-41 in wave 2.
 */
import { buildDemoEstate, type WaveRun } from '@vmmi/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../api/execution-api.ts';
import type { WaveRunCreateInput } from '../api/wave-runs-api.ts';
import type { Me } from '../auth/types.ts';
import { VmTable } from '../components/VmTable.tsx';
import { awaitingWave2, fakeWaveRunsApi } from '../execution/wave-run-test-fixtures.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { EvacuationDialog, TenantMoveButton } from './EvacuationDialog.tsx';
import type { EvacuationSource } from './evacuation-plan.ts';

afterEach(cleanup);

const demo = buildDemoEstate();
const HOST = 'fra1.acc-1-h1';

const me = (role: Me['role']): Me => ({
  kind: 'user',
  name: 'olga',
  role,
  tenants: null,
  estates: null,
  tokenId: null,
  setupNeeded: false,
});

async function setup(
  opts: {
    role?: Me['role'];
    create?: (i: WaveRunCreateInput) => Outcome<WaveRun>;
    host?: string;
    source?: EvacuationSource;
    /** What to render instead of the dialog on `source`. */
    ui?: ReactNode;
  } = {},
) {
  const created: WaveRunCreateInput[] = [];
  let estateReads = 0;
  const waveRuns = fakeWaveRunsApi({
    create: (input) => {
      created.push(input);
      return Promise.resolve(
        opts.create?.(input) ?? { ok: true, value: { ...awaitingWave2(), id: 'waves-new' } },
      );
    },
    list: () => Promise.resolve({ ok: true, value: [] }),
  });
  const store = createAppStore({
    api: {
      listEstates: () => Promise.resolve([]),
      getEstate: () => {
        estateReads++;
        return Promise.resolve({ estate: demo, version: 7 });
      },
    },
    waveRuns,
  });
  await store.getState().actions.loadEstate('demo');
  store.setState((s) => ({
    auth: { ...s.auth, me: { status: 'ready', data: me(opts.role ?? 'operator') } },
  }));
  let closed = 0;
  render(
    <StoreProvider store={store}>
      {opts.ui ?? (
        <EvacuationDialog
          estate={demo}
          source={opts.source ?? { kind: 'host', hostId: opts.host ?? HOST }}
          kind={opts.source?.kind ?? 'host'}
          onClose={() => closed++}
        />
      )}
    </StoreProvider>,
  );
  return { store, created, closed: () => closed, estateReads: () => estateReads };
}

const WAVE_1 = [
  { vmId: 'acme-web-db-05', toHost: 'fra1.acc-5-h3' },
  { vmId: 'acme-web-web-01', toHost: 'fra1.acc-8-h1' },
];
const WAVE_2 = [{ vmId: 'acme-web-web-41', toHost: 'fra1.acc-8-h7' }];

describe('Run as waves', () => {
  it('sends the waves in order, wave 2 on approval by default, on the version shown; opens the panel on its card', async () => {
    const t = await setup();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('waves-speed'), '×600');
    await user.click(screen.getByRole('button', { name: 'Run as waves' }));
    expect(t.created).toEqual([
      {
        estateId: 'demo',
        expectedVersion: 7,
        executor: 'simulated',
        timeScale: 600,
        convergence: 'auto-converge',
        waves: [
          { moves: WAVE_1, gate: 'auto' },
          { moves: WAVE_2, gate: 'approval' },
        ],
      },
    ]);
    expect(t.closed()).toBe(1);
    const ex = t.store.getState().execution;
    expect(ex.panelOpen).toBe(true);
    expect(ex.waveRuns.cards).toEqual(['waves-new']);
    expect(ex.waveRuns.labels).toEqual({ 'waves-new': `the evacuation of ${HOST}` });
  });

  it('with "at once" chosen, wave 2 begins when wave 1 succeeded, and the table says so', async () => {
    const t = await setup();
    const user = userEvent.setup();
    const table = screen.getByTestId('evacuation-waves');
    const startsOfWave2 = () => within(table).getAllByRole('row')[2]!.querySelectorAll('td')[1];
    expect(startsOfWave2()?.textContent).toBe('on approval');
    await user.click(screen.getByRole('radio', { name: /at once when the one before succeeded/ }));
    expect(startsOfWave2()?.textContent).toBe('at once');
    await user.click(screen.getByRole('button', { name: 'Run as waves' }));
    expect(t.created[0]!.waves.map((w) => w.gate)).toEqual(['auto', 'auto']);
  });

  it('shows a refusal in the dialog, which stays open, and plans again on the estate as it is now', async () => {
    const message = 'estate "demo" changed: it is at version 8, the request expected 7';
    const t = await setup({
      create: () => ({ ok: false, refusal: 'stale-estate', unreachable: false, message }),
    });
    const user = userEvent.setup();
    const readsBefore = t.estateReads();
    await user.click(screen.getByRole('button', { name: 'Run as waves' }));
    expect(screen.getByRole('alert').textContent).toBe(
      `Not started: ${message}. The proposal is made again on the estate as it is now: check it, then run again.`,
    );
    expect(t.closed()).toBe(0);
    expect(t.estateReads()).toBe(readsBefore + 1);
    expect(t.store.getState().execution.panelOpen).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Run as waves' }).disabled).toBe(
      false,
    );
  });

  it('is off with nothing placed, saying so', async () => {
    // fra1.acc-1-h3 runs no VM in the demo.
    await setup({ host: 'fra1.acc-1-h3' });
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Run as waves' });
    expect(button.disabled).toBe(true);
    const why = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(why?.textContent).toBe('Nothing to run: no VM could be placed.');
  });

  it('is off for a viewer, saying why, and sends nothing', async () => {
    const t = await setup({ role: 'viewer' });
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Run as waves' });
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('needs the operator role');
    await userEvent.setup().click(button);
    expect(t.created).toEqual([]);
  });
});

describe('Run as waves inside a change window', () => {
  const setWindow = async (opens: string, closes: string) => {
    const user = userEvent.setup();
    await user.click(screen.getByTestId('waves-window-toggle'));
    // datetime-local inputs take their value whole: typed character by character they are not.
    for (const [id, value] of [
      ['waves-window-opens', opens],
      ['waves-window-closes', closes],
    ] as const) {
      const input = screen.getByTestId<HTMLInputElement>(id);
      await user.clear(input);
      await user.type(input, value);
    }
    return user;
  };

  it('gives every wave the window, as instants with the operator’s zone', async () => {
    const t = await setup();
    const user = await setWindow('2099-03-01T02:00', '2099-03-01T04:30');
    await user.click(screen.getByRole('button', { name: 'Run as waves' }));
    // ECMAScript reads a date-time without an offset as local time (ECMA-262, Date Time String Format).
    const window = {
      opensAt: new Date(2099, 2, 1, 2, 0).toISOString(),
      closesAt: new Date(2099, 2, 1, 4, 30).toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    expect(t.created[0]!.waves).toEqual([
      { moves: WAVE_1, gate: 'auto', window },
      { moves: WAVE_2, gate: 'approval', window },
    ]);
  });

  it('sends nothing for a window that closes before it opens, saying why', async () => {
    const t = await setup();
    const user = await setWindow('2099-03-01T04:00', '2099-03-01T02:00');
    await user.click(screen.getByRole('button', { name: 'Run as waves' }));
    expect(t.created).toEqual([]);
    expect(screen.getByTestId('evacuation-waves-refused').textContent).toBe(
      'Not started: The window must close after it opens.',
    );
    expect(t.closed()).toBe(0);
  });
});

describe('a tenant moved to a site in waves (the tenant view)', () => {
  const siteOf = new Map(demo.devices.map((d) => [d.id, d.siteId]));

  it('runs waves that take only the tenant’s VMs, each into the site chosen', async () => {
    // iad1's AMD hosts lack the AVX-512 acme's VMs use: lon1 (Intel) takes them.
    const source = { kind: 'tenant', tenantId: 'acme', toSiteId: 'lon1' } as const;
    const t = await setup({ source });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Run as waves' }));
    const moves = t.created[0]!.waves.flatMap((w) => w.moves);
    const acmeAway = demo.vms.filter(
      (v) => v.tenantId === 'acme' && siteOf.get(v.hostId) !== 'lon1',
    );
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      expect(acmeAway.map((v) => v.id)).toContain(m.vmId);
      expect(siteOf.get(m.toHost)).toBe('lon1');
    }
    expect(t.store.getState().execution.waveRuns.labels).toEqual({
      'waves-new': 'the move of tenant acme to lon1',
    });
  });

  it('opens on the site picked beside the button', async () => {
    const store = createAppStore({
      api: {
        listEstates: () => Promise.resolve([]),
        getEstate: () => Promise.resolve({ estate: demo, version: 7 }),
      },
    });
    await store.getState().actions.loadEstate('demo');
    render(
      <StoreProvider store={store}>
        <TenantMoveButton tenantId="acme" />
      </StoreProvider>,
    );
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Move the tenant to'), 'ams1');
    await user.click(screen.getByRole('button', { name: 'in waves…' }));
    const dialog = screen.getByTestId('evacuation-dialog-tenant');
    expect(within(dialog).getByRole('heading', { level: 2 })).toHaveProperty(
      'textContent',
      'Move tenant acme to ams1',
    );
  });
});

describe('the VMs the table shows moved to a site in waves (an application)', () => {
  const siteOf = new Map(demo.devices.map((d) => [d.id, d.siteId]));

  it('runs waves that take only the rows shown not in the site yet, each into the site chosen', async () => {
    const t = await setup({ ui: <VmTable estate={demo} scope={{ kind: 'global' }} /> });
    const user = userEvent.setup();
    await user.type(screen.getByTestId('vm-filter'), 'acme-web');
    // 60 acme-web VMs (web, app, cache and db tiers), 15 of them in lon1 already.
    await user.selectOptions(await screen.findByLabelText('Move the 60 shown to'), 'lon1');
    await user.click(screen.getByRole('button', { name: 'in waves…' }));
    const dialog = screen.getByTestId('evacuation-dialog-vms');
    expect(within(dialog).getByRole('heading', { level: 2 }).textContent).toBe(
      'Move 60 VMs to lon1',
    );
    const away = new Set(
      demo.vms
        .filter((v) => v.name.startsWith('acme-web') && siteOf.get(v.hostId) !== 'lon1')
        .map((v) => v.id),
    );
    expect(away.size).toBe(45);
    expect(within(dialog).getByTestId('evacuation-summary').textContent).toMatch(/^45 VMs: /);
    await user.click(within(dialog).getByRole('button', { name: 'Run as waves' }));
    const moves = t.created[0]!.waves.flatMap((w) => w.moves);
    expect(moves.length).toBeGreaterThan(0);
    for (const m of moves) {
      expect(away.has(m.vmId), m.vmId).toBe(true);
      expect(siteOf.get(m.toHost)).toBe('lon1');
    }
    expect(t.store.getState().execution.waveRuns.labels).toEqual({
      'waves-new': 'the move of the 60 VMs matching "acme-web" to lon1',
    });
  });
});
