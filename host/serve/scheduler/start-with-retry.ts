import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';

/** The first wait after a failed start; each further failure doubles it, up to {@link MAX_RETRY_MS}. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** The wait after the `failures`-th failure in a row: 1 s, 2 s, 4 s … 30 s. */
function retryDelayMs(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

export interface StartWithRetryOptions {
  readonly clock: Clock;
  /** Aborted: stop trying (an attempt in progress still ends first). */
  readonly signal: AbortSignal;
  /** Told each failure, with the wait before the next attempt. */
  readonly onFailure: (error: unknown, retryInMs: number) => void;
}

/**
 * Calls `start` until it resolves, waiting {@link retryDelayMs} after each failure. Resolves once it
 * started, or once `signal` aborted (the caller tells which from the signal).
 */
export async function startWithRetry(start: () => Promise<void>, options: StartWithRetryOptions): Promise<void> {
  for (let failures = 1; !options.signal.aborted; failures++) {
    try {
      await start();
      return;
    } catch (error) {
      if (options.signal.aborted) return;
      const retryInMs = retryDelayMs(failures);
      options.onFailure(error, retryInMs);
      if (!(await pause(options.clock, retryInMs, options.signal))) return;
    }
  }
}

/** True after `ms`; false as soon as `signal` aborts. */
function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      cancel();
      resolve(false);
    };
    const cancel = clock.setTimer(new Date(clock.now().getTime() + ms), () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
