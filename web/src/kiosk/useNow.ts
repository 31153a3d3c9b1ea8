/** The current time, updated on every turn of the second (or of `everyMs`): the kiosk's clock and countdown. */
import { useEffect, useState } from 'react';

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
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
  }, [everyMs]);
  return now;
}
