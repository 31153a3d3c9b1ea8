/** `vmmi plan` proposals and waves as an operator reads them (docs/planning.md). */
import {
  durationText as duration,
  figureText,
  movesCostText,
  type EvacuationProposal,
  type RebalanceAdvice,
  type WavePlan,
} from '@vmmi/shared';

const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2 });
/** `1 VM`, `2 VMs`. */
const count = (x: number, noun: string) => `${n(x)} ${noun}${x === 1 ? '' : 's'}`;

/** What the proposal empties, in words: `Evacuate host h`, `Drain site s`, `Move 3 VMs`. */
function title(p: EvacuationProposal): string {
  const src = p.request.source;
  if (src.kind === 'host') return `Evacuate host ${src.hostId}`;
  if (src.kind === 'site') return `Drain site ${src.siteId}`;
  return `Move ${count(src.vmIds.length, 'VM')}`;
}

/** Where the VMs go, the traffic's change, each move, each VM not placed and why. */
export function formatProposalText(p: EvacuationProposal): string {
  const s = p.summary;
  const lines = [
    `${title(p)}: ${count(s.vms, 'VM')}, ${n(s.placed)} placed, ${n(s.unplaced)} not placed${
      p.moves.length ? (p.admitted ? ' (admitted together)' : ' (NOT admitted together)') : ''
    }`,
    ...s.bySite.map(
      (b) => `  to ${b.siteId}: ${count(b.vms, 'VM')}, ${n(b.vcpu)} vCPU, ${n(b.memoryGiB)} GiB`,
    ),
    `Their flows (${n(s.flows)}): over the WAN ${n(s.wanMbpsBefore)} → ${n(s.wanMbpsAfter)} Mbit/s; mean latency ${s.meanLatencyMsBefore.toFixed(3)} → ${s.meanLatencyMsAfter.toFixed(3)} ms`,
    `Memory to copy: ${n(s.memoryGiB)} GiB`,
  ];
  if (p.moves.length) {
    lines.push('', 'Moves:');
    for (const m of p.moves)
      lines.push(`  ${m.vmId}  ${m.fromHost} → ${m.toHost}${m.pinned ? '  (pinned)' : ''}`);
  }
  lines.push(...unplacedLines(p));
  return `${lines.join('\n')}\n`;
}

function unplacedLines(p: EvacuationProposal): string[] {
  if (!p.unplaced.length) return [];
  return [
    '',
    'Not placed:',
    ...p.unplaced.map(
      (u) => `  ${u.vmId} on ${u.fromHost}: ${u.reasons.map((r) => r.message).join('; ')}`,
    ),
  ];
}

/** The waves in order: each one's gate, VMs, copy time, WAN use and split flows; the totals first. */
export function formatWavesText(p: EvacuationProposal, w: WavePlan): string {
  const GiB = 2 ** 30;
  const lines = [
    `${title(p)}: ${count(p.moves.length, 'VM')} in ${count(w.waves.length, 'wave')} (${n(p.summary.unplaced)} not placed${w.unplannable.length ? `, ${n(w.unplannable.length)} with no path` : ''})`,
    `Copying ${duration(w.durationSeconds)} in all (gates not counted); worst pause ${n(Math.round(w.worstDowntimeMs))} ms; ${n(Math.round(w.copyWanBytes / GiB))} GiB over the WAN`,
    `Peak over the WAN ${n(Math.round(w.peakWanMbps))} Mbit/s (copies and application traffic); application traffic over the WAN ${n(w.appWanMbpsBefore)} → ${n(w.appWanMbpsAfter)} Mbit/s`,
    '',
  ];
  for (const wave of w.waves) {
    lines.push(
      `Wave ${wave.number} (${wave.gate === 'auto' ? 'starts by itself' : 'waits for approval'}): ${count(wave.vmIds.length, 'VM')}, ${duration(wave.durationSeconds)}, pause ≤ ${n(Math.round(wave.worstDowntimeMs))} ms, copies over the WAN ${n(Math.round(wave.copyWanMbps))} Mbit/s, application WAN ${n(wave.appWanMbpsDuring)} → ${n(wave.appWanMbpsAfter)} Mbit/s, ${count(wave.splitFlows, 'split flow')}`,
      `  ${wave.vmIds.join(', ')}`,
    );
  }
  for (const u of w.unplannable) lines.push(`No path: ${u.vmId}: ${u.reason}`);
  lines.push(...unplacedLines(p));
  return `${lines.join('\n')}\n`;
}

/** The advice: its figures before and after, what the moves cost, each move, the hosts it frees. */
export function formatRebalanceText(a: RebalanceAdvice): string {
  const where = a.request.siteId ?? 'the estate';
  const lines = [
    `Rebalance ${where} (${a.request.objective}): ${count(a.moves.length, 'move')} of at most ${n(a.request.maxMoves)}`,
    ...a.figures.map(
      (f) => `  ${f.name}: ${figureText(f.before, f.unit)} → ${figureText(f.after, f.unit)}`,
    ),
    `Cost of the moves: ${movesCostText(a.cost)}`,
  ];
  if (a.moves.length) {
    lines.push('', 'Moves:');
    for (const m of a.moves) lines.push(`  ${m.vmId}  ${m.fromHost} → ${m.toHost}`);
  }
  if (a.request.objective === 'consolidate')
    lines.push(
      '',
      `Hosts that can be powered off after the moves: ${a.freedHosts.length ? a.freedHosts.join(', ') : 'none'}`,
      `Hosts running no VM already: ${count(a.idleHosts.length, 'host')}`,
    );
  return `${lines.join('\n')}\n`;
}
