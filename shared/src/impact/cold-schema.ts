/**
 * The parts of the impact report a cold migration adds (R15): how a move is
 * made, and a cold copy's steps. Kept apart from report.ts, which embeds them.
 */
import { z } from 'zod';

/**
 * How the VMs move: `live` (memory pre-copied, a pause of milliseconds) or
 * `cold` (shut down, disk copied, booted at the target: no live-migration
 * compatibility needed, the whole copy is downtime).
 */
export const MoveModeSchema = z.enum(['live', 'cold']);
export type MoveMode = z.infer<typeof MoveModeSchema>;

/** A cold migration's downtime in its parts, ms; the disk copy is 0 on shared storage. */
export const ColdStepsSchema = z.object({
  shutdownMs: z.number().nonnegative(),
  diskBytes: z.number().nonnegative(),
  diskCopyMs: z.number().nonnegative(),
  bootMs: z.number().nonnegative(),
});
export type ColdSteps = z.infer<typeof ColdStepsSchema>;
