/**
 * Why the preview chose its strategy, in the cost's parts (docs/strategies.md,
 * "How best is explained"): the order `best` follows (feasible first, then
 * cost, then registry order), the runner-up in that order, and the part whose
 * points separate the two most, said in words with its units.
 */
import type {
  ChoiceReason,
  CostPart,
  CostPartName,
  StrategyName,
  StrategyScore,
} from './report.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The order `best` follows: feasible before infeasible, then by cost; the sort is stable, so ties keep registry order. */
export function bestOrder<T extends { score: StrategyScore }>(evals: readonly T[]): T[] {
  return evals
    .filter((e) => e.score.applicable)
    .sort(
      (a, b) =>
        Number(b.score.feasible) - Number(a.score.feasible) ||
        (a.score.cost ?? Infinity) - (b.score.cost ?? Infinity),
    );
}

const PART_WORDS: Record<CostPartName, string> = {
  interruption: 'the interruption',
  'added-latency-out': 'the latency added outbound',
  'added-latency-in': 'the latency added inbound',
  renumbered: 'renumbering',
  tunnels: 'the tunnels',
  'table-entries': 'the table entries',
};

/** A part's value as a person writes it: `120 ms`, `+2.36 ms`, `1 VM`, `3 tunnels`, `12 entries`. */
export function partValueText(p: Pick<CostPart, 'part' | 'value' | 'unit'>): string {
  if (p.part === 'added-latency-out' || p.part === 'added-latency-in')
    return `${p.value < 0 ? '−' : '+'}${Math.abs(p.value).toFixed(2)} ms`;
  if (p.value !== 1 || p.unit === 'ms') return `${p.value} ${p.unit}`;
  return `1 ${p.unit.replace(/ies$/, 'y').replace(/s$/, '')}`;
}

const points = (x: number) => `${x} point${x === 1 ? '' : 's'}`;

function blockedText(scores: readonly StrategyScore[]): string[] {
  const out: string[] = [];
  const blocked = scores.filter((s) => s.applicable && !s.feasible);
  if (blocked.length)
    out.push(
      `${blocked.map((s) => `${s.strategy} is blocked (${[...new Set(s.blocking.map((b) => b.code))].join(', ')})`).join(', ')}`,
    );
  const na = scores.filter((s) => !s.applicable).map((s) => s.strategy);
  if (na.length) out.push(`${na.join(', ')} ${na.length === 1 ? 'does' : 'do'} not apply`);
  return out;
}

/** The part whose points the runner-up pays most above the choice. */
function decidingPart(chosen: StrategyScore, runnerUp: StrategyScore) {
  let best: { part: CostPartName; gap: number } | null = null;
  for (const p of runnerUp.costParts) {
    const mine = chosen.costParts.find((c) => c.part === p.part);
    const gap = round2(p.points - (mine?.points ?? 0));
    if (!best || gap > best.gap) best = { part: p.part, gap };
  }
  return best;
}

/**
 * The reason for `chosen` among `scores` (every strategy evaluated, in registry
 * order); null when none was chosen. `named` when the request named it.
 */
export function explainChoice(
  scores: readonly StrategyScore[],
  chosen: StrategyName | null,
  named: boolean,
): ChoiceReason | null {
  if (chosen === null) return null;
  const none = { runnerUp: null, decidingPart: null, marginPoints: null };
  if (named) return { rule: 'named', ...none, text: `${chosen} was asked for by name` };
  const order = bestOrder(scores.map((score) => ({ score }))).map((e) => e.score);
  const mine = order[0];
  if (!mine || mine.strategy !== chosen) return null;
  const next = order[1] ?? null;
  const others = blockedText(scores);
  if (!mine.feasible)
    return {
      rule: 'none-feasible',
      ...none,
      runnerUp: next?.strategy ?? null,
      text: [
        `no strategy is feasible; ${chosen} is the cheapest that applies (cost ${mine.cost})`,
        ...others,
      ].join('; '),
    };
  if (!next || !next.feasible)
    return {
      rule: 'only-feasible',
      ...none,
      runnerUp: next?.strategy ?? null,
      text: [`${chosen} is the only feasible strategy`, ...others].join('; '),
    };
  const margin = round2((next.cost ?? 0) - (mine.cost ?? 0));
  if (margin === 0)
    return {
      rule: 'tie',
      runnerUp: next.strategy,
      decidingPart: null,
      marginPoints: 0,
      text: `${chosen} and ${next.strategy} cost the same (${mine.cost}); ${chosen} comes first in the registry's order`,
    };
  const decided = decidingPart(mine, next)!;
  const theirs = next.costParts.find((p) => p.part === decided.part)!;
  const ours = mine.costParts.find((p) => p.part === decided.part);
  return {
    rule: 'lowest-cost',
    runnerUp: next.strategy,
    decidingPart: decided.part,
    marginPoints: margin,
    text:
      `${chosen} costs ${points(margin)} less than ${next.strategy} (${mine.cost} against ${next.cost}), ` +
      `decided by ${PART_WORDS[decided.part]}: ${partValueText(theirs)} for ${next.strategy} (${points(theirs.points)}) ` +
      `against ${ours ? partValueText(ours) : 'none'} (${points(ours?.points ?? 0)})`,
  };
}
