/**
 * What the server's previews are given besides the estate: this instance's
 * concurrency limits (MIGRATION_LIMIT_PER_*), so a group's preview copies in
 * the waves this instance's supervisor will admit it in.
 */
import type { PreviewOptions } from '@vmmi/shared';
import type { Context } from '../context.ts';

/** The preview options of a request; without a migration runner, the engine's defaults. */
export function previewOptions(ctx: Pick<Context, 'execution'>): PreviewOptions {
  return ctx.execution ? { migrationLimits: ctx.execution.config.safety } : {};
}
