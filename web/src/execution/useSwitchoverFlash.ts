/**
 * Flashes the hosts (and data centers) a VM left and reached when it switches
 * over, for about 1.5 s; the estate reload that follows moves the VM itself.
 */
import { useEffect } from 'react';
import type { GraphHandle } from '../graph/cy-instance.ts';
import { selectFlash } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { reportFlash } from '../test-hook.ts';

export const FLASH_MS = 1_500;

export function useSwitchoverFlash(graphRef: { current: GraphHandle | null }): void {
  const flash = useAppStore(selectFlash);
  useEffect(() => {
    if (!flash) return;
    graphRef.current?.flash(flash.nodeIds, FLASH_MS);
    reportFlash(flash.nodeIds);
  }, [flash, graphRef]);
}
