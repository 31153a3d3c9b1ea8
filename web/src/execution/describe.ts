/** Events and runs in words and numbers, one line each, as the ticker, the cards and the history show them. */
import type { Convergence, EventRecord, Fault, MigrationState } from '@vmmi/shared';
import { fmtBytes } from '../planner/format.ts';

/** A fault in words; `vmOf` names the VM of a run, where the page knows it. */
export function describeFault(
  f: Fault,
  vmOf?: (migrationId: string) => string | undefined,
): string {
  const run = (id: string) => {
    const vm = vmOf?.(id);
    return vm ? `the migration of ${vm}` : id;
  };
  switch (f.kind) {
    case 'host-down':
      return `host ${f.hostId} down`;
    case 'link-down':
      return `link ${f.linkId} down`;
    case 'bandwidth-collapse':
      return `bandwidth of ${f.linkId ?? 'every link'} down to ${Math.round(f.factor * 100)} %`;
    case 'stuck-progress':
      return `progress stuck on ${run(f.migrationId)}`;
    case 'executor-crash':
      return `executor crash on ${run(f.migrationId)}`;
  }
}

/** A simulated or real duration: "850 ms", "12.4 s", "5 min 18 s", "2 h 03 min". */
export function fmtDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * An instant as the operator reads it: in the browser's time zone (the operator's), or the
 * zone given, with the zone's name, so a window set in Frankfurt reads right on a wall in Singapore.
 */
export function fmtInstant(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export const fmtRate = (bytesPerSecond: number) => `${fmtBytes(bytesPerSecond)}/s`;

/** The event alone, without whose it is: "step pre-copy started", "switched over (downtime 94 ms)". */
export function describeEvent(record: EventRecord): string {
  if (record.scope === 'system') {
    const e = record.event;
    return `${e.type === 'fault-injected' ? 'fault injected' : 'fault cleared'}: ${describeFault(e.fault)}`;
  }
  const e = record.event;
  switch (e.type) {
    case 'created':
      return `created: ${e.spec.fromHost} → ${e.spec.toHost} (${e.spec.strategy})`;
    case 'queued':
      return `queued: ${e.reason}`;
    case 'started':
      return `started on ${e.instance}`;
    case 'step-started':
      return `step ${e.kind} started`;
    case 'step-completed':
      return `step ${e.kind} done in ${fmtDuration(e.ms)}`;
    case 'progress':
      return `${e.kind}: ${fmtBytes(e.transferredBytes)} sent, ${fmtBytes(e.remainingBytes)} to go`;
    case 'round-completed':
      return `pre-copy round ${e.round.round} sent ${fmtBytes(e.round.sentBytes)}, ${fmtBytes(e.round.dirtiedBytes)} dirtied`;
    case 'switchover-held':
      return `ready; switchover held until the change window opens (${fmtInstant(e.until)})`;
    case 'switched-over':
      return `switched over (downtime ${fmtDuration(e.downtimeMs)})`;
    case 'abort-requested':
      return `abort requested by ${e.by}`;
    case 'abort-refused':
      return `abort refused: ${e.reason}`;
    case 'fault':
      return `hit by fault: ${describeFault(e.fault)}`;
    case 'recovered':
      return `recovered by ${e.instance} (${e.rule})`;
    case 'rolling-back':
      return `rolling back: ${e.message}`;
    case 'rolled-back':
      return `rolled back: ${e.message}`;
    case 'succeeded':
      return `succeeded in ${fmtDuration(e.totalMs)}, downtime ${fmtDuration(e.downtimeMs)}`;
    case 'failed':
      return `failed: ${e.message} (VM on ${e.vmOn})`;
  }
}

/** How the ticker colours a line. */
export function toneOf(record: EventRecord): 'ok' | 'bad' | 'warn' | 'plain' {
  const t = record.event.type;
  if (t === 'succeeded' || t === 'switched-over' || t === 'fault-cleared') return 'ok';
  if (t === 'failed' || t === 'rolled-back' || t === 'fault' || t === 'fault-injected')
    return 'bad';
  if (t === 'rolling-back' || t === 'abort-requested' || t === 'abort-refused') return 'warn';
  return 'plain';
}

/**
 * How far the copy is: bytes sent against the total the run will send, as
 * far as it is known now (what is sent, what the current copy step has left,
 * and the copy steps still to come at their nominal size).
 */
export function progressOf(s: MigrationState): { sent: number; total: number; fraction: number } {
  if (s.status === 'succeeded')
    return { sent: s.transferredBytes, total: s.transferredBytes, fraction: 1 };
  const nominal = (kind: string) =>
    kind === 'storage-copy'
      ? s.spec.storageBytes
      : kind === 'pre-copy' && s.spec.live
        ? s.spec.memoryBytes
        : 0;
  const done = new Set(s.stepsDone);
  const current = s.spec.steps.find((step) => !done.has(step.id));
  let later = 0;
  for (const step of s.spec.steps)
    if (!done.has(step.id) && step !== current) later += nominal(step.kind);
  // remainingBytes is the current copy step's rest; before its first progress event, its nominal size.
  const copying = current !== undefined && nominal(current.kind) > 0;
  const left = copying ? s.remainingBytes || nominal(current.kind) : 0;
  const total = Math.max(1, s.transferredBytes + left + later);
  return { sent: s.transferredBytes, total, fraction: Math.min(1, s.transferredBytes / total) };
}

/** Real ms left: the run's ETA is simulated time, which runs timeScale times faster. */
export const realEtaMs = (s: MigrationState): number | null =>
  s.etaMs === null ? null : s.etaMs / s.spec.timeScale;

export function fmtTimeScale(scale: number): string {
  return scale === 1 ? 'real time' : `×${scale}`;
}

/** A convergence other than the default, as the run's line says it. */
const CONVERGENCE_WORDS: Partial<Record<Convergence, string>> = {
  'post-copy': 'post-copy',
  none: 'roll back if not converging',
};

/**
 * Which executor ran a run, and at what speed: the simulator at its time
 * scale, a real executor (QEMU) always in real time. Then what a copy that
 * does not converge does, only when it is not the default (auto-converge):
 * most runs never set it, and every line saying it would hide the ones that
 * did. Runs recorded before the choice existed have none: the default.
 */
export function executorLine(spec: {
  executor: string;
  timeScale: number;
  convergence?: Convergence;
}): string {
  const name = spec.executor === 'qemu' ? 'QEMU' : spec.executor;
  const ran =
    spec.executor === 'simulated'
      ? `simulator · ${fmtTimeScale(spec.timeScale)}`
      : `${name} · real time`;
  const convergence = spec.convergence && CONVERGENCE_WORDS[spec.convergence];
  return convergence ? `${ran} · ${convergence}` : ran;
}

/** What the card says about where a run is. */
export function statusLine(s: MigrationState): string {
  if (s.status === 'running') {
    const step = s.step ?? 'between steps';
    if (s.outcome) return `rolling back: ${s.outcome.message}`;
    if (s.heldUntil)
      return `ready · switchover held for its window (opens ${fmtInstant(s.heldUntil)})`;
    return `running · ${step}`;
  }
  if (s.status === 'rolled-back')
    return `rolled back before switchover${s.outcome ? `: ${s.outcome.message}` : ''}`;
  if (s.status === 'failed') return `failed${s.outcome ? `: ${s.outcome.message}` : ''}`;
  return s.status;
}

/** For the Execute button's title: what the speed means. */
export const speedHint = (timeScale: number) =>
  timeScale === 1
    ? 'Runs in real time: a copy takes as long as it would'
    : `Simulated time runs ${fmtTimeScale(timeScale)}: a minute of migration passes in ${fmtDuration(60_000 / timeScale)}`;
