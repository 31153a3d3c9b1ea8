import type { SimState } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { LiveRun, Produced } from '../../../src/execution/live-run.ts';
import { startQueued } from '../../../src/execution/run-start.ts';
import { context, queuedRun, runningRun } from './fixtures.ts';

function collector() {
  const byRun = new Map<string, Produced>();
  const out = (live: LiveRun, simBefore: SimState | null) => {
    const p = byRun.get(live.id) ?? { live, events: [], simBefore };
    byRun.set(live.id, p);
    return p;
  };
  const types = (id: string) => byRun.get(id)?.events.map((e) => e.event.type) ?? [];
  return { out, types };
}

describe('startQueued', () => {
  it('starts queued runs up to the per-host limit and says once why the rest wait', () => {
    // All three leave fra1.h1: perHost 2 admits the first two.
    const runs = [queuedRun('a'), queuedRun('b'), queuedRun('c')];
    const c = collector();
    const running = startQueued(runs, new Map(), c.out, context({ perHost: 2 }));
    expect(running.map((r) => r.id)).toEqual(['a', 'b']);
    expect(c.types('a')).toEqual(['started']);
    expect(c.types('c')).toEqual(['queued']);
    expect(runs[0]!.run).not.toBeNull();
    expect(runs[2]!.run).toBeNull();
  });

  it('counts runs already running against the limits', () => {
    const runs = [runningRun('a'), queuedRun('b')];
    const c = collector();
    const running = startQueued(runs, new Map(), c.out, context({ perHost: 1 }));
    expect(running.map((r) => r.id)).toEqual(['a']);
    expect(c.types('b')).toEqual(['queued']);
  });

  it('ends an aborted queued run at once, and it takes no slot', () => {
    const runs = [queuedRun('a'), queuedRun('b')];
    const c = collector();
    const running = startQueued(runs, new Map([['a', 'operator']]), c.out, context({ perHost: 1 }));
    expect(c.types('a')).toEqual(['abort-requested', 'rolling-back', 'rolled-back']);
    expect(running.map((r) => r.id)).toEqual(['b']);
  });

  it('rolls back a run whose executor this instance does not have', () => {
    const runs = [queuedRun('a', { executor: 'qemu-on-mars' })];
    const c = collector();
    expect(startQueued(runs, new Map(), c.out, context())).toEqual([]);
    expect(c.types('a')).toEqual(['rolling-back', 'rolled-back']);
  });
});
