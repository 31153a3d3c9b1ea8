/**
 * The data-plane check's record: what the impact preview claimed for a move
 * (downtime, announcement and reconvergence timing, whether the peer reaches
 * the VM before and after), what the peer's pings measured around the real
 * migration, and the verdict. Typed, so the server can store and show it.
 */
import { z } from 'zod';

const Ms = z.number();

export const ReachabilityWindowSchema = z.object({
  /** Echo requests sent in the window, and how many were answered. */
  sent: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
});
export type ReachabilityWindow = z.infer<typeof ReachabilityWindowSchema>;

export const DataplanePredictionSchema = z.object({
  strategy: z.string(),
  /** The flow between the VM and its peer has a path both ways before (after) the move, over IPv4. */
  reachableBefore: z.boolean(),
  reachableAfter: z.boolean(),
  /** The VM's pause at switchover: the preview's migration estimate. */
  downtimeMs: Ms.nullable(),
  /** When the VM's announcements (GARP) leave, ms after the switchover. */
  announcementsMs: z.array(Ms),
  /** When the EVPN type-2 route is expected at the other VTEPs, ms after the switchover. */
  evpnMs: Ms.nullable(),
  /** The plan's switch-network step: time until peers reach the VM at its new place. */
  reconvergenceMs: Ms.nullable(),
  /** Downtime plus reconvergence: how long peers should go unanswered. */
  interruptionMs: Ms.nullable(),
});
export type DataplanePrediction = z.infer<typeof DataplanePredictionSchema>;

export const DataplaneMeasurementSchema = z.object({
  /** How the executed run ended (succeeded, rolled-back, failed). */
  runStatus: z.string(),
  /** The mean time between two requests: ping falls behind its interval on a busy machine. */
  meanIntervalMs: Ms.nullable(),
  before: ReachabilityWindowSchema,
  /** From the start of the copy to the end of the run. */
  during: ReachabilityWindowSchema,
  after: ReachabilityWindowSchema,
  reachableBefore: z.boolean(),
  reachableAfter: z.boolean(),
  /**
   * Unanswered requests between the last answered one sent before the source
   * paused and the first answered one after (or the end, if none was).
   */
  lostAroundSwitchover: z.number().int().nonnegative().nullable(),
  /** From the departure of the last answered request before the gap to that of the first after it. */
  outageMs: Ms.nullable(),
  /** QEMU's own downtime figure (query-migrate). */
  qemuDowntimeMs: Ms.nullable(),
  /** The source's STOP to the destination's RESUME (QMP event times). */
  pauseMs: Ms.nullable(),
  /** The destination's RESUME (the switchover) to the first answer from the destination. */
  firstAnswerAfterSwitchoverMs: Ms.nullable(),
  /** The switchover to the destination VTEP's bridge learning the VM's MAC from its announcement. */
  announcementSeenMs: Ms.nullable(),
  /** The switchover to the other VTEPs' FDB repointed (the emulated EVPN route installed). */
  fdbProgrammedMs: Ms.nullable(),
});
export type DataplaneMeasurement = z.infer<typeof DataplaneMeasurementSchema>;

export const DataplaneEventSchema = z.object({
  /** ms since the check's first probe. */
  atMs: Ms,
  what: z.string(),
});

export const DataplaneCheckResultSchema = z.object({
  estateId: z.string(),
  vmId: z.string(),
  peerVmId: z.string(),
  fromHost: z.string(),
  toHost: z.string(),
  vni: z.number().int(),
  guestIp: z.string(),
  peerIp: z.string(),
  intervalMs: Ms,
  /** False when the check ran with the FDB left as it was (a fault, to prove the check fails). */
  fdbReprogrammed: z.boolean(),
  predicted: DataplanePredictionSchema,
  measured: DataplaneMeasurementSchema,
  events: z.array(DataplaneEventSchema),
  verdict: z.object({
    pass: z.boolean(),
    /** Each difference between what the preview claimed and what was measured, in words. */
    failures: z.array(z.string()),
  }),
});
export type DataplaneCheckResult = z.infer<typeof DataplaneCheckResultSchema>;

const fmt = (v: number | null | undefined, unit = 'ms') =>
  v === null || v === undefined ? '—' : `${Math.round(v * 10) / 10} ${unit}`;
const yes = (b: boolean) => (b ? 'yes' : 'no');
const window = (w: ReachabilityWindow) => `${w.answered}/${w.sent} answered`;

/** The check as a table, predicted beside measured, for a person. */
export function formatDataplaneCheck(r: DataplaneCheckResult): string {
  const p = r.predicted;
  const m = r.measured;
  const rows: [string, string, string][] = [
    ['reachable before', yes(p.reachableBefore), `${yes(m.reachableBefore)} (${window(m.before)})`],
    [
      'during the migration',
      '—',
      `${m.during.sent - m.during.answered} lost (${window(m.during)})`,
    ],
    [
      'lost around switchover',
      '—',
      m.lostAroundSwitchover === null ? '—' : `${m.lostAroundSwitchover} probes`,
    ],
    [
      'downtime (VM paused)',
      fmt(p.downtimeMs),
      `${fmt(m.pauseMs)} (QEMU says ${fmt(m.qemuDowntimeMs)})`,
    ],
    [
      'first announcement',
      fmt(p.announcementsMs[0]),
      `${fmt(m.announcementSeenMs)} (seen at the new VTEP)`,
    ],
    ['EVPN route installed', fmt(p.evpnMs), r.fdbReprogrammed ? fmt(m.fdbProgrammedMs) : 'never'],
    ['first answer after switchover', fmt(p.reconvergenceMs), fmt(m.firstAnswerAfterSwitchoverMs)],
    ['interruption seen by the peer', fmt(p.interruptionMs), fmt(m.outageMs)],
    ['reachable after', yes(p.reachableAfter), `${yes(m.reachableAfter)} (${window(m.after)})`],
  ];
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((row) => row[i]!.length), ['', 'predicted', 'measured'][i]!.length),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `data-plane check: ${r.vmId} ${r.fromHost} → ${r.toHost} (${p.strategy}, VNI ${r.vni}); ` +
      `${r.peerVmId} (${r.peerIp}) pings ${r.guestIp} every ${r.intervalMs} ms ` +
      `(${fmt(m.meanIntervalMs)} measured); run ${m.runStatus}`,
    line(['', 'predicted', 'measured']),
    ...rows.map(line),
    r.verdict.pass ? 'PASS' : `FAIL: ${r.verdict.failures.join('; ')}`,
  ].join('\n');
}
