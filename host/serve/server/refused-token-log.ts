import type { Logger } from 'tributary-kit';
import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';

/** At most one line per remote address this often. */
const REFUSED_TOKEN_LOG_INTERVAL_MS = 60_000;
/** Addresses remembered at most (a flood of addresses cannot grow the memory). */
const MAX_ADDRESSES = 1_000;

interface Seen {
  /** When its last line was logged. */
  readonly at: number;
  /** Refusals since, not logged. */
  suppressed: number;
}

/**
 * Warns about requests refused for a wrong token: at most one line per remote address every
 * `intervalMs`, which also says how many refusals from that address were not logged since its previous
 * line. A line names the address and the route, never the token presented.
 */
export class RefusedTokenLog {
  readonly #seen = new Map<string, Seen>();
  readonly #logger: Logger;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #intervalMs: number;

  constructor(logger: Logger, clock: Pick<Clock, 'now'>, intervalMs = REFUSED_TOKEN_LOG_INTERVAL_MS) {
    this.#logger = logger;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  /** A request from `address` to `route` (`GET /api/runs`) carried a wrong token. */
  refused(address: string, route: string): void {
    const now = this.#clock.now().getTime();
    const seen = this.#seen.get(address);
    if (seen && now - seen.at < this.#intervalMs) {
      seen.suppressed++;
      return;
    }
    this.#seen.delete(address); // re-inserted: the map stays in the order lines were logged
    if (this.#seen.size >= MAX_ADDRESSES) this.#forget(now);
    this.#seen.set(address, { at: now, suppressed: 0 });
    const more = seen?.suppressed
      ? `; ${seen.suppressed} more refused from this address since ${new Date(seen.at).toISOString()}`
      : '';
    this.#logger.warn(`HTTP: refused a wrong token from ${address} (${route})${more}`);
  }

  /** Forgets the addresses whose interval has passed, or else the one logged longest ago. */
  #forget(now: number): void {
    for (const [address, seen] of this.#seen) if (now - seen.at >= this.#intervalMs) this.#seen.delete(address);
    if (this.#seen.size >= MAX_ADDRESSES) this.#seen.delete(this.#seen.keys().next().value!);
  }
}
