import { CancelledError } from 'tributary-kit';

export interface BoundedPoolOptions {
  /** Tasks running at once. */
  readonly concurrency: number;
  /** Tasks waiting for a slot; one more is refused. */
  readonly queue: number;
  /** What a refused task throws. */
  readonly refusal: () => Error;
}

/**
 * Runs at most `concurrency` tasks at once; up to `queue` more wait, in order, for a slot; any more are
 * refused at once (they throw `refusal()`). A waiting task whose signal aborts leaves the queue and
 * throws a CancelledError; a running task gets the signal to stop itself.
 */
export class BoundedPool {
  readonly #options: BoundedPoolOptions;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: BoundedPoolOptions) {
    this.#options = options;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new CancelledError('The request was cancelled before it started');
    if (this.#running < this.#options.concurrency) this.#running++;
    else await this.#slot(signal);
    try {
      return await task();
    } finally {
      // The slot goes to the first waiting task, or is given back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  /** Resolves once a finishing task hands its slot over. */
  #slot(signal: AbortSignal | undefined): Promise<void> {
    if (this.#waiting.length >= this.#options.queue) return Promise.reject(this.#options.refusal());
    return new Promise<void>((resolve, reject) => {
      const abort = (): void => {
        this.#waiting.splice(this.#waiting.indexOf(take), 1);
        reject(new CancelledError('The request was cancelled while it waited for a slot'));
      };
      const take = (): void => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      this.#waiting.push(take);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}
