/**
 * Impact engines by database and estate version: building one (index and
 * routing state) costs far more than a preview, so each stored version is
 * built once and kept until a newer version replaces it. A version is told
 * apart by its write time as well as its number: an estate deleted and
 * imported again under the same id starts over at version 1, and must not
 * get the engine of the estate it replaced.
 */
import { createImpactEngine, type Estate, type ImpactEngine } from '@vmmi/shared';
import type { Db } from '../db/db.ts';

type PerDb = Map<string, { version: number; updatedAt: string; engine: ImpactEngine }>;
const engines = new WeakMap<Db, PerDb>();

/** The stored estate an engine is built from, as the estate repository returns it. */
export interface StoredVersion {
  id: string;
  version: number;
  updatedAt: string;
  estate: Estate;
}

export function engineFor(db: Db, stored: StoredVersion): ImpactEngine {
  let perDb = engines.get(db);
  if (!perDb) engines.set(db, (perDb = new Map() as PerDb));
  const cached = perDb.get(stored.id);
  if (cached && cached.version === stored.version && cached.updatedAt === stored.updatedAt)
    return cached.engine;
  const engine = createImpactEngine(stored.estate);
  perDb.set(stored.id, { version: stored.version, updatedAt: stored.updatedAt, engine });
  return engine;
}
