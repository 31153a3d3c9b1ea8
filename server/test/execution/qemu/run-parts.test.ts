/**
 * When the QEMU executor calls a copy non-convergent (roundStalled), on
 * rounds made up by hand: QEMU's passes over a working set dirtied faster
 * than it is sent each send the whole working set again.
 */
import { describe, expect, it } from 'vitest';
import {
  DESTINATION_LOAD_MS,
  destinationRunning,
  roundStalled,
} from '../../../src/execution/qemu/run-parts.ts';

const MiB = 2 ** 20;

describe('roundStalled', () => {
  it('without auto-converge: a round that sends at least 97 % of the one before did not shrink', () => {
    // Round 0 sent the whole guest (96 MiB), round 1 its 32 MiB working set, round 2 the same again.
    expect(roundStalled('none', 30, { round: 1, throttle: 0 }, 32 * MiB, 96 * MiB)).toBe(false);
    expect(roundStalled('none', 30, { round: 2, throttle: 0 }, 32 * MiB, 32 * MiB)).toBe(true);
    expect(roundStalled('post-copy', 30, { round: 2, throttle: 0 }, 31.1 * MiB, 32 * MiB)).toBe(
      true,
    );
    // 30 MiB after 32 MiB is 94 %: still shrinking.
    expect(roundStalled('none', 30, { round: 2, throttle: 0 }, 30 * MiB, 32 * MiB)).toBe(false);
  });

  it('the first round is never compared: it has no round before it', () => {
    expect(roundStalled('none', 30, { round: 0, throttle: 0 }, 96 * MiB, Infinity)).toBe(false);
  });

  it('gives up at the last round it may take, shrinking or not', () => {
    expect(roundStalled('none', 30, { round: 28, throttle: 0 }, 1 * MiB, 2 * MiB)).toBe(false);
    expect(roundStalled('none', 30, { round: 29, throttle: 0 }, 1 * MiB, 2 * MiB)).toBe(true);
  });

  it('under auto-converge only a guest throttled as far as QEMU goes (99 %) counts', () => {
    expect(roundStalled('auto-converge', 30, { round: 5, throttle: 0.9 }, 32 * MiB, 32 * MiB)).toBe(
      false,
    );
    expect(
      roundStalled('auto-converge', 30, { round: 5, throttle: 0.99 }, 32 * MiB, 32 * MiB),
    ).toBe(true);
  });
});

describe('destinationRunning', () => {
  it('the move is done when the destination runs the guest', () => {
    expect(destinationRunning('running', 0)).toBe(true);
  });

  it('still inmigrate after the source has sent everything: it loads the last of it, so wait, for a while', () => {
    expect(destinationRunning('inmigrate', 0)).toBe(false);
    expect(destinationRunning('inmigrate', DESTINATION_LOAD_MS - 1)).toBe(false);
    expect(destinationRunning('inmigrate', DESTINATION_LOAD_MS)).toBe(
      'the destination is inmigrate 30 s after the migration, not running',
    );
  });

  it('any other state is a failed move at once (QEMU run states: paused, postmigrate, internal-error…)', () => {
    expect(destinationRunning('paused', 0)).toBe(
      'the destination is paused after the migration, not running',
    );
    expect(destinationRunning('internal-error', 5)).toBe(
      'the destination is internal-error after the migration, not running',
    );
  });
});
