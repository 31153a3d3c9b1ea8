/** The demo estate that an empty database is seeded with on first start. */
import { buildDemoEstate, type Estate } from '@vmmi/shared';

export function loadDemoEstate(): Promise<Estate | undefined> {
  return Promise.resolve(buildDemoEstate());
}
