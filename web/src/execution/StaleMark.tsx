/** The mark of a card whose figures stopped being live: how old they are (staleness.ts). */
import { staleText } from './staleness.ts';

export function StaleMark({ ageMs, why, testId }: { ageMs: number; why: string; testId: string }) {
  return (
    <span className="stale-mark" title={why} data-testid={testId}>
      {staleText(ageMs)}
    </span>
  );
}
