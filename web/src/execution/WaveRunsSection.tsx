/**
 * The migrations panel's wave runs: a card for each one seen active in this
 * page. The event stream says nothing of wave runs themselves, so while the
 * panel is open they are read again every POLL_MS as long as one is active,
 * and at once when one of their runs changes status (a wave's last run
 * ending is when the server takes the next step); no reading once none is
 * active.
 */
import type { Estate } from '@vmmi/shared';
import { useCallback, useEffect, useMemo } from 'react';
import { useCan } from '../auth/useCan.ts';
import {
  selectAnyWaveRunActive,
  selectWaveRunCards,
  selectWaveRunRunsKey,
  selectWaveRunsState,
} from '../store/execution-selectors.ts';
import { selectEstateId } from '../store/selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { useNow } from '../components/useNow.ts';
import { earliestDown, staleAge } from './staleness.ts';
import type { ExecutionState } from './types.ts';
import { WaveRunCard } from './WaveRunCard.tsx';

/** How often the wave runs are read while one is active, real ms. */
export const POLL_MS = 2_000;

/** Reads the wave runs on opening, on a change of estate, and as said above. */
function useWaveRunPolling() {
  const actions = useAppActions();
  const estateId = useAppStore(selectEstateId);
  const active = useAppStore(selectAnyWaveRunActive);
  const runsKey = useAppStore(selectWaveRunRunsKey);
  useEffect(() => {
    if (estateId !== null) void actions.loadWaveRuns();
  }, [actions, estateId, runsKey]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void actions.loadWaveRuns(), POLL_MS);
    return () => clearInterval(timer);
  }, [actions, active]);
}

export function WaveRunsSection({
  estate,
  migrations,
  streamDownSince,
}: {
  estate: Estate | null;
  migrations: ExecutionState['migrations'];
  /** Since when the event stream has been down (epoch ms); null: live. */
  streamDownSince: number | null;
}) {
  useWaveRunPolling();
  const actions = useAppActions();
  const refusal = useCan('operator');
  const cards = useAppStore(selectWaveRunCards);
  const { labels, pending, downSince } = useAppStore(selectWaveRunsState);
  // Their runs' figures come from the stream, the rest from the reads: stale when either stops.
  const since = earliestDown(streamDownSince, downSince);
  const staleMs = staleAge(since, useNow(since !== null));
  const vmNames = useMemo(
    () => new Map((estate?.vms ?? []).map((v) => [v.id, v.name] as const)),
    [estate],
  );
  const vmName = useCallback((id: string) => vmNames.get(id) ?? id, [vmNames]);
  const onApprove = useCallback(
    (id: string, wave: number) => void actions.approveWave(id, wave),
    [actions],
  );
  const onCancel = useCallback((id: string) => void actions.cancelWaveRun(id), [actions]);
  if (cards.length === 0) return null;
  return (
    <section aria-label="Wave runs" className="mig-cards" data-testid="wave-runs">
      {cards.map((run) => (
        <WaveRunCard
          key={run.id}
          run={run}
          label={labels[run.id]}
          migrations={migrations}
          vmName={vmName}
          pending={pending[run.id]}
          refusal={refusal}
          staleMs={staleMs}
          onApprove={onApprove}
          onCancel={onCancel}
          onDismiss={actions.dismissWaveRun}
        />
      ))}
    </section>
  );
}
