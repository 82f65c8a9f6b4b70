import { CancelledError } from '../../../core/index.js';

interface Waiter {
  readonly index: number;
  readonly grant: () => void;
}

/**
 * The pages an Id-range read holds at once: requested from the org or received, until the sink takes
 * them. Before each request a range's stream takes a ticket, given back when the sink takes that page
 * (or when the range ends without it: a page never read, a request that failed). Past the limit,
 * streams wait for a ticket, the range the sink needs soonest first; the range the sink reads (the
 * head), or one before it, never waits: it is what frees the others' tickets.
 */
export class PageBudget {
  readonly #limit: number;
  readonly #waiting: Waiter[] = [];
  #held = 0;
  #peak = 0;
  #head = 0;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Tickets taken and not given back: pages requested or received, not yet taken by the sink. */
  get held(): number {
    return this.#held;
  }

  /** The most tickets held at once. */
  get peak(): number {
    return this.#peak;
  }

  /** The sink now reads range `index`: it, and any stream waiting for it, go ahead. */
  setHead(index: number): void {
    this.#head = index;
    this.#wake();
  }

  /** Waits for a ticket for a page of range `index`. */
  async take(index: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new CancelledError('Salesforce query cancelled');
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        index,
        grant: () => {
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
      const at = this.#waiting.findIndex((w) => w.index > index);
      this.#waiting.splice(at < 0 ? this.#waiting.length : at, 0, waiter);
      this.#wake();
    });
  }

  /** Gives back `count` tickets. */
  give(count = 1): void {
    if (count <= 0) return;
    this.#held -= count;
    this.#wake();
  }

  #wake(): void {
    for (;;) {
      const first = this.#waiting[0];
      if (first === undefined || (this.#held >= this.#limit && first.index > this.#head)) return;
      this.#waiting.shift();
      this.#held += 1;
      this.#peak = Math.max(this.#peak, this.#held);
      first.grant();
    }
  }
}
