// `vmmi migrate --cold` against a running server (one in this process): the demo's
// acme-legacy-erp-01 cannot go live to iad1 (its CPUs lack AVX-512), is refused with the
// cold offer named, and moves cold through preview, accept and execute, the simulator
// shutting it down and booting it (its disk is shared: nothing to copy).
import { describe, expect, it } from 'vitest';
import { useDemoServer } from './demo-server.ts';
import { expectOneRun } from './run-vmmi.ts';

const { vmmi, vmHost } = useDemoServer('cli-cold-test');
const MOVE = ['migrate', '--vm', 'acme-legacy-erp-01', '--to', 'iad1'];

describe('vmmi migrate --cold', () => {
  it('refuses the live move naming the cold offer, and refuses a cold one on QEMU before it runs', async () => {
    const live = await vmmi(...MOVE);
    expect(live.code).toBe(2);
    expect(live.error).toMatchObject({ error: 'refused', refusal: { kind: 'infeasible' } });
    expect(live.error!.message).toMatch(/avx512f/);
    expect(live.error!.message).toMatch(
      /a cold migration is possible .*: downtime \d+.* ms, run it with --cold$/,
    );

    const onQemu = await vmmi(...MOVE, '--cold', '--executor', 'qemu');
    expect(onQemu.code).toBe(2);
    expect(onQemu.out).toEqual([]);
    expect(onQemu.error).toMatchObject({
      error: 'refused',
      code: 'PRECONDITION_FAILED',
      refusal: { kind: 'precheck-failed' },
    });
    expect(onQemu.error!.message).toMatch(
      /is a cold move: the qemu executor migrates running guests only; run it on the simulated executor/,
    );
    const runs = await vmmi('migrations', '--estate', 'demo');
    expect(runs.json.filter((r) => (r as { vmId: string }).vmId === 'acme-legacy-erp-01')).toEqual(
      [],
    );
    expect(await vmHost('acme-legacy-erp-01')).toBe('fra1.acc-6-h2');
  });

  it('--follow moves it cold: shutdown then boot, all of it down; exit 0', async () => {
    const r = await vmmi(...MOVE, '--cold', '--speed', '10000', '--follow');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const rs = expectOneRun(r.json, 'succeeded');
    const created = rs[0]!.event;
    if (created.type !== 'created') throw new Error('no created event');
    expect(created.spec).toMatchObject({ vmId: 'acme-legacy-erp-01', toSite: 'iad1', live: false });

    const completed = rs.flatMap((x) =>
      x.event.type === 'step-completed' ? [[x.event.kind, x.event.ms] as const] : [],
    );
    const kinds = completed.map(([kind]) => kind);
    // The cold steps in their order, no memory copied; its disk is shared, so none copied either.
    expect(kinds.filter((k) => ['shutdown', 'boot'].includes(k))).toEqual(['shutdown', 'boot']);
    expect(kinds.indexOf('shutdown')).toBeLessThan(kinds.indexOf('boot'));
    for (const copy of ['pre-copy', 'stop-and-copy', 'storage-copy'] as const)
      expect(kinds).not.toContain(copy);
    // docs/migration-model.md §8: shutdown 10 s and boot 30 s by default.
    expect(Object.fromEntries(completed)).toMatchObject({ shutdown: 10_000, boot: 30_000 });
    const switched = rs.find((x) => x.event.type === 'switched-over')!.event;
    expect(switched.type === 'switched-over' && switched.downtimeMs).toBeGreaterThanOrEqual(40_000);
    expect(await vmHost('acme-legacy-erp-01')).toBe(created.spec.toHost);
    expect(created.spec.toHost).toMatch(/^iad1\./);
  });

  it('without --follow prints the run it started, mode cold', async () => {
    const r = await vmmi('migrate', '--vm', 'acme-legacy-erp-01', '--to', 'fra1', '--cold');
    expect(r.code, JSON.stringify(r.error)).toBe(0);
    expect(r.json).toEqual([
      expect.objectContaining({ vmId: 'acme-legacy-erp-01', mode: 'cold', speed: 1 }),
    ]);
  });
});
