/**
 * The migrations panel's wave runs: a card for each one seen active in this
 * page, as `useWaveRunPolling` (mounted by the header's Migrations button)
 * keeps them read.
 */
import type { Estate } from '@vmmi/shared';
import { useCallback, useMemo } from 'react';
import { useCan } from '../auth/useCan.ts';
import { selectWaveRunCards, selectWaveRunsState } from '../store/execution-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { useNow } from '../components/useNow.ts';
import { earliestDown, staleAge } from './staleness.ts';
import type { ExecutionState } from './types.ts';
import { WaveRunCard } from './WaveRunCard.tsx';

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
