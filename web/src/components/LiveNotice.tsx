/**
 * Over a picture that is no longer live: how old it is while the server or the event
 * stream is down, or that its estate was deleted on the server. Every figure on the
 * screen is that old. The planner shows it under its view bar, the kiosk over its
 * canvas in wall-screen type (`className`).
 */
import type { GoneEstate } from '../estate/estate-gone.ts';
import { earliestDown, staleAge, staleText } from '../execution/staleness.ts';
import { formatClock } from '../kiosk/connection-label.ts';
import { selectStream } from '../store/execution-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { useNow } from './useNow.ts';

export interface LiveNoticeProps {
  /** Since when the page's checks of the server fail; null while they pass. */
  serverDownSince: number | null;
  gone: GoneEstate | null;
  className: string;
  /** `${testIdPrefix}-stale` and `${testIdPrefix}-gone`. */
  testIdPrefix: string;
  /** What the page shows, in the words of the notice: "picture", "picture and figures". */
  shown?: string;
}

export function LiveNotice({
  serverDownSince,
  gone,
  className,
  testIdPrefix,
  shown = 'picture and figures',
}: LiveNoticeProps) {
  const streamDownSince = useAppStore(selectStream).downSince;
  const downSince = earliestDown(serverDownSince, streamDownSince);
  const now = useNow(downSince !== null);
  const age = staleAge(downSince, now);
  if (gone)
    return (
      <p className={className} data-tone="hot" role="status" data-testid={`${testIdPrefix}-gone`}>
        Estate “{gone.id}” was deleted on the server at {formatClock(gone.noticedAt, false)}; this
        is its last picture.
      </p>
    );
  if (age === null || downSince === null) return null;
  return (
    <p className={className} data-tone="warn" role="status" data-testid={`${testIdPrefix}-stale`}>
      Not live: the {shown} are from {formatClock(downSince, false)}, {staleText(age)}
    </p>
  );
}
