// The vmmi CLI as a user runs it: JSON on stdout, errors on stderr, exit code 2 on bad input
// (R21). In-process (test/cli/run-cli.ts), but for the first case: real processes, a document
// through a pipe. (A real process's exit code 2: server-commands.test.ts.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmmi } from '../../test/cli/run-cli.ts';

const root = resolve(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const main = join(root, 'server/src/cli/main.ts');

function vmmiProcess(args: string[], input?: string) {
  const r = spawnSync(tsx, [main, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vmmi CLI', () => {
  it("pipes generate into stats as real processes: fat-tree k=8 has the paper's counts", () => {
    const gen = vmmiProcess(['generate', 'fat-tree', '--k', '8']);
    expect(gen.code).toBe(0);
    const st = vmmiProcess(['stats', '-'], gen.stdout);
    expect(st.code).toBe(0);
    const stats = JSON.parse(st.stdout) as {
      hosts: number;
      switches: number;
      links: number;
      devicesByRole: { core: number };
    };
    expect(stats.hosts).toBe(8 ** 3 / 4);
    expect(stats.switches).toBe((5 * 8 ** 2) / 4);
    expect(stats.devicesByRole.core).toBe(16);
    expect(stats.links).toBe((3 * 8 ** 3) / 4);
  });

  it('generates the demo estate as YAML that validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmmi-cli-'));
    const file = join(dir, 'demo.yaml');
    const gen = await vmmi(['generate', 'demo', '--format', 'yaml']);
    expect(gen.code).toBe(0);
    writeFileSync(file, gen.stdout);
    const v = await vmmi(['validate', file]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, id: 'demo', stats: { vms: 320 } });
  });

  it("exits 2 with the bad field's path on an invalid estate", async () => {
    const demo = JSON.parse((await vmmi(['generate', 'demo'])).stdout) as {
      vms: { hostId: string }[];
    };
    demo.vms[7]!.hostId = 'ghost-host';
    const r = await vmmi(['validate', '-'], JSON.stringify(demo));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vms[7].hostId: unknown device "ghost-host"');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, issues: [{ path: 'vms[7].hostId' }] });
  });

  it('exits 2 on bad parameters, unknown kinds, unknown commands and missing files', async () => {
    for (const args of [
      ['generate', 'fat-tree', '--k', '7'],
      ['generate', 'torus'],
      ['generate', 'fat-tree', '--k', 'many'],
      ['frobnicate'],
      ['stats', '/nonexistent/estate.json'],
    ]) {
      const r = await vmmi(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('exits 2 on malformed input instead of crashing', async () => {
    const r = await vmmi(['stats', '-'], '{ not json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON or YAML/);
  });

  it('previews a move as JSON and as text, from the shipped demo estate', async () => {
    const demo = join(root, 'examples/demo-estate.json');
    const move = ['preview', '--estate', demo, '--vm', 'acme-legacy-erp-01', '--to', 'ams1'];
    const json = await vmmi([...move, '--strategy', 'all', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      strategy: string;
      feasible: boolean;
      choice: { text: string } | null;
      comparison: { strategy: string; blocking: { code: string }[] }[];
    };
    expect(report).toMatchObject({ strategy: 'renumber', feasible: true });
    expect(
      report.comparison.find((c) => c.strategy === 'pmip')!.blocking.map((b) => b.code),
    ).toContain('address-conflict');
    const text = await vmmi(move);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Strategy: renumber — FEASIBLE$/m);
    expect(text.stdout).toContain(`  why: ${report.choice!.text}`);
    expect(text.stdout).toMatch(
      /^ {2}downtime [\d.]+ ms = stop-and-copy [\d.]+ ms \+ announcements 0 ms \+ network switch 0 ms$/m,
    );
    expect(text.stdout).toMatch(/renumbered; IPv4 10\.120\.0\.10 → 10\.120\.0\.\d+/);
  });

  it('offers a cold migration where a CPU blocks the live one, and previews it with --cold (R15)', async () => {
    // iad1 runs AMD EPYC Milan; acme-legacy-erp-01 sees its host's Cascade Lake (AVX-512). Its
    // disk is on shared storage: nothing to copy, so down for shutdown 10 s + boot 30 s.
    const demo = join(root, 'examples/demo-estate.json');
    const args = ['preview', '--estate', demo, '--vm', 'acme-legacy-erp-01', '--to', 'iad1'];
    const live = await vmmi(args);
    expect(live.code).toBe(0);
    // The strategy (LISP between the demo's xTR sites fra1 and iad1) is whichever is cheapest.
    const strategy = /^Strategy: (\S+) — BLOCKED$/m.exec(live.stdout)?.[1];
    expect(strategy).toBeDefined();
    expect(live.stdout).toMatch(/^ {2}✗ incompatible-cpu: /m);
    const offer = live.stdout.match(
      new RegExp(
        `^ {2}cold migration possible \\(live migration is blocked \\(incompatible-cpu\\)\\): downtime ([\\d.]+) ms = shutdown 10000 ms \\+ disk copy 0 ms \\+ boot 30000 ms \\+ announcements 0 ms \\+ network switch ([\\d.]+) ms with ${strategy}; preview it with --cold$`,
        'm',
      ),
    );
    expect(offer).not.toBeNull();
    expect(Number(offer![1])).toBeCloseTo(40_000 + Number(offer![2]), 2);
    const cold = await vmmi([...args, '--cold']);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain(`Strategy: ${strategy} — FEASIBLE`);
    expect(cold.stdout).toContain(
      `  downtime (cold migration) ${offer![1]} ms = shutdown 10000 ms + disk copy 0 ms + boot 30000 ms + announcements 0 ms + network switch ${offer![2]} ms`,
    );
    expect(cold.stdout).not.toContain('incompatible-cpu');
    expect(cold.stdout).toMatch(/Shut acme-legacy-erp-01 down on fra1\.\S+ .*\(10\.0 s\)/);
  });

  it('compares LISP in the same units, with its stale map-cache window, between two LISP sites of the demo', async () => {
    const demo = join(root, 'examples/demo-estate.json');
    const args = ['--vm', 'acme-legacy-erp-01', '--to', 'lon1.leaf-1-h3', '--strategy', 'all'];
    const text = await vmmi(['preview', '--estate', demo, ...args]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^ {2}lisp {11}feasible cost [\d.]+ = interruption [\d.]+ ms \([\d.]+\) \+ .*; stale mappings possible for up to 24 h 0 min$/m,
    );
    expect(text.stdout).toMatch(/^ {2}renumber {7}feasible cost [\d.]+ = (?!.*stale mappings).*$/m);
    // The cheapest here: the report's details are LISP's.
    const lisp = text;
    expect(lisp.stdout).toMatch(/^Strategy: lisp — FEASIBLE$/m);
    expect(lisp.stdout).toContain(
      '  then stale mappings possible for up to 24 h 0 min (86400000 ms)',
    );
    expect(lisp.stdout).toMatch(/! lisp-stale-map-cache: .*1440 min/);
  });

  it('reads an estate that spells addresses its own way and prints them in canonical text', async () => {
    const demo = JSON.parse(readFileSync(join(root, 'examples/demo-estate.json'), 'utf8')) as {
      vms: { id: string; mac: string; ipv6?: string }[];
    };
    const web = demo.vms.find((v) => v.id === 'acme-web-web-01')!;
    expect([web.mac, web.ipv6]).toEqual(['52:54:00:00:00:01', '2001:db8:10::a']);
    Object.assign(web, { mac: '5254.0000.0001', ipv6: '2001:0DB8:0010:0:0:0:0:000A' });
    const args = ['--vm', web.id, '--to', 'lon1', '--strategy', 'l2-overlay', '--json'];
    const r = await vmmi(['preview', '--estate', '-', ...args], JSON.stringify(demo));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      addressing: { mac: string; ipv6: { before: string | null } }[];
    };
    // RFC 5952: lower case, no leading zeros, "::" for the longest zero run; MACs colon-separated.
    expect(report.addressing[0]).toMatchObject({
      mac: '52:54:00:00:00:01',
      ipv6: { before: '2001:db8:10::a' },
    });
    for (const spelt of ['5254.', '0DB8', '000A']) expect(r.stdout).not.toContain(spelt);
  });

  it('exits 2 on a preview onto a switch or of an unknown VM', async () => {
    const demo = join(root, 'examples/demo-estate.json');
    const sw = await vmmi([
      'preview',
      '--estate',
      demo,
      '--vm',
      'acme-web-web-01',
      '--to',
      'ams1.core-1-1',
    ]);
    expect(sw.code).toBe(2);
    expect(sw.stderr).toMatch(/target-not-a-host/);
    const ghost = await vmmi(['preview', '--estate', demo, '--vm', 'ghost', '--to', 'ams1']);
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toMatch(/unknown-vm/);
  });
});
