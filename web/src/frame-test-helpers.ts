/**
 * Callbacks the browser would run later (animation frames, idle periods),
 * queued so that a test runs them when it says: a test never waits for a frame.
 */
export function callbackQueue<A extends unknown[]>(argsOf: () => A) {
  let queued: ((...args: A) => unknown)[] = [];
  return {
    /** Stands for requestAnimationFrame or requestIdleCallback. */
    request: (cb: (...args: A) => unknown): number => queued.push(cb),
    /** Runs what was queued so far; what those queue runs next time. */
    run: () => {
      const due = queued;
      queued = [];
      for (const cb of due) cb(...argsOf());
    },
    clear: () => {
      queued = [];
    },
  };
}

export const animationFrames = () => callbackQueue<[number]>(() => [performance.now()]);

export const idlePeriods = () =>
  callbackQueue<[IdleDeadline]>(() => [{ didTimeout: false, timeRemaining: () => 50 }]);
