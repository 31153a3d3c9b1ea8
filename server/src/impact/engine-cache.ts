/**
 * Impact engines by database and estate version: building one (index and
 * routing state) costs far more than a preview, so each stored version is
 * built once and kept until a newer version replaces it.
 */
import { createImpactEngine, type Estate, type ImpactEngine } from '@vmmi/shared';
import type { Db } from '../db/db.ts';

type PerDb = Map<string, { version: number; engine: ImpactEngine }>;
const engines = new WeakMap<Db, PerDb>();

export function engineFor(db: Db, id: string, version: number, estate: Estate): ImpactEngine {
  let perDb = engines.get(db);
  if (!perDb) engines.set(db, (perDb = new Map() as PerDb));
  const cached = perDb.get(id);
  if (cached && cached.version === version) return cached.engine;
  const engine = createImpactEngine(estate);
  perDb.set(id, { version, engine });
  return engine;
}
