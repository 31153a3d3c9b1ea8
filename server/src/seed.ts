/** First start: an empty database gets the demo estate, so a new install has something to show. */
import { formatIssues, parseEstate, type Estate } from '@vmmi/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { EstateRepo } from './db/estate-repo.ts';

export type SeedOutcome = 'seeded' | 'not-empty' | 'unavailable' | 'invalid';

export async function seedDemoIfEmpty(
  estates: EstateRepo,
  load: () => Promise<Estate | undefined>,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): Promise<SeedOutcome> {
  if ((await estates.list()).length > 0) return 'not-empty';
  const demo = await load();
  if (!demo) {
    log.warn('no demo estate available (@vmmi/shared has no buildDemoEstate yet); starting empty');
    return 'unavailable';
  }
  // Validated like any import: a broken generator must not put a broken estate in the database.
  const parsed = parseEstate(demo);
  if (!parsed.ok) {
    log.warn(`the demo estate is invalid, not imported:\n${formatIssues(parsed.issues)}`);
    return 'invalid';
  }
  const { id, version } = await estates.put(parsed.estate);
  log.info(`imported the demo estate "${id}" (version ${version})`);
  return 'seeded';
}
