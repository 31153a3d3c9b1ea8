// `vmmi plan evacuate | drain` as a user runs them (in-process, test/cli/run-cli.ts) on an estate
// file (R16, R21).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostIn, threeSites } from '../../../shared/src/impact/three-sites.test-estate.ts';
import { vmmi } from '../../test/cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vmmi-plan-'));
const file = join(dir, 'three.json');
writeFileSync(file, JSON.stringify(threeSites()));

describe('vmmi plan', () => {
  it('drains a site to the VMs’ peers, as JSON and as text', async () => {
    // Worked out in shared/src/planning/evacuate.test.ts: every x-* beside y on c.h1.
    const json = await vmmi(['plan', 'drain', 'a', '--estate', file, '--json']);
    expect(json.code).toBe(0);
    const p = JSON.parse(json.stdout) as { moves: { vmId: string; toHost: string }[] };
    expect(p.moves.map((m) => m.toHost)).toEqual(Array(4).fill(hostIn('c', 1)));

    const text = await vmmi([
      'plan',
      'evacuate',
      hostIn('a', 1),
      '--estate',
      file,
      '--pin',
      `x-rn=${hostIn('b', 2)}`,
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Evacuate host ${hostIn('a', 1)}: 4 VMs, 4 placed, 0 not placed (admitted together)`,
    );
    expect(text.stdout).toContain(`  x-rn  ${hostIn('a', 1)} → ${hostIn('b', 2)}  (pinned)`);
    expect(text.stdout).toContain(`  to a: 3 VMs, 6 vCPU, 12 GiB`);
  });

  it('splits a drain into waves: two copies per host at a time, the most WAN traffic per GiB first', async () => {
    // Worked out in shared/src/planning/waves.test.ts.
    const r = await vmmi(['plan', 'waves', '--drain', 'a', '--estate', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Drain site a: 4 VMs in 2 waves (0 not placed)');
    expect(lines).toContain('  x-ov, x-ag');
    expect(lines).toContain('  x-rn, x-vl');
    expect(r.stdout).toMatch(
      /^Wave 1 \(starts by itself\): 2 VMs, .*application WAN 450 → 200 Mbit\/s/m,
    );
    expect(r.stdout).toMatch(
      /^Wave 2 \(waits for approval\): 2 VMs, .*application WAN 200 → 0 Mbit\/s/m,
    );
  });

  it('advises a rebalance: consolidation empties c.h1 onto c.h2', async () => {
    // Worked out in shared/src/planning/rebalance.test.ts.
    const r = await vmmi(['plan', 'rebalance', '--estate', file, '--objective', 'consolidate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rebalance the estate (consolidate): 1 move of at most 10');
    expect(r.stdout).toContain('  hosts with VMs: 3 → 2');
    expect(r.stdout).toContain(`  y  ${hostIn('c', 1)} → ${hostIn('c', 2)}`);
    expect(r.stdout).toContain(`Hosts that can be powered off after the moves: ${hostIn('c', 1)}`);
  });

  it('advises a uniform load across sites: x-ov, then x-ag, from a to b, and says what it costs', async () => {
    // Worked out in shared/src/planning/rebalance.test.ts (R16).
    const r = await vmmi(['plan', 'rebalance', '--estate', file, '--objective', 'uniform']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Rebalance the estate (uniform): 2 moves of at most 10');
    expect(lines).toContain('  highest site load: 6.3 % → 3.1 %');
    expect(lines).toContain('  site load spread: 6.3 % → 0.0 %');
    expect(lines).toContain(
      "Cost of the moves: 2 moves (2 to another site), copying 8 GiB of memory and 0 GiB of local disk; the moved VMs' flows over the WAN 250 → 250 Mbit/s",
    );
    expect(lines).toContain(`  x-ov  ${hostIn('a', 1)} → ${hostIn('b', 1)}`);
    expect(lines).toContain(`  x-ag  ${hostIn('a', 1)} → ${hostIn('b', 2)}`);
    const site = await vmmi([
      'plan',
      'rebalance',
      '--estate',
      file,
      '--objective',
      'uniform',
      '--site',
      'c',
      '--json',
    ]);
    expect(site.code).toBe(0);
    expect((JSON.parse(site.stdout) as { moves: unknown[] }).moves).toEqual([
      { vmId: 'y', fromHost: hostIn('c', 1), toHost: hostIn('b', 1) },
    ]);
  });

  it('moves the VMs given to a site, leaving those there already', async () => {
    // x-ov runs on a.h1 and y on c.h1 (three-sites.test-estate.ts): to c, only x-ov moves.
    const r = await vmmi([
      'plan',
      'waves',
      '--vm',
      'x-ov,y',
      '--to',
      'c',
      '--estate',
      file,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { proposal } = JSON.parse(r.stdout) as { proposal: { moves: { vmId: string }[] } };
    expect(proposal.moves.map((m) => m.vmId)).toEqual(['x-ov']);
    const there = await vmmi(['plan', 'waves', '--vm', 'y', '--to', 'c', '--estate', file]);
    expect(there.code).toBe(2);
    expect(there.stderr).toContain('every VM given is in c already');
    const ghost = await vmmi(['plan', 'waves', '--vm', 'ghost', '--to', 'c', '--estate', file]);
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('unknown-vm');
  });

  it('exits 2 with the reason on a request that names nothing real, or a malformed option', async () => {
    const unknown = await vmmi(['plan', 'evacuate', 'nope', '--estate', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown-host: no host "nope"');
    const malformed = await vmmi(['plan', 'drain', 'a', '--estate', file, '--pin', 'x-rn']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"x-rn" is not vm=host');
    const nothing = await vmmi(['plan', 'waves', '--estate', file]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('give one of --drain, --evacuate, --vm, --tenant');
  });
});
