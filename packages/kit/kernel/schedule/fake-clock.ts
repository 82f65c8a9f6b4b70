import type { CancelTimer, Clock } from './clock.js';

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A clock for tests: time moves only when the test says so. `advanceTo` fires every due timer in
 * time order, setting `now()` to each timer's time first, and lets pending promise callbacks run
 * after each one, so work a timer started has progressed before the next fires.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: FakeTimer[] = [];
  private seq = 0;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimer(at: Date, fn: () => void): CancelTimer {
    const timer: FakeTimer = { at: at.getTime(), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Times of the timers still waiting, earliest first. */
  pending(): Date[] {
    return this.sorted().map((t) => new Date(t.at));
  }

  async advanceTo(target: Date | string): Promise<void> {
    const end = new Date(target).getTime();
    await settle();
    for (let next = this.sorted()[0]; next !== undefined && next.at <= end; next = this.sorted()[0]) {
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await settle();
    }
    this.current = Math.max(this.current, end);
    await settle();
  }

  /** Moves time forward without firing anything, like a machine waking from suspend; due timers fire at the next advance. */
  jump(ms: number): void {
    this.current += ms;
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(new Date(this.current + ms));
  }

  /**
   * Resolves once the clock was advanced `ms` past now; rejects with the signal's reason when it aborts
   * first. Inject it where your code waits (a backoff, a rate-limit pause) to test that without waiting.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const cancel = this.setTimer(new Date(this.current + ms), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        cancel();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private sorted(): FakeTimer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}

/** Lets every queued promise callback (and their follow-ups) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
