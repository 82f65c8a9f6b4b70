/** Cancels a timer; calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

/** Time as the scheduler sees it: injected so tests run on a fake clock, without sleeping. */
export interface Clock {
  now(): Date;
  /** Calls `fn` once, at `at` or as soon as possible after it (immediately if `at` is past). */
  setTimer(at: Date, fn: () => void): CancelTimer;
}

/**
 * Longest single wait. Waking up every minute to re-read the wall clock keeps the firing time right
 * after a machine suspend or a clock adjustment, and stays below setTimeout's 24.8-day limit.
 */
const MAX_WAIT_MS = 60_000;

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => new Date(),
  setTimer(at: Date, fn: () => void): CancelTimer {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const wait = (): void => {
      const remaining = at.getTime() - Date.now();
      if (remaining <= 0) {
        handle = undefined;
        fn();
        return;
      }
      handle = setTimeout(wait, Math.min(remaining, MAX_WAIT_MS));
    };
    handle = setTimeout(wait, Math.max(0, Math.min(at.getTime() - Date.now(), MAX_WAIT_MS)));
    return () => {
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    };
  },
});
