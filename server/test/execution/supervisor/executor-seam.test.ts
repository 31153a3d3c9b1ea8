// The seam a real executor plugs into: wall-clock advances, asynchronous answers, and the
// executor told how its run ended so it can put things right (cancel the copy on a rollback).
import { initialSimState, type MigrationStatus, type SimState } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../../src/execution/executor.ts';
import { BACKENDS, useTestDb } from '../../backends.ts';
import { acceptDemoMove, ended, MANUAL_TICKS, tickUntil, useExecution } from '../harness.ts';

/** A real-time executor that answers after a macrotask and gives up on its third advance. */
function recordingExecutor() {
  const dts: number[] = [];
  const ends: MigrationStatus[] = [];
  const executor: Executor = {
    name: 'recording',
    description: 'records what the supervisor asks of it',
    start(spec) {
      let sim: SimState = initialSimState(spec);
      return {
        realTime: true,
        get sim() {
          return sim;
        },
        async advance(tick) {
          await new Promise((r) => setTimeout(r, 1));
          dts.push(tick.dtMs);
          sim = { ...sim, simMs: sim.simMs + tick.dtMs };
          return dts.length < 3
            ? { events: [], result: { kind: 'running' } }
            : {
                events: [],
                result: {
                  kind: 'cannot-finish',
                  outcome: { code: 'qemu-failed', message: 'the copy failed' },
                },
              };
        },
        needsBandwidth: () => true,
        restore(before) {
          sim = before;
        },
        end(status) {
          ends.push(status);
          return Promise.resolve();
        },
      };
    },
  };
  return { executor, dts, ends };
}

describe.each(BACKENDS)('the executor seam on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('advances a real-time run once a tick by unscaled time, and tells it how it ended', async () => {
    const h = await start(MANUAL_TICKS);
    const rec = recordingExecutor();
    h.execution.executors.register(rec.executor);
    const plan = await acceptDemoMove(h);
    const began = performance.now();
    await h.execution.supervisor.tick();
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: plan.id, timeScale: 1_000, executor: 'recording' });
    const run = await tickUntil(h, migrations[0]!.id, ended, 50);
    const elapsed = performance.now() - began;
    expect(run.state.status).toBe('rolled-back');
    expect(run.events.at(-1)!.event).toMatchObject({ type: 'rolled-back', code: 'qemu-failed' });
    // Three ticks, three advances, adding up to no more than the wall time that passed (the
    // time scale of 1,000 would have made them 1,000 times that).
    expect(rec.dts).toHaveLength(3);
    expect(rec.dts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(elapsed);
    await expect.poll(() => rec.ends).toEqual(['rolled-back']);
  });
});
