/**
 * A run's card while the event stream is down (rendered to markup): a run going on says
 * how old its figures are and gives no ETA; one that has ended stays as it was.
 */
import { foldMigration } from '@vmmi/shared';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { successfulRun } from '../store/execution-test-helpers.ts';
import { MigrationCard } from './MigrationCard.tsx';

const render = (events: ReturnType<typeof successfulRun>, staleMs: number | null) =>
  renderToStaticMarkup(
    createElement(MigrationCard, {
      state: foldMigration(events),
      vmName: 'web-01',
      abort: undefined,
      syncing: false,
      readOnly: true,
      staleMs,
    }),
  );

const text = (html: string, testId: string) =>
  new RegExp(`data-testid="${testId}"[^>]*>(.*?)</`).exec(html)?.[1] ?? null;

describe('a migration card with stale figures', () => {
  // Created, started, pre-copy begun with its first progress: a run going on.
  const running = successfulRun('mig-1', 1).slice(0, 4);

  it('says how old the figures of a run going on are, and gives no ETA', () => {
    const html = render(running, 38_000);
    expect(text(html, 'migration-stale')).toBe('stale · 38 s');
    expect(text(html, 'migration-eta')).toBe('unknown while stale');
    expect(html).toContain('data-stale="true"');
  });

  it('shows no mark while live', () => {
    const html = render(running, null);
    expect(text(html, 'migration-stale')).toBeNull();
    expect(text(html, 'migration-eta')).not.toBe('unknown while stale');
  });

  it('says a run that ended without switching over had no downtime, not "not yet"', () => {
    const events = successfulRun('mig-1', 1).slice(0, 4);
    const last = events.at(-1)!;
    const rolledBack = [
      ...events,
      {
        ...last,
        id: '99',
        seq: last.seq + 1,
        event: {
          type: 'rolled-back' as const,
          code: 'aborted',
          message: 'aborted by the operator',
        },
      },
    ];
    expect(text(render(rolledBack, null), 'migration-downtime')).toBe('none (no switchover)');
    expect(text(render(events, null), 'migration-downtime')).toBe('not yet');
  });

  it('leaves a run that has ended as it was: its outcome cannot change', () => {
    const html = render(successfulRun('mig-1', 1), 38_000);
    expect(text(html, 'migration-status')).toBe('succeeded');
    expect(text(html, 'migration-stale')).toBeNull();
  });
});
