import { CancelledError, type Logger, type RunCoordinator, type RunLease, type RunResult, type ScheduledTick } from '../../core/index.js';
import { messageOf } from './run-pool.js';
import type { SchedulerEventListener } from './scheduler-events.js';

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
    await stopped;
  }

  async #handle(tick: ScheduledTick): Promise<void> {
    const { coordinator, logger, emit } = this.#options;
    const { nqlId } = tick;
    const at = tick.scheduledFor.toISOString();
    if (this.#stopping) return void logger.warn(`${nqlId}: tick ${at} dropped: this host is stopping`);
    if (this.#options.knows && !this.#options.knows(nqlId)) {
      return void logger.warn(`${nqlId}: tick ${at} skipped: this host's config has no such connector (every host needs the same config)`);
    }
    const outcome = await coordinator.acquire(nqlId, tick.scheduledFor);
    if (!outcome.lease) {
      const holder = outcome.heldBy;
      const message = `${nqlId}: tick ${at} skipped: the previous run is still going${holder ? ` on ${holder.host} (run ${holder.runId})` : ''}`;
      logger.warn(message);
      return emit({ type: 'skipped', nqlId, reason: 'locked', message });
    }
    const active: ActiveRun = { nqlId, controller: new AbortController() };
    this.#running.add(active);
    logger.info(`${nqlId}: run started for the tick of ${at} (run ${outcome.lease.runId} on ${coordinator.host})`);
    emit({ type: 'started', nqlId });
    try {
      const result = await this.#options.runLeased(nqlId, outcome.lease, active.controller.signal);
      const summary = result ? `${result.status} (${result.processedRows} rows processed)${result.description ? `: ${result.description}` : ''}` : 'done';
      logger[result?.status === 'failure' ? 'warn' : 'info'](`${nqlId}: run ended: ${summary}`);
      emit({ type: 'finished', nqlId, result });
    } catch (error) {
      logger.error(`${nqlId}: run failed: ${messageOf(error)}`);
      emit({ type: 'failed', nqlId, error });
    } finally {
      this.#running.delete(active);
      await outcome.lease.release();
    }
  }
}
