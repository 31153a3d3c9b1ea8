/** What the planner holds: the move being prepared, and the moves staged for review. */
import type { ImpactReport, MoveMode, MoveTarget, PreviewResult, StrategyName } from '@vmmi/shared';

/** A named strategy, or the engine's choice by its documented cost. */
export type StrategyChoice = StrategyName | 'best';

/** How the move was started: by dragging, or through the "Move to…" dialog (keyboard, WCAG 2.5.7). */
export type MoveVia = 'drag' | 'dialog';

/** The move being prepared: which VMs, where (null while nothing is under the pointer), which strategy. */
export interface MoveDraft {
  vmIds: string[];
  target: MoveTarget | null;
  strategy: StrategyChoice;
  via: MoveVia;
  /** Live unless the operator took the cold migration the preview offered. */
  mode?: MoveMode;
}

export type StagedStatus =
  | 'staged'
  | 'accepting'
  | 'accepted'
  | 'conflict'
  | 'refused'
  | 'error'
  /** Accepted, and Execute asked the server to run it. */
  | 'executing'
  /** The server runs it: its migrations are in the migrations panel. */
  | 'executed';

/** The server holds the plan (accepted, or running): it is no longer the planner's to undo. */
export const atServer = (status: StagedStatus): boolean =>
  status === 'accepting' ||
  status === 'accepted' ||
  status === 'executing' ||
  status === 'executed';

/** A move dropped for review. Nothing runs until it is accepted, and the server checks it again then. */
export interface StagedPlan {
  id: string;
  estateId: string;
  /** The estate version the report was computed on: the server refuses the plan if the estate has changed. */
  estateVersion: number;
  vmIds: string[];
  target: MoveTarget;
  strategy: StrategyChoice;
  report: ImpactReport;
  stagedAt: string;
  status: StagedStatus;
  /** Why it was refused, or what went wrong, in the server's words. */
  message: string | null;
  /** The server's plan id once accepted. */
  planId: string | null;
  /** The runs Execute started (absent in plans saved before execution existed). */
  migrationIds?: string[];
  /**
   * Kept although the engine found it blocked, because the operator asked to:
   * a note to come back to, never accepted nor executed.
   */
  draft?: boolean;
}

/** A point in viewport (client) pixels. */
export interface ClientPoint {
  x: number;
  y: number;
}

/**
 * A drop the engine found blocked: staged only if the operator asks to keep it
 * as a draft; any other answer (Esc, a click elsewhere, a new move) lets it go.
 */
export interface HeldDrop {
  vmIds: string[];
  target: MoveTarget;
  strategy: StrategyChoice;
  report: ImpactReport;
  via: MoveVia;
  /** The estate version the report was computed on. */
  estateVersion: number;
  /** Where the VM was released, so the question is asked there; null from the dialog. */
  at: ClientPoint | null;
}

export interface PlannerState {
  draft: MoveDraft | null;
  /** The preview of the draft at its current target; null while there is no target. */
  preview: PreviewResult | null;
  staged: StagedPlan[];
  /** Plans taken back by Undo, newest last, for Redo. */
  undone: StagedPlan[];
  /** The plan whose report the panel shows when no move is being prepared. */
  focusedPlanId: string | null;
  /** A one-line message about the last planner action (a refused drop, a conflict). */
  notice: { kind: 'info' | 'error'; text: string } | null;
  /** A blocked drop waiting for the operator's answer: keep it as a draft, or let it go. */
  held: HeldDrop | null;
}

export const initialPlannerState = (): PlannerState => ({
  draft: null,
  preview: null,
  staged: [],
  undone: [],
  focusedPlanId: null,
  notice: null,
  held: null,
});
