/**
 * The rebalancing advisor's speed (R16: "fast enough on the demo estate to be
 * interactive, a bench figure on 100,000 VMs"): each objective's advice, 20
 * moves asked for, on the demo estate (best of 3) and on the large estate (one
 * run: several seconds each). The engine's build is timed apart from the advice.
 */
import { buildDemoEstate } from '../src/demo/demo-estate.ts';
import { createImpactEngine, type ImpactEngine } from '../src/impact/engine.ts';
import { adviseRebalance, figureText, RebalanceRequestSchema } from '../src/planning/rebalance.ts';
import { buildLargeEstate } from './large-estate.ts';

export interface RebalanceFigure {
  objective: string;
  ms: number;
  moves: number;
  /** The objective's own figure, before → after, in words. */
  figure: string;
}

export interface RebalanceRun {
  estate: string;
  vms: number;
  buildMs: number;
  advice: RebalanceFigure[];
}

const OBJECTIVES = RebalanceRequestSchema.shape.objective.options;
const FIGURE = {
  balance: 'highest host load',
  consolidate: 'hosts with VMs',
  nearest: 'mean latency of the moved VMs’ flows',
  uniform: 'highest site load',
} as const;

function adviceFigures(engine: ImpactEngine, runs: number): RebalanceFigure[] {
  return OBJECTIVES.map((objective) => {
    let ms = Infinity;
    let figure = '';
    let moves = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = adviseRebalance(engine, { objective, maxMoves: 20 });
      ms = Math.min(ms, performance.now() - t0);
      if (!r.ok) throw new Error(r.error.message);
      const f = r.advice.figures.find((x) => x.name === FIGURE[objective])!;
      figure = `${f.name} ${figureText(f.before, f.unit)} → ${figureText(f.after, f.unit)}`;
      moves = r.advice.moves.length;
    }
    return { objective, ms, moves, figure };
  });
}

function run(estate: string, build: () => ReturnType<typeof buildDemoEstate>, runs: number) {
  const doc = build();
  const t0 = performance.now();
  const engine = createImpactEngine(doc);
  const buildMs = performance.now() - t0;
  return { estate, vms: doc.vms.length, buildMs, advice: adviceFigures(engine, runs) };
}

export function rebalanceFigures(): RebalanceRun[] {
  return [run('demo', buildDemoEstate, 3), run('large', () => buildLargeEstate(), 1)];
}

if (process.argv[1]?.endsWith('rebalance.ts'))
  console.log(JSON.stringify(rebalanceFigures(), null, 2));
