// Running a plan end to end with the simulated executor (R13).
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import { acceptDemoMove, useExecution, waitForEnd } from './harness.ts';

describe.each(BACKENDS)('executing a plan on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('runs every step, records every event with gapless seq, and moves the VM in the estate', async () => {
    const h = await start();
    const plan = await acceptDemoMove(h);
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: plan.id, timeScale: 10_000 });
    expect(migrations).toHaveLength(1);
    const { state, events } = await waitForEnd(h, migrations[0]!.id);
    expect(state.outcome).toBeNull();
    expect(state.status).toBe('succeeded');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const ids = events.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    const kinds = events
      .filter((e) => e.event.type === 'step-completed')
      .map((e) => e.event.type === 'step-completed' && e.event.kind);
    expect(kinds).toEqual(plan.report.plan.map((s) => s.kind));
    const estate = await h.as('viewer').estate.get({ id: 'demo' });
    const vm = estate.estate.vms.find((v) => v.id === 'acme-web-web-01')!;
    expect(vm.hostId).toBe(plan.report.placements[0]!.toHost);
    const switched = events.find((e) => e.event.type === 'switched-over')!;
    expect(switched.event.type === 'switched-over' && switched.event.estateVersion).toBe(
      estate.version,
    );
    expect((await h.as('viewer').plans.get({ id: plan.id })).status).toBe('succeeded');
  });
});
