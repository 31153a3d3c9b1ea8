/**
 * The card that follows a carried VM: its name, the target under the
 * pointer and the engine's verdict there, with the first blocking reason, so
 * the operator never has to look away to the side panel. Placed by
 * `placeCard` inside the viewport; moved by useDragMove on every pointer move
 * and again here whenever its text (so its size) changes.
 */
import type { Estate } from '@vmmi/shared';
import { useLayoutEffect } from 'react';
import { useAppStore } from '../store/store-context.tsx';
import { placeCard } from './card-placement.ts';
import { describeTarget } from './targets.ts';
import type { ClientPoint } from './types.ts';
import { previewVerdict } from './verdict.ts';

/** Puts a card element near a pointer, inside the viewport. */
export function positionCard(el: HTMLElement, pointer: ClientPoint): void {
  const at = placeCard(
    pointer,
    { width: el.offsetWidth, height: el.offsetHeight },
    { width: window.innerWidth, height: window.innerHeight },
  );
  el.style.transform = `translate(${at.x}px, ${at.y}px)`;
}

export interface DragGhostProps {
  estate: Estate;
  label: string;
  ghostRef: { current: HTMLDivElement | null };
  /** Where the pointer is now (useDragMove keeps it). */
  pointerRef: { current: ClientPoint | null };
}

export function DragGhost({ estate, label, ghostRef, pointerRef }: DragGhostProps) {
  const target = useAppStore((s) => s.planner.draft?.target ?? null);
  const preview = useAppStore((s) => s.planner.preview);
  const verdict = previewVerdict(preview, target !== null);

  useLayoutEffect(() => {
    if (ghostRef.current && pointerRef.current) positionCard(ghostRef.current, pointerRef.current);
  });

  return (
    <div
      ref={ghostRef}
      className="drag-ghost"
      data-testid="drag-ghost"
      data-tone={verdict.tone}
      // The panel says the same to assistive technology; this card is for the eyes on the pointer.
      aria-hidden="true"
    >
      <div className="drag-ghost-vm">{label}</div>
      {target === null ? (
        <div className="drag-ghost-hint">Over a host or a data center, the verdict shows here.</div>
      ) : (
        <div data-testid="drag-verdict">
          <div className="drag-ghost-target">→ {describeTarget(estate, target)}</div>
          <div className={`drag-ghost-verdict verdict-${verdict.tone}`}>
            <span aria-hidden="true">{verdict.tone === 'feasible' ? '✓ ' : '✕ '}</span>
            {verdict.headline}
          </div>
          {verdict.reason && (
            <div className="drag-ghost-reason" data-testid="drag-verdict-reason">
              {verdict.reason}
              {verdict.more > 0 && <span className="muted"> (+{verdict.more} more)</span>}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
