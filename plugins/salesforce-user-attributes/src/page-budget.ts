import { PriorityQueue } from './priority-queue.js';

/**
 * The pages an Id-range read holds at once: requested from the org or received, until the sink takes
 * them. Before each request a range's stream takes a ticket, given back when the sink takes that page
 * (or when the range ends without it: a page never read, a request that failed). Past the limit,
 * streams wait for a ticket, the range the sink needs soonest first; the range the sink reads (the
 * head), or one before it, never waits: it is what frees the others' tickets.
 */
export class PageBudget {
  readonly #limit: number;
  readonly #waiting = new PriorityQueue();
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
    const turn = this.#waiting.wait(index, signal);
    this.#wake();
    await turn;
  }

  /** Gives back `count` tickets. */
  give(count = 1): void {
    if (count <= 0) return;
    this.#held -= count;
    this.#wake();
  }

  #wake(): void {
    for (;;) {
      const first = this.#waiting.first;
      if (first === undefined || (this.#held >= this.#limit && first > this.#head)) return;
      this.#held += 1;
      this.#peak = Math.max(this.#peak, this.#held);
      this.#waiting.release();
    }
  }
}
