import type { RunNowOutcome } from 'tributary-kit';

/** One scheduled connector as `serve` sees it. */
export interface ScheduledConnector {
  readonly nqlId: string;
  /** The schedule in words; absent when `serve` does not run it. */
  readonly schedule?: string;
  readonly nextRunAt?: Date;
  /** How late its newest scheduled run started after its due time, in seconds. */
  readonly lagSeconds?: number;
  /** Its schedule's most recent due time before now (what `late` is judged against). */
  readonly previousDueAt?: Date | undefined;
}

/**
 * What the HTTP API needs of whatever runs the connectors in `serve`: the single-machine
 * {@link Scheduler}, or a cluster's coordinator, which supplies its own `runNow` (taking the same path
 * as `tributary run` there). See docs/operations.md.
 */
export interface ServeControl {
  scheduled(): ScheduledConnector[];
  runningConnectors(): string[];
  /**
   * Starts a run now, as a due tick would (under the run lock; in a cluster under the connector's
   * lease, on this host, as `tributary run` does); refused while that connector runs anywhere.
   */
  runNow(nqlId: string): RunNowOutcome | Promise<RunNowOutcome>;
}
