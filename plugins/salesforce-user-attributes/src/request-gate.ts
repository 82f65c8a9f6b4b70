import { CancelledError } from '../../../core/index.js';

interface Waiter {
  readonly priority: number;
  readonly resolve: () => void;
}

/**
 * How many requests the streams of a concurrent read may have in flight: a semaphore whose waiters are
 * served lowest priority number first (the range the sink needs next), and whose limit can be lowered
 * when Salesforce refuses concurrent requests.
 */
export class RequestGate {
  #limit: number;
  #active = 0;
  readonly #waiting: Waiter[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  get limit(): number {
    return this.#limit;
  }

  /** One fewer request at once (never below one); true when the limit went down. */
  lower(): boolean {
    if (this.#limit <= 1) return false;
    this.#limit -= 1;
    return true;
  }

  /** Waits for a turn; the returned function gives it back (call it exactly once). */
  async acquire(priority: number, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw new CancelledError('Salesforce query cancelled');
    if (this.#active < this.#limit && this.#waiting.length === 0) {
      this.#active += 1;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new CancelledError('Salesforce query cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const at = this.#waiting.findIndex((w) => w.priority > priority);
      this.#waiting.splice(at < 0 ? this.#waiting.length : at, 0, waiter);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#wake();
    };
  }

  #wake(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active += 1;
      (this.#waiting.shift() as Waiter).resolve();
    }
  }
}
