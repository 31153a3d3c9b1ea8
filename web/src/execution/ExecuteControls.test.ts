/**
 * The Execute controls as the browser gets them (rendered to markup: the
 * store's tests cover what a choice does once made).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ExecuteControls, type ExecuteControlsProps } from './ExecuteControls.tsx';

const render = (over: Partial<ExecuteControlsProps> = {}) => {
  const props: ExecuteControlsProps = {
    timeScale: 60,
    executor: 'simulated',
    convergence: 'auto-converge',
    busy: false,
    onTimeScale: () => {},
    onExecutor: () => {},
    onConvergence: () => {},
    window: null,
    onWindow: () => {},
    onExecute: () => {},
    ...over,
  };
  const host = renderToStaticMarkup(createElement(ExecuteControls, props));
  const select = /<select[^>]*data-testid="execute-convergence"[^>]*>(.*?)<\/select>/.exec(host);
  if (!select) throw new Error(`no convergence select in ${host}`);
  const tag = select[0].slice(0, select[0].indexOf('>') + 1);
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
  return { host, tag, options: select[1]!, attr };
};

describe('ExecuteControls: convergence', () => {
  it('offers the three answers, labelled, after the executor, with the chosen one explained', () => {
    const r = render({ convergence: 'post-copy' });
    // After the Executor select, before Speed.
    const at = (testid: string) => r.host.indexOf(`data-testid="${testid}"`);
    expect(at('execute-executor')).toBeLessThan(at('execute-convergence'));
    expect(at('execute-convergence')).toBeLessThan(at('execute-speed'));
    // Its label names it, for screen readers and a click on the word.
    const id = r.attr('id')!;
    expect(r.host).toContain(`<label for="${id}" class="small muted">Convergence</label>`);
    expect([...r.options.matchAll(/value="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'auto-converge',
      'post-copy',
      'none',
    ]);
    expect(r.options).toMatch(/<option value="post-copy" title="[^"]*" selected="">/);
    expect(r.attr('title')).toBe('Switch over early (post-copy)');
    // A plain select in the tab order, enabled while nothing is being asked.
    expect(r.attr('tabindex')).toBeNull();
    expect(r.tag).not.toContain('disabled');
  });

  it('the default throttles the guest; none rolls back; all wait while the server is asked', () => {
    expect(render().attr('title')).toBe('Throttle the guest (auto-converge)');
    expect(render({ convergence: 'none' }).attr('title')).toBe('Roll back');
    // A real executor honours it too: unlike Speed, it stays open for QEMU.
    expect(render({ executor: 'qemu' }).tag).not.toContain('disabled');
    expect(render({ busy: true }).tag).toContain('disabled=""');
  });
});

describe('ExecuteControls: a caller without the operator role', () => {
  const executeTag = (host: string) =>
    /<button[^>]*data-testid="execute-plan"[^>]*>/.exec(host)?.[0] ?? '';

  it('sees Execute disabled, saying why in its title and description', () => {
    const tag = executeTag(render({ refusal: 'needs the operator role' }).host);
    expect(tag).toContain('disabled=""');
    expect(tag).toContain('title="needs the operator role"');
    expect(tag).toContain('aria-description="needs the operator role"');
  });

  it('an operator gets it enabled, with its usual title', () => {
    const tag = executeTag(render({ refusal: null }).host);
    expect(tag).not.toContain('disabled');
    expect(tag).toContain('title="Runs the accepted plan now.');
  });
});

describe('ExecuteControls: change window', () => {
  it('is off by default: a checkbox, no times', () => {
    const r = render();
    expect(r.host).toContain('data-testid="execute-window-toggle"');
    expect(r.host).not.toContain('data-testid="execute-window-opens"');
  });

  it('on: two local date-times with the operator zone named, and what is wrong said', () => {
    const r = render({ window: { opens: '2026-12-06T22:00', closes: '2026-12-06T21:00' } });
    expect(r.host).toMatch(/type="datetime-local"[^>]*value="2026-12-06T22:00"/);
    expect(r.host).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(r.host).toContain('The window must close after it opens.');
    expect(r.host).toContain('aria-invalid="true"');
  });

  it('a real executor cannot hold a switchover: the window is offered disabled, saying so', () => {
    const r = render({ executor: 'qemu' });
    expect(r.host).toMatch(/disabled=""[^>]*data-testid="execute-window-toggle"/);
    expect(r.host).toContain('(simulator only)');
  });
});

describe('ExecuteControls: a cold plan (R15)', () => {
  const executeTag = (host: string) =>
    /<button[^>]*data-testid="execute-plan"[^>]*>/.exec(host)?.[0] ?? '';

  it('on QEMU, Execute is disabled and described by why: only the simulator runs a cold move', () => {
    const r = render({ executor: 'qemu', cold: true });
    const tag = executeTag(r.host);
    expect(tag).toContain('disabled=""');
    const describedBy = /aria-describedby="([^"]+)"/.exec(tag)?.[1];
    expect(describedBy).toBeTruthy();
    expect(r.host).toContain(
      `<span class="disabled-reason" id="${describedBy}" data-testid="execute-cold-reason">A cold migration runs on the Simulator only: QEMU migrates running guests.</span>`,
    );
  });

  it('on the simulator it runs; a live plan on QEMU is not held back', () => {
    for (const r of [
      render({ executor: 'simulated', cold: true }),
      render({ executor: 'qemu', cold: false }),
    ]) {
      expect(executeTag(r.host)).not.toContain('disabled');
      expect(r.host).not.toContain('execute-cold-reason');
    }
  });
});
