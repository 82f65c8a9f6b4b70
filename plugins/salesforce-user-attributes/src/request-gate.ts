import { CancelledError } from 'tributary-kit';
import { PriorityQueue } from './priority-queue.js';

/**
 * How many requests the streams of a concurrent read may have in flight: a semaphore whose waiters are
 * served lowest priority number first (the range the sink needs next), and whose limit can be lowered
 * when Salesforce refuses concurrent requests.
 */
export class RequestGate {
  #limit: number;
  #active = 0;
  readonly #waiting = new PriorityQueue();

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
    await this.#waiting.wait(priority, signal);
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
      this.#waiting.release();
    }
  }
}
