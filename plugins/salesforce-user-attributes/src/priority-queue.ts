import { CancelledError } from 'tributary-kit';

interface Waiter {
  readonly priority: number;
  readonly go: () => void;
}

/**
 * Waiters served lowest priority number first (the range the sink needs soonest), in arrival order
 * among equals; a waiter whose signal aborts leaves the line with a `CancelledError`. The owner decides
 * when the first may go (`first`, `release`).
 */
export class PriorityQueue {
  readonly #waiting: Waiter[] = [];

  /** Joins the line; resolves when released. The waiter is in line when this returns. */
  wait(priority: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new CancelledError('Salesforce query cancelled'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        go: () => {
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
  }

  /** The priority of the first in line, or undefined when nobody waits. */
  get first(): number | undefined {
    return this.#waiting[0]?.priority;
  }

  get length(): number {
    return this.#waiting.length;
  }

  /** Lets the first in line go. */
  release(): void {
    this.#waiting.shift()?.go();
  }
}
