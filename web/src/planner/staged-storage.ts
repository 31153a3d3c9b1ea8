/**
 * Staged moves kept in the browser's storage, so a reload, a crash or a
 * closed tab loses none of them. What comes
 * back is validated like any other input: a report of an older schema version
 * is upgraded, and a damaged entry is dropped, never trusted.
 */
import { MoveTargetSchema, StoredImpactReportSchema, StrategyNameSchema } from '@vmmi/shared';
import { z } from 'zod';
import type { StagedPlan } from './types.ts';

export const STAGED_STORAGE_KEY = 'vmmi.staged.v1';

const StagedPlanSchema = z.object({
  id: z.string().min(1),
  estateId: z.string().min(1),
  estateVersion: z.number().int().positive(),
  vmIds: z.array(z.string().min(1)).min(1),
  target: MoveTargetSchema,
  strategy: z.union([StrategyNameSchema, z.literal('best')]),
  report: StoredImpactReportSchema,
  stagedAt: z.string(),
  status: z.enum([
    'staged',
    'accepting',
    'accepted',
    'conflict',
    'refused',
    'error',
    'executing',
    'executed',
  ]),
  message: z.string().nullable(),
  planId: z.string().nullable(),
  migrationIds: z.array(z.string()).optional(),
  draft: z.boolean().optional(),
});

/** The staged moves saved earlier; entries that do not parse are dropped. */
export function loadStaged(storage: Pick<Storage, 'getItem'>): StagedPlan[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(STAGED_STORAGE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const plans: StagedPlan[] = [];
  for (const entry of raw) {
    const parsed = StagedPlanSchema.safeParse(entry);
    if (!parsed.success) continue;
    // An answer that never came back: the plan goes back a step, and the server says if it went through.
    const plan: StagedPlan = parsed.data;
    plans.push(
      plan.status === 'accepting'
        ? { ...plan, status: 'staged', message: null }
        : plan.status === 'executing'
          ? { ...plan, status: 'accepted', message: null }
          : plan,
    );
  }
  return plans;
}

/** Saves the staged moves; a full or unavailable storage is not an error worth interrupting for. */
export function saveStaged(storage: Pick<Storage, 'setItem'>, plans: StagedPlan[]): boolean {
  try {
    storage.setItem(STAGED_STORAGE_KEY, JSON.stringify(plans));
    return true;
  } catch {
    return false;
  }
}
