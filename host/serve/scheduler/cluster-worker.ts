import {
  CancelledError,
  messageOf,
  type Logger,
  type RunCoordinator,
  type RunLease,
  type RunNowOutcome,
  type RunResult,
  type ScheduledTick,
} from 'tributary-kit';
import type { SchedulerEventListener } from './scheduler-events.js';
import type { ServeControl } from './serve-control.js';

/** Runs one connector under a cluster lease; must stop soon after `signal` aborts. */
export type RunLeased = (nqlId: string, lease: RunLease, signal: AbortSignal) => Promise<RunResult | undefined>;

export interface ClusterWorkerOptions {
  readonly coordinator: RunCoordinator;
  readonly runLeased: RunLeased;
  /** Whether this host's config has the connector (a tick of one it does not know is left alone). */
  readonly knows?: (nqlId: string) => boolean;
  /** Ticks this host runs at once (`maxConcurrentRuns` of the config serve started with). */
  readonly concurrency: number;
  readonly logger: Logger;
  readonly emit: SchedulerEventListener;
}

interface ActiveRun {
  readonly nqlId: string;
  readonly controller: AbortController;
}

/**
 * `serve`'s worker in a cluster: takes ticks off the shared queue and runs each under the
 * connector's lease. A tick whose connector is running anywhere is skipped, as on one machine.
 */
export class ClusterWorker {
  readonly #options: ClusterWorkerOptions;
  readonly #running = new Set<ActiveRun>();
  /** Runs in progress here, scheduled or requested: `stop` waits for them all. */
  readonly #inFlight = new Set<Promise<void>>();
  #stopping = false;

  constructor(options: ClusterWorkerOptions) {
    this.#options = options;
  }

  start(): Promise<void> {
    return this.#options.coordinator.work(this.#options.concurrency, (tick) => this.#handle(tick));
  }

  runningConnectors(): string[] {
    return [...this.#running].map((r) => r.nqlId);
  }

  /** Takes no more ticks, cancels the runs in progress with `reason`, resolves once they ended. */
  async stop(reason: string): Promise<void> {
    this.#stopping = true;
    const stopped = this.#options.coordinator.stopWorking();
    for (const run of this.#running) run.controller.abort(new CancelledError(reason));
    await Promise.all([stopped, ...this.#inFlight]);
  }

  /**
   * What the HTTP API drives in a cluster: the schedule as `scheduler` knows it, the runs in progress
   * here, and "run now" on the path of `tributary run` (the connector's lease, taken here, the run here).
   */
  control(scheduler: ServeControl): ServeControl {
    return {
      scheduled: () => scheduler.scheduled(),
      runningConnectors: () => [...new Set([...scheduler.runningConnectors(), ...this.runningConnectors()])],
      runNow: (nqlId) => this.runNow(nqlId),
    };
  }

  /** Takes the connector's lease and starts its run here; refused while it runs on any host. */
  async runNow(nqlId: string): Promise<RunNowOutcome> {
    if (this.#stopping)
      return { accepted: false, nqlId, reason: 'stopping', message: 'serve is stopping: no new runs' };
    if (this.#options.knows && !this.#options.knows(nqlId))
      return { accepted: false, nqlId, reason: 'unknown', message: `No connector with nqlId "${nqlId}"` };
    const outcome = await this.#options.coordinator.acquire(nqlId);
    if (!outcome.lease) {
      const holder = outcome.heldBy;
      return {
        accepted: false,
        nqlId,
        reason: 'running',
        message: `${nqlId} is already running${holder ? ` on ${holder.host} (run ${holder.runId})` : ''}`,
      };
    }
    this.#options.logger.info(
      `${nqlId}: run requested now (run ${outcome.lease.runId} on ${this.#options.coordinator.host})`,
    );
    void this.#run(nqlId, outcome.lease);
    return { accepted: true, nqlId };
  }

  async #handle(tick: ScheduledTick): Promise<void> {
    const { coordinator, logger, emit } = this.#options;
    const { nqlId } = tick;
    const at = tick.scheduledFor.toISOString();
    if (this.#stopping) return void logger.warn(`${nqlId}: tick ${at} dropped: this host is stopping`);
    if (this.#options.knows && !this.#options.knows(nqlId)) {
      return void logger.warn(
        `${nqlId}: tick ${at} skipped: this host's config has no such connector (every host needs the same config)`,
      );
    }
    const outcome = await coordinator.acquire(nqlId, tick.scheduledFor);
    if (!outcome.lease) {
      const holder = outcome.heldBy;
      const message = `${nqlId}: tick ${at} skipped: the previous run is still going${holder ? ` on ${holder.host} (run ${holder.runId})` : ''}`;
      logger.warn(message);
      return emit({ type: 'skipped', nqlId, reason: 'locked', message });
    }
    logger.info(`${nqlId}: run started for the tick of ${at} (run ${outcome.lease.runId} on ${coordinator.host})`);
    await this.#run(nqlId, outcome.lease);
  }

  /** One run under its lease, cancelled by `stop`; the lease is released when it ends. */
  async #run(nqlId: string, lease: RunLease): Promise<void> {
    const active: ActiveRun = { nqlId, controller: new AbortController() };
    this.#running.add(active);
    const done = this.#runLeased(nqlId, lease, active);
    this.#inFlight.add(done);
    try {
      await done;
    } finally {
      this.#inFlight.delete(done);
    }
  }

  async #runLeased(nqlId: string, lease: RunLease, active: ActiveRun): Promise<void> {
    const { logger, emit } = this.#options;
    emit({ type: 'started', nqlId, ...(lease.scheduledFor ? { due: lease.scheduledFor } : {}) });
    try {
      const result = await this.#options.runLeased(nqlId, lease, active.controller.signal);
      const summary = result
        ? `${result.status} (${result.processedRows} rows processed)${result.description ? `: ${result.description}` : ''}`
        : 'done';
      logger[result?.status === 'failure' ? 'warn' : 'info'](`${nqlId}: run ended: ${summary}`);
      emit({ type: 'finished', nqlId, result });
    } catch (error) {
      logger.error(`${nqlId}: run failed: ${messageOf(error)}`);
      emit({ type: 'failed', nqlId, error });
    } finally {
      this.#running.delete(active);
      await lease.release();
    }
  }
}
