/**
 * The verdict of a preview in a few words, as the drag card, the "Move to…"
 * dialog and a held drop say it: read from the engine's report (or its
 * error), never worked out here.
 */
import type { ImpactReport, PreviewResult } from '@vmmi/shared';

export type VerdictTone = 'none' | 'feasible' | 'blocked' | 'refused';

export interface Verdict {
  tone: VerdictTone;
  /** "feasible · l2-overlay", "blocked · pmip", "not a target"… */
  headline: string;
  /** The first blocking reason, or the engine's error; null when feasible or without a target. */
  reason: string | null;
  /** Blocking reasons besides the one shown. */
  more: number;
}

/** A report's verdict: feasible with its strategy, or blocked with its first reason. */
export function reportVerdict(report: ImpactReport): Verdict {
  const strategy = report.strategy ?? 'no strategy';
  if (report.feasible)
    return { tone: 'feasible', headline: `feasible · ${strategy}`, reason: null, more: 0 };
  const [first, ...rest] = report.blocking;
  return {
    tone: 'blocked',
    headline: `blocked · ${strategy}`,
    reason: first?.message ?? 'the engine found no feasible strategy',
    more: rest.length,
  };
}

/** The verdict of the move being prepared: no target yet, the engine's refusal, or the report's verdict. */
export function previewVerdict(preview: PreviewResult | null, hasTarget: boolean): Verdict {
  if (!hasTarget || !preview)
    return {
      tone: 'none',
      headline: 'no target',
      reason: null,
      more: 0,
    };
  if (!preview.ok)
    return { tone: 'refused', headline: 'not a target', reason: preview.error.message, more: 0 };
  return reportVerdict(preview.report);
}
