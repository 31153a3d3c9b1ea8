/**
 * Steps the store through the kiosk's views, one every `intervalMs`, through
 * the store's own `selectView` action. The URL is left alone: a wall screen
 * has no back button, and a history entry per rotation would pile up for days.
 */
import { useEffect, useState } from 'react';
import { useAppActions } from '../store/store-context.tsx';
import { parseRotate, type RotationStop } from './kiosk-url.ts';
import { nextStopIndex, stopsKey } from './rotation.ts';

export interface RotationPosition {
  index: number;
  count: number;
  /** When the next view comes up (epoch ms); null while there is nothing to rotate. */
  nextAt: number | null;
}

export function useRotation(stops: readonly RotationStop[], intervalMs: number): RotationPosition {
  const { selectView } = useAppActions();
  // The stops as a string: a reloaded estate with the same sites must not restart the rotation.
  const key = stopsKey(stops);
  const [position, setPosition] = useState<RotationPosition>({ index: 0, count: 0, nextAt: null });

  useEffect(() => {
    const list = parseRotate(key) ?? [];
    if (list.length === 0) return;
    let index = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      const stop = list[index];
      if (stop) selectView(stop.view, stop.view === 'site' ? stop.siteId : null);
      const rotating = list.length > 1;
      setPosition({
        index,
        count: list.length,
        nextAt: rotating ? Date.now() + intervalMs : null,
      });
      if (!rotating) return;
      timer = setTimeout(() => {
        index = nextStopIndex(index, list.length);
        show();
      }, intervalMs);
    };
    show();
    return () => clearTimeout(timer);
  }, [key, intervalMs, selectView]);

  return position;
}
