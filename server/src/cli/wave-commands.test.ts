// `vmmi waves …` against a real server on a random loopback port (PGlite in memory, a fast
// tick): bad command lines exit 2 before anything is sent, a one-wave run followed to its end
// prints its history and exits 0, an approval of a wave not awaiting is a typed refusal (exit 2).
import type { WaveRun, WaveRunHistoryEntry } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../../test/cli/demo-server.ts';

const cli = useDemoServer('cli-waves');
const { vmmi } = cli;

describe('vmmi waves', () => {
  it('exits 2 on a bad command line, sending nothing', async () => {
    const none = await vmmi('waves', 'run');
    expect(none.code).toBe(2);
    expect(none.error).toMatchObject({ error: 'bad-input' });
    const two = await vmmi('waves', 'run', '--drain', 'ams1', '--evacuate', 'fra1.acc-1-h1');
    expect(two.code).toBe(2);
    const halfWindow = await vmmi(
      'waves',
      'run',
      '--vm',
      'acme-web-web-01',
      '--window-opens',
      '2026-12-06T22:00:00Z',
    );
    expect(halfWindow.code).toBe(2);
    expect((await vmmi('waves', 'approve', 'waves-x', '--wave', '0')).code).toBe(2);
    expect((await vmmi('waves', 'run', '--vm', 'acme-web-web-01', '--approval', 'x')).code).toBe(2);
    expect(await cli.db().kysely.selectFrom('wave_runs').select('id').execute()).toEqual([]);
  });

  it('runs one wave to its end with --follow (exit 0); approving it then is refused (exit 2)', async () => {
    const ran = await vmmi(
      'waves',
      'run',
      '--vm',
      'acme-web-web-01',
      '--to',
      'ams1',
      '--approval',
      'auto',
      '--speed',
      '1000',
      '--follow',
    );
    expect(ran.code).toBe(0);
    const [created, ...history] = ran.out.map((l) => JSON.parse(l) as unknown);
    const { waveRunId, waves } = created as { waveRunId: string; waves: WaveRun['waves'] };
    expect(waves.map((w) => w.moves.map((m) => m.vmId))).toEqual([['acme-web-web-01']]);
    expect((history as WaveRunHistoryEntry[]).map((e) => e.type)).toEqual([
      'created',
      'wave-started',
      'wave-ended',
      'succeeded',
    ]);

    const status = await vmmi('waves', 'status', waveRunId);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.out[0]!) as WaveRun).status).toBe('succeeded');
    const late = await vmmi('waves', 'approve', waveRunId, '--wave', '1');
    expect(late.code).toBe(2);
    expect(late.error).toMatchObject({
      error: 'refused',
      code: 'PRECONDITION_FAILED',
      refusal: { kind: 'wave-not-awaiting', awaitingWave: null, status: 'succeeded' },
    });
  });
});
