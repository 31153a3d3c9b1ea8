/**
 * The kiosk's alarm strip and migrations column as the browser gets them
 * (rendered to markup): a list longer than the screen holds shows its first
 * entries and counts the rest, it never shrinks its type.
 */
import { foldMigration, type MigrationState } from '@vmmi/shared';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KioskMigrationList } from '../execution/KioskMigrations.tsx';
import { run, spec } from '../store/execution-test-helpers.ts';
import type { KioskAlarm } from './alarms.ts';
import { KioskAlarmList } from './KioskAlarms.tsx';

/** A run that has started and not ended. */
function runningRun(n: number): MigrationState {
  const r = run(`mig-${n}`, spec({ vmId: `vm-${n}` }));
  return foldMigration([
    r.rec({ type: 'created', spec: r.spec }, 10 * n),
    r.rec({ type: 'started', instance: 'test' }, 10 * n + 1),
  ]);
}

const alarm = (n: number): KioskAlarm => ({
  key: `fault:f-${n}`,
  what: `Fault: host sin1.h${n} down`,
  why: null,
  at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
});

const runs = (...ns: number[]) =>
  renderToStaticMarkup(createElement(KioskMigrationList, { runs: ns.map(runningRun), ticker: [] }));
const alarms = (...ns: number[]) =>
  renderToStaticMarkup(createElement(KioskAlarmList, { alarms: ns.map(alarm) }));
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('KioskMigrationList', () => {
  it('lists three runs and counts the other two', () => {
    const html = runs(1, 2, 3, 4, 5);
    expect(count(html, /<li data-status="running"/g)).toBe(3);
    expect(html).toContain('vm-3');
    expect(html).not.toContain('vm-4');
    expect(html).toContain('+2 more');
  });

  it('says nothing more when every run is listed, and is not there without runs', () => {
    const html = runs(1, 2);
    expect(count(html, /<li data-status="running"/g)).toBe(2);
    expect(html).not.toContain('more');
    expect(runs()).toBe('');
  });
});

describe('KioskAlarmList', () => {
  it('shows the first three alarms and counts the other two', () => {
    const html = alarms(5, 4, 3, 2, 1);
    expect(count(html, /data-testid="kiosk-alarm"/g)).toBe(3);
    expect(html).toContain('host sin1.h3 down');
    expect(html).not.toContain('host sin1.h2 down');
    expect(html).toContain('+2 more');
  });

  it('gives the reason where there is one, and is not there while all is well', () => {
    const html = renderToStaticMarkup(
      createElement(KioskAlarmList, {
        alarms: [{ ...alarm(1), what: 'vm-1 rolled back (a → b)', why: 'link wan-3 is down' }],
      }),
    );
    expect(html).toContain('<strong class="kiosk-alarm-what">vm-1 rolled back (a → b)</strong>');
    expect(html).toContain('<span class="kiosk-alarm-why">link wan-3 is down</span>');
    expect(alarms()).toBe('');
  });
});
