/**
 * The current time, updated on every turn of the second (or of `everyMs`) while
 * `ticking`: the kiosk's clock and countdown, and the age of stale figures. Not
 * ticking, it holds still (no re-render every second for a page with nothing that ages).
 */
import { useEffect, useState } from 'react';

export function useNow(ticking = true, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    let timer: ReturnType<typeof setTimeout>;
    // Aligned to the wall clock's second, so the display never lags it by up to a second.
    const schedule = () => {
      timer = setTimeout(
        () => {
          setNow(Date.now());
          schedule();
        },
        everyMs - (Date.now() % everyMs),
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [ticking, everyMs]);
  return now;
}
