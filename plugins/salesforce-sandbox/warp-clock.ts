/**
 * A modelled clock that never waits: each sleep moves modelled time forward by its length at once and
 * resolves on the next turn of the event loop. A request answered while no other one is in flight then
 * takes exactly its modelled time on this clock, in no real time; the waits of requests in flight together
 * add up instead of overlapping. Tests read it as the client's clock too, to time a request the way a
 * client would against an org that answers at the model's pace.
 */
import type { SandboxClock } from './latency-model.js';

export class WarpClock implements SandboxClock {
  readonly frozen = false;
  #now = 0;

  now(): number {
    return this.#now;
  }

  sleep(modelMs: number): Promise<void> {
    if (modelMs > 0) this.#now += modelMs;
    return new Promise((resolve) => setImmediate(resolve));
  }
}
