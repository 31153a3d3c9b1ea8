/**
 * Namespaces outlive the process that made them unless someone deletes
 * them: the owner's exit hook does on a normal exit, cleanupStale does after
 * a crash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/execution/netns/command.ts';
import { cleanupStale, createWanLink } from '../../../src/execution/netns/wan-link.ts';
import { namespacesNamed } from './helpers.ts';

const SERVER_DIR = fileURLToPath(new URL('../../..', import.meta.url));
const MAKE_LINK = fileURLToPath(new URL('./make-link.ts', import.meta.url));

async function orphan(mode: 'exit' | 'hang'): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAKE_LINK, mode], {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(readline.createInterface({ input: child.stdout }), 'line')) as [
    string,
  ];
  const { nsA } = JSON.parse(line) as { nsA: string };
  return { child, base: nsA.slice(0, -2) };
}

describe('cleanup', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('deletes the namespaces of a process that exits without destroying its link', async () => {
    const { child, base } = await orphan('exit');
    children.push(child);
    if (child.exitCode === null) await once(child, 'exit');
    expect(await namespacesNamed(base)).toEqual([]);
  });

  it('leaves a killed process its namespaces, and cleanupStale deletes them but no live link', async () => {
    const live = await createWanLink({
      name: 'keep',
      latencyMs: 1,
      bandwidthBytesPerSecond: 2 ** 20,
    });
    try {
      const { child, base } = await orphan('hang');
      children.push(child);
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
      expect(await namespacesNamed(base)).toHaveLength(3);

      const removed = await cleanupStale();
      expect(removed).toEqual(expect.arrayContaining(['a', 'b', 'w'].map((s) => `${base}-${s}`)));
      expect(await namespacesNamed(base)).toEqual([]);
      expect(await namespacesNamed(live.nsA.slice(0, -2))).toHaveLength(3);
      expect((await live.exec(live.nsA, 'true', [])).code).toBe(0);
    } finally {
      await live.destroy();
    }
  });

  it('deletes the data-plane check’s namespaces (…-u, -h0, -v0) of a process that is gone', async () => {
    const child = spawn('true');
    await once(child, 'exit');
    const base = `vmmi-dp-${child.pid}-ab12`;
    const names = ['u', 'h0', 'h12', 'v0'].map((role) => `${base}-${role}`);
    for (const n of names) await run('ip', ['netns', 'add', n]);
    try {
      expect(await cleanupStale()).toEqual(expect.arrayContaining(names));
      expect(await namespacesNamed(base)).toEqual([]);
    } finally {
      for (const n of await namespacesNamed(base)) await run('ip', ['netns', 'delete', n]);
    }
  });

  it('keeps namespaces that are not named as ours', async () => {
    const foreign = `vmmi-foreign-${process.pid}`;
    await run('ip', ['netns', 'add', foreign]);
    try {
      await cleanupStale();
      expect(await namespacesNamed(foreign)).toEqual([foreign]);
    } finally {
      await run('ip', ['netns', 'delete', foreign]);
    }
  });
});
