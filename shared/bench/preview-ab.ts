/**
 * The preview against a baseline build of the engine, in the same process:
 * one estate, one sequence of moves, and each move previewed by both engines
 * in turn (alternating which goes first), so load on the machine and
 * garbage collection fall on both alike. The baseline is another commit of
 * this repository, checked out once into a temporary worktree with its own
 * dependencies (`pnpm install --offline`, from the local store).
 *
 * The baseline commit is BENCH_BASE, else `preview-base.txt` beside this file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Estate } from '../src/model/estate.ts';
import { createImpactEngine } from '../src/impact/engine.ts';
import { previewMove } from '../src/impact/preview.ts';
import { createPrng } from '../src/util/prng.ts';
import { buildLargeEstate } from './large-estate.ts';

interface Engine {
  createImpactEngine(estate: Estate): unknown;
  previewMove(engine: unknown, request: unknown): unknown;
}

export interface AbFigures {
  base: string;
  moves: number;
  rounds: number;
  current: { medianMs: number; p99Ms: number; maxMs: number };
  baseline: { medianMs: number; p99Ms: number; maxMs: number };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    medianMs: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1)!,
  };
}

/** The worktree of `rev`, created and installed on first use. */
function baselineTree(repo: string, rev: string): string {
  const sha = execFileSync('git', ['-C', repo, 'rev-parse', '--short=12', rev], {
    encoding: 'utf8',
  }).trim();
  const dir = join(tmpdir(), `vmmi-bench-base-${sha}`);
  if (!existsSync(join(dir, 'node_modules'))) {
    if (!existsSync(dir))
      execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', dir, sha], {
        stdio: 'ignore',
      });
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--reporter=silent'], {
      cwd: dir,
      stdio: 'ignore',
    });
  }
  return dir;
}

/**
 * 1,000 random single-VM moves after 50 warm-up ones, as preview.ts measures,
 * by both engines; `rounds` times over with fresh engines (so each round pays
 * the lazily built tables again, as the first previews after a load do), all
 * rounds' times pooled: a p99 of 1,000 samples is its 10th-worst, too few to
 * compare two builds by.
 */
export async function previewAb(moves = 1000, rounds = 3): Promise<AbFigures> {
  const repo = join(import.meta.dirname, '../..');
  const base =
    process.env.BENCH_BASE ?? readFileSync(join(import.meta.dirname, 'preview-base.txt'), 'utf8');
  const dir = baselineTree(repo, base.trim());
  const old = (await import(
    pathToFileURL(join(dir, 'shared/src/index.ts')).href
  )) as unknown as Engine;
  const estate = buildLargeEstate();
  const hosts = estate.devices.filter((d) => d.role === 'host');
  const times = { current: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const engines = {
      current: createImpactEngine(estate),
      baseline: old.createImpactEngine(estate),
    };
    const rng = createPrng(11 + round);
    for (let i = 0; i < moves + 50; i++) {
      const vm = estate.vms[rng.int(0, estate.vms.length - 1)]!;
      const target =
        i % 2
          ? { kind: 'site' as const, siteId: estate.sites[rng.int(0, 3)]!.id }
          : { kind: 'host' as const, hostId: hosts[rng.int(0, hosts.length - 1)]!.id };
      const request = { vmIds: [vm.id], target };
      const order = i % 2 ? (['current', 'baseline'] as const) : (['baseline', 'current'] as const);
      for (const which of order) {
        const t = performance.now();
        if (which === 'current') previewMove(engines.current, request);
        else old.previewMove(engines.baseline, request);
        if (i >= 50) times[which].push(performance.now() - t);
      }
    }
  }
  return {
    base: base.trim(),
    moves,
    rounds,
    current: summary(times.current),
    baseline: summary(times.baseline),
  };
}
