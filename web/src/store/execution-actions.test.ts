import { foldMigration } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { TICKER_LIMIT } from '../execution/types.ts';
import { selectCards, selectHistory } from './execution-selectors.ts';
import {
  acceptedPlan,
  flush,
  ok,
  run,
  setup,
  spec,
  successfulRun,
} from './execution-test-helpers.ts';

describe('execution slice', () => {
  it('folds each run with the shared reducer, frame by frame, and shows it as a card', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    const records = successfulRun('mig-1', 10);
    t.frame(records.slice(0, 4));
    expect(t.ex().migrations.get('mig-1')).toEqual(foldMigration(records.slice(0, 4)));
    expect(t.ex().migrations.get('mig-1')?.status).toBe('running');
    // A replayed frame (after a reconnect) changes nothing.
    t.frame(records.slice(2, 4));
    t.frame(records.slice(4));
    expect(t.ex().migrations.get('mig-1')).toEqual(foldMigration(records));
    expect(selectCards(t.store.getState()).map((m) => m.id)).toEqual(['mig-1']);
    expect(t.calls.filter((c) => c.startsWith('get:'))).toEqual([]);
  });

  it('a gap in the seqs fetches the run again, and folds what came meanwhile on top', async () => {
    const records = successfulRun('mig-1', 10);
    // The server has the first six when it is asked.
    const t = setup({ runs: { 'mig-1': records.slice(0, 6) } });
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.frame(records.slice(0, 2));
    t.frame([records[4]!]); // seq 5 after seq 2: 3 and 4 are missing
    expect(t.ex().syncing.has('mig-1')).toBe(true);
    // Still the last state the events gave, never one with holes.
    expect(t.ex().migrations.get('mig-1')).toEqual(foldMigration(records.slice(0, 2)));
    t.frame([records[6]!]); // arrives while the fetch is out: kept for afterwards
    await flush();
    expect(t.calls).toContain('get:mig-1');
    expect(t.ex().migrations.get('mig-1')).toEqual(foldMigration(records.slice(0, 7)));
    expect(t.ex().syncing.has('mig-1')).toBe(false);
    t.frame([records[7]!]);
    expect(t.ex().migrations.get('mig-1')?.status).toBe('succeeded');
  });

  it('a run first seen in the middle (the page opened late) is fetched, not guessed', async () => {
    const records = successfulRun('mig-9', 40);
    const t = setup({ runs: { 'mig-9': records.slice(0, 4) } });
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.frame([records[3]!]);
    await flush();
    expect(t.ex().migrations.get('mig-9')).toEqual(foldMigration(records.slice(0, 4)));
    expect(selectCards(t.store.getState()).map((m) => m.id)).toEqual(['mig-9']);
  });

  it('keeps the last TICKER_LIMIT events, newest first, without progress, with system events', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.frame([
      {
        scope: 'system',
        id: '1',
        at: '2026-01-01T00:00:00.000Z',
        event: {
          type: 'fault-injected',
          faultId: 'f1',
          estateId: 'demo',
          fault: { kind: 'bandwidth-collapse', factor: 0.1 },
        },
      },
    ]);
    expect(t.ex().faults.map((f) => f.id)).toEqual(['f1']);
    let id = 100;
    for (let n = 0; n < 40; n++) {
      const records = successfulRun(`mig-${n}`, id);
      id += records.length;
      t.frame(records);
    }
    const { ticker } = t.ex();
    expect(ticker).toHaveLength(TICKER_LIMIT);
    expect(ticker.some((e) => e.record.event.type === 'progress')).toBe(false);
    const ids = ticker.map((e) => Number(e.record.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ticker[0]).toMatchObject({ vmId: 'acme-web-web-01', record: { id: String(id - 1) } });
    t.frame([
      {
        scope: 'system',
        id: String(id),
        at: '2026-01-01T00:10:00.000Z',
        event: {
          type: 'fault-cleared',
          faultId: 'f1',
          estateId: 'demo',
          fault: { kind: 'bandwidth-collapse', factor: 0.1 },
        },
      },
    ]);
    expect(t.ex().ticker[0]?.record.event.type).toBe('fault-cleared');
    expect(t.ex().faults).toEqual([]);
  });

  it('a switchover reloads the estate in place and flashes both hosts; so does the end', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    const records = successfulRun('mig-1', 10);
    const before = t.estateLoads();
    t.frame(records.slice(0, 6));
    expect(t.estateLoads()).toBe(before);
    t.frame([records[6]!]); // switched-over
    expect(t.estateLoads()).toBe(before + 1);
    expect(t.ex().flash?.nodeIds).toEqual(['fra1.acc-1-h1', 'ams1.p0-e0-h2', 'fra1', 'ams1']);
    expect(t.store.getState().estate.status).toBe('ready'); // never blanked
    await flush();
    t.frame([records[7]!]); // succeeded
    expect(t.estateLoads()).toBe(before + 2);
    // Another estate's run does not reload this one, nor flash its nodes (a copy has the same ids).
    const flash = t.ex().flash;
    t.frame(successfulRun('mig-2', 50, spec({ estateId: 'other' })));
    await flush();
    expect(t.estateLoads()).toBe(before + 2);
    expect(t.ex().flash).toBe(flash);
    expect(selectCards(t.store.getState()).map((m) => m.id)).toEqual(['mig-1']);
  });

  it('Execute runs an accepted plan; a stale estate asks for Recompute, a busy VM keeps it accepted', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    const plan = acceptedPlan('s1');
    t.actions().restoreStaged([plan]);
    const staged = () => t.store.getState().planner.staged[0]!;

    t.setExecute(() =>
      Promise.resolve({
        ok: false,
        refusal: 'vm-busy',
        unreachable: false,
        message: 'VM acme-web-web-01 is already migrating (mig-0)',
      }),
    );
    await t.actions().executePlan('s1');
    expect(staged()).toMatchObject({ status: 'accepted' });
    expect(staged().message).toContain('already migrating');

    t.setExecute(() =>
      Promise.resolve({
        ok: false,
        refusal: 'stale-estate',
        unreachable: false,
        message: 'estate "demo" changed from version 1 to 2 since the preview: recompute it',
      }),
    );
    await t.actions().executePlan('s1');
    expect(staged()).toMatchObject({ status: 'conflict' });
    expect(staged().message).toContain('Recompute');

    t.actions().restoreStaged([plan]);
    let asked: unknown = null;
    t.setExecute((input) => {
      asked = input;
      return ok([{ id: 'mig-1', vmId: 'acme-web-web-01' }]);
    });
    // What the server is asked for: the plan as chosen (a choice stays for the next Execute).
    const asking = (executor: string, convergence: string) => ({
      planId: 'plan-1',
      timeScale: 600,
      executor,
      convergence,
    });
    t.actions().setTimeScale(600);
    await t.actions().executePlan('s1');
    // Nothing chosen: the simulator, and auto-converge (the server's own default) by name.
    expect(asked).toEqual(asking('simulated', 'auto-converge'));
    expect(staged()).toMatchObject({ status: 'executed', migrationIds: ['mig-1'] });
    expect(t.ex().panelOpen).toBe(true);
    // Nothing runs twice: an executed plan is not executed again.
    asked = null;
    await t.actions().executePlan('s1');
    expect(asked).toBeNull();

    // The executor and the convergence chosen are the ones the server is asked for.
    const executeAgain = async () => {
      t.actions().restoreStaged([plan]);
      await t.actions().executePlan('s1');
      return asked;
    };
    t.actions().setExecutor('qemu');
    expect(await executeAgain()).toEqual(asking('qemu', 'auto-converge'));
    t.actions().setConvergence('post-copy');
    expect(await executeAgain()).toEqual(asking('qemu', 'post-copy'));
    t.actions().setExecutor('simulated');
    t.actions().setConvergence('none');
    expect(await executeAgain()).toEqual(asking('simulated', 'none'));
  });

  it('an abort of a finished run says so; an abort refused after switchover comes from the run', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().connectExecution();
    t.setAbort(() =>
      Promise.resolve({
        ok: false,
        refusal: 'migration-finished',
        unreachable: false,
        message: 'migration mig-1 has ended (succeeded); there is nothing to abort',
      }),
    );
    await t.actions().abortMigration('mig-1');
    expect(t.ex().aborts['mig-1']).toMatchObject({ status: 'refused' });
    expect(t.ex().aborts['mig-1']?.message).toContain('nothing to abort');

    const r = run('mig-2');
    t.setAbort(() => ok({ already: false }));
    t.frame([r.rec({ type: 'created', spec: r.spec }, 1)]);
    await t.actions().abortMigration('mig-2');
    expect(t.ex().aborts['mig-2']?.status).toBe('asked');
    t.frame([
      r.rec({ type: 'abort-requested', by: 'operator' }, 2),
      r.rec({ type: 'abort-refused', reason: 'after switchover' }, 3),
    ]);
    expect(t.ex().aborts['mig-2']).toEqual({
      status: 'refused',
      message: 'abort refused: after switchover',
    });
  });

  it('a stream the server ends is opened again from the last event; a refused resume starts from now and resyncs', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    const stop = t.actions().connectExecution();
    t.subs[0]!.handlers.onStatus('live', null);
    await flush();
    expect(t.calls).toContain('list:demo:active');
    t.frame(successfulRun('mig-1', 10).slice(0, 2));
    expect(t.ex().stream.downSince).toBeNull();
    const dropped = Date.now();
    t.subs[0]!.handlers.onStatus('reconnecting', 'fetch failed');
    const { downSince } = t.ex().stream;
    expect(t.ex().stream).toMatchObject({ status: 'reconnecting', error: 'fetch failed' });
    // The figures are stale from the drop on, and stay dated from it through the reconnects.
    expect(downSince).toBeGreaterThanOrEqual(dropped);
    expect(downSince).toBeLessThanOrEqual(Date.now());

    t.subs[0]!.handlers.onEnd(null);
    await new Promise((done) => setTimeout(done, 10));
    expect(t.subs[1]?.from).toBe('11');
    expect(t.ex().stream.downSince).toBe(downSince);

    t.calls.length = 0;
    t.subs[1]!.handlers.onEnd({
      message: 'lastEventId 11 is after the newest event',
      badResume: true,
    });
    await new Promise((done) => setTimeout(done, 10));
    expect(t.subs[2]?.from).toBeNull();
    expect(t.ex().stream.downSince).toBe(downSince);
    t.subs[2]!.handlers.onStatus('live', null);
    await flush();
    expect(t.ex().stream.downSince).toBeNull();
    // The new server counts its event ids from 1 again: the ticker takes them all the same.
    t.frame(successfulRun('mig-3', 1).slice(0, 3));
    expect(t.ex().ticker[0]?.record).toMatchObject({ migrationId: 'mig-3', id: '3' });
    // The run the page still thinks is going is read again.
    expect(t.calls).toContain('list:demo:active');
    expect(t.calls).toContain('get:mig-1');
    stop();
    expect(t.subs[2]!.stopped).toBe(true);
    expect(t.ex().stream.status).toBe('off');
  });

  it('the history lists the ended runs with their outcome, fetched on demand', async () => {
    const done = successfulRun('mig-1', 10);
    const t = setup({ runs: { 'mig-1': done } });
    await t.actions().loadEstate('demo');
    await t.actions().loadHistory();
    const [item] = selectHistory(t.store.getState());
    expect(item?.row.id).toBe('mig-1');
    expect(item?.state?.downtimeMs).toBe(90);
    // A run read for the history is not news: no card, no reload.
    expect(selectCards(t.store.getState())).toEqual([]);
    await t.actions().openMigrationEvents('mig-1');
    expect(t.ex().opened).toMatchObject({ id: 'mig-1', status: 'ready' });
  });
});
