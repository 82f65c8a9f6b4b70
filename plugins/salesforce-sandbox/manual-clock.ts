/**
 * A modelled clock the test advances by hand: the sandbox's latency model then costs no real time.
 */
import type { SandboxClock } from './latency-model.js';

export class ManualClock implements SandboxClock {
  readonly frozen = false;
  #now = 0;
  #sleepers: { readonly at: number; readonly resolve: () => void }[] = [];

  now(): number {
    return this.#now;
  }

  sleep(modelMs: number): Promise<void> {
    if (modelMs <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#sleepers.push({ at: this.#now + modelMs, resolve }));
  }

  /** Sleepers still waiting. */
  get waiting(): number {
    return this.#sleepers.length;
  }

  advance(modelMs: number): void {
    this.#now += modelMs;
    const due = this.#sleepers.filter((s) => s.at <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.at > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }

  /** Advances `stepMs` at a time, letting I/O run in between, until `promise` settles. */
  async runUntil<T>(promise: Promise<T>, stepMs = 50): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => void (settled = true));
    while (!settled) {
      this.advance(stepMs);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return watched;
  }
}
