/**
 * The engine's look-up tables (shared `indexEstate`) for an estate, built once
 * per estate object: the table, the search and the tenant view all read the
 * same index, and a new estate object (a reload, an edit) gets a fresh one.
 */
import { indexEstate, type Estate, type EstateIndex } from '@vmmi/shared';

const cache = new WeakMap<Estate, EstateIndex>();

/** The index of this estate object, built on first use. */
export function estateIndex(estate: Estate): EstateIndex {
  let index = cache.get(estate);
  if (!index) cache.set(estate, (index = indexEstate(estate)));
  return index;
}
