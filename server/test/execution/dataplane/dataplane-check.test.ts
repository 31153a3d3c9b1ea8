/**
 * The data-plane check on a real migration (root, iproute2, iputils ping and
 * QEMU: scripts/ensure-tools.sh qemu). The assertions are on what was
 * recorded (events, counts, verdicts) with bounds far wider than the
 * figures: other QEMU guests may share the two cores.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evpnPropagationMs } from '../../../src/execution/dataplane/analyse.ts';
import { runDataplaneCheck } from '../../../src/execution/dataplane/check.ts';
import {
  SMALL_ESTATE_MOVE,
  smallDataplaneEstate,
} from '../../../src/execution/dataplane/estate.ts';
import { formatDataplaneCheck } from '../../../src/execution/dataplane/result.ts';
import { BOOT_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../qemu/qemu-fixture.ts';

const run = promisify(execFile);

/** The check's namespaces are vmmi-dp-<pid>-…: none may outlive it, passed or failed. */
async function leftover(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout.split('\n').filter((l) => l.includes(`vmmi-dp-${process.pid}-`));
}

// Below the test's own timeout by the clean-up's bound, so a hang fails as the check's error.
const DEADLINE_MS = TEST_TIMEOUT_MS - 90_000;

const check = (fault?: 'stale-fdb', deadlineMs = DEADLINE_MS) =>
  runDataplaneCheck({
    estate: smallDataplaneEstate(),
    ...SMALL_ESTATE_MOVE,
    bootTimeoutMs: BOOT_TIMEOUT_MS,
    deadlineMs,
    ...(fault ? { fault } : {}),
  });

const order = (events: { what: string; atMs: number }[], ...patterns: RegExp[]) =>
  patterns.map((p) => events.find((e) => p.test(e.what))?.atMs ?? NaN);

describe('the data-plane check', () => {
  it(
    'passes on a real migration: the peer reaches the guest before, loses it only around the switchover, reaches it after',
    async () => {
      const r = await check();
      expect(await leftover()).toEqual([]);
      expect(r.verdict, formatDataplaneCheck(r)).toEqual({ pass: true, failures: [] });
      const m = r.measured;
      expect(m.runStatus).toBe('succeeded');
      expect(m.reachableBefore && m.reachableAfter).toBe(true);
      expect(r.fdbReprogrammed).toBe(true);
      // What happened came in the order a live migration goes through. QEMU sends its first
      // RARP just before it resumes the guest, so the new VTEP may learn the MAC a moment
      // before the RESUME: the announcement is only after the pause.
      const [copy, stop, resume, announced, repointed, ended] = order(
        r.events,
        /copy started/,
        /STOP/,
        /RESUME/,
        /announcement/,
        /repointed/,
        /run ended/,
      );
      expect(copy).toBeLessThanOrEqual(stop!);
      expect(stop).toBeLessThanOrEqual(resume!);
      expect(stop).toBeLessThanOrEqual(announced!);
      expect(Math.max(resume!, announced!)).toBeLessThanOrEqual(repointed!);
      expect(repointed).toBeLessThanOrEqual(ended!);
      // The only gap is the switchover's, and it lies inside the run.
      expect(m.lostAroundSwitchover).toBeGreaterThanOrEqual(0);
      expect(m.during.sent - m.during.answered).toBeGreaterThanOrEqual(m.lostAroundSwitchover!);
      // No request sent after the pause is answered before the peer's VTEP points at the
      // destination, which waits for the announcement plus the preview's BGP propagation
      // (100 ms; timers never fire early, 1 ms for rounding). The preview expects the first
      // answer at its reconvergence time (100 ms); on top come a `bridge` run, a ping interval
      // and a round trip through a TCG guest, each of which a loaded two-core machine can
      // stretch, so the upper bound is the preview's figure plus 10 s: a stale FDB never answers.
      const first = m.firstAnswerAfterSwitchoverMs!;
      expect(first).toBeGreaterThanOrEqual(
        m.announcementSeenMs! + evpnPropagationMs(r.predicted) - 1,
      );
      expect(first).toBeLessThan(r.predicted.reconvergenceMs! + 10_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails, naming it, when the FDBs are not repointed: the preview says reachable after, the peer measures not',
    async () => {
      const r = await check('stale-fdb');
      expect(await leftover()).toEqual([]);
      // On failure, what happened (the executor's reason among the events) is in the message.
      expect(r.measured.runStatus, JSON.stringify(r.events, null, 1)).toBe('succeeded');
      expect(r.fdbReprogrammed).toBe(false);
      expect(r.measured.reachableBefore).toBe(true);
      expect(r.measured.reachableAfter).toBe(false);
      expect(r.measured.firstAnswerAfterSwitchoverMs).toBeNull();
      expect(r.verdict.pass).toBe(false);
      expect(r.verdict.failures).toEqual([
        expect.stringMatching(
          /^after the move: the preview says reachable, the peer measured unreachable/,
        ),
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails at its deadline naming the step it was at, and leaves nothing behind',
    async () => {
      // Three seconds cannot take a TCG guest's boot, so the check is cut short mid-way.
      await expect(check(undefined, 3_000)).rejects.toThrow(
        /^the data-plane check did not end within 3000 ms; its last step: .+/,
      );
      expect(await leftover()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
