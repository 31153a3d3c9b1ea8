// A cold move (R15) through the server: a live move refused for a CPU feature is accepted
// cold, admitted at execution (whose admission skips live-only compatibility for it), run by
// the simulated executor through shutdown, disk copy and boot, and lands the VM on its target.
import { parseEstate, type Estate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestDb } from '../backends.ts';
import { refusalOf } from '../../src/errors.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstate } from '../fixtures.ts';
import {
  acceptMove,
  executePlan,
  hostOf,
  importEstate,
  MANUAL_TICKS,
  tickToEnd,
  useExecution,
} from './harness.ts';

/** host-a1 has AVX-512, host-a2 does not: vm-1 (on host-a1, seeing its host's CPU) cannot go live. */
function estate(): Estate {
  const input = makeEstate();
  input.id = `cold-${process.pid}`;
  input.cpuModels = [
    { id: 'v4', name: 'x86-64-v4', vendor: 'intel', features: ['avx2', 'avx512f'] },
    { id: 'v3', name: 'x86-64-v3', vendor: 'intel', features: ['avx2'] },
  ];
  const platform = { hypervisor: 'kvm', hypervisorVersion: '8.2' } as const;
  for (const d of input.devices)
    if (d.role === 'host') d.platform = { ...platform, cpuModel: d.id === 'host-a2' ? 'v3' : 'v4' };
  const parsed = parseEstate(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.estate;
}

const move = (mode?: 'cold') => ({
  vmIds: ['vm-1'],
  target: { kind: 'host', hostId: 'host-a2' },
  ...(mode && { mode }),
});

describe.each(BACKENDS)('a cold move on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('is refused live, accepted and run cold', async () => {
    const h = await start(MANUAL_TICKS);
    const estateId = await importEstate(h, estate());
    const err = await trpcErrorOf(acceptMove(h, estateId, move()));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.message).toContain('lacks avx512f');

    const plan = await acceptMove(h, estateId, move('cold'));
    expect(plan.report.request.mode).toBe('cold');
    // QEMU migrates running guests: the cold plan is refused there before any run exists, and stays accepted.
    const onQemu = await trpcErrorOf(
      h.as('operator').migrations.execute({ planId: plan.id, executor: 'qemu' }),
    );
    expect(onQemu.code).toBe('PRECONDITION_FAILED');
    expect(onQemu.message).toBe(
      `plan ${plan.id} is a cold move: the qemu executor migrates running guests only; run it on the simulated executor`,
    );
    expect(refusalOf(onQemu)).toMatchObject({ kind: 'precheck-failed' });
    expect(await h.as('operator').migrations.list({ estateId })).toEqual([]);
    const [id] = await executePlan(h, plan.id);
    const [run] = await tickToEnd(h, [id!]);
    expect(run!.state.status).toBe('succeeded');
    const kinds = run!.events.flatMap((e) =>
      e.event.type === 'step-completed' ? [e.event.kind] : [],
    );
    expect(kinds).toEqual(plan.report.plan.map((s) => s.kind));
    expect(kinds).toContain('shutdown');
    expect(kinds).toContain('boot');
    expect(run!.state.downtimeMs).toBeCloseTo(plan.report.migrations[0]!.downtimeMs!, 0);
    expect(await hostOf(h, estateId, 'vm-1')).toBe('host-a2');
  });
});
