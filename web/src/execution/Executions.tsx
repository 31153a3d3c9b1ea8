/**
 * What the planner page mounts for execution: the event stream for
 * as long as the page is open, the switchover flash on the canvas, and the
 * migrations panel when it is open.
 */
import type { Estate } from '@vmmi/shared';
import type { GraphHandle } from '../graph/cy-instance.ts';
import { selectPanelOpen } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { MigrationsPanel } from './MigrationsPanel.tsx';
import { useExecutionStream } from './useExecutionStream.ts';
import { useSwitchoverFlash } from './useSwitchoverFlash.ts';

export function Executions({
  estate,
  graphRef,
}: {
  estate: Estate | null;
  graphRef: { current: GraphHandle | null };
}) {
  useExecutionStream();
  useSwitchoverFlash(graphRef);
  const open = useAppStore(selectPanelOpen);
  return open ? <MigrationsPanel estate={estate} /> : null;
}
