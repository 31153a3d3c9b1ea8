/**
 * The demo estate, built by @vmmi/shared. Looked up at run time because
 * buildDemoEstate is still being written: until it exists this returns
 * undefined and the server starts empty.
 */
import type { Estate } from '@vmmi/shared';

export async function loadDemoEstate(): Promise<Estate | undefined> {
  const m = await import('@vmmi/shared');
  const build = (m as Record<string, unknown>)['buildDemoEstate'];
  if (typeof build !== 'function') return undefined;
  return (build as () => Estate)();
}
