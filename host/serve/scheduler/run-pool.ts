import { CancelledError, messageOf, type Logger, type RunResult } from 'tributary-kit';
import type { RunLock } from './run-lock.js';
import type { SchedulerEventListener, SkipReason } from './scheduler-events.js';

/**
 * Runs one connector now; must stop soon after `signal` aborts (its reason is a CancelledError).
 * `scheduledFor` is the schedule tick it runs for.
 */
export type RunConnector = (nqlId: string, signal: AbortSignal, scheduledFor?: Date) => Promise<RunResult | undefined>;

export interface RunPoolOptions {
  readonly runConnector: RunConnector;
  readonly lock: RunLock;
  readonly maxConcurrentRuns: number;
  readonly logger: Logger;
  readonly emit: SchedulerEventListener;
}

/** What `submit` did with a run. */
export type SubmitOutcome =
  | { readonly submitted: true; readonly queued: boolean }
  | { readonly submitted: false; readonly reason: SkipReason | 'closed'; readonly message: string };

/** A run waiting for a slot, with the time it was due (scheduled ticks). */
interface Due {
  readonly nqlId: string;
  readonly due?: Date | undefined;
}

interface ActiveRun {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/**
 * The runs due now: at most one per connector (a connector running or queued is skipped, with a
 * warning), at most `maxConcurrentRuns` at once (the rest wait in order), each under its run lock.
 */
export class RunPool {
  private readonly running = new Map<string, ActiveRun>();
  private queue: Due[] = [];
  private maxConcurrentRuns: number;
  private closed = false;

  constructor(private readonly options: RunPoolOptions) {
    this.maxConcurrentRuns = clampLimit(options.maxConcurrentRuns);
  }

  /**
   * A run of `nqlId` is due (at `due`, for a scheduled tick): start it, queue it, or skip it if one is
   * already running or queued. Says which it did; a skip is also logged and emitted.
   */
  submit(nqlId: string, due?: Date): SubmitOutcome {
    if (this.closed) return { submitted: false, reason: 'closed', message: `${nqlId}: not run: serve is stopping` };
    if (this.isBusy(nqlId)) {
      return this.skip(nqlId, 'overlap', `${nqlId}: run skipped: the previous run is still going`);
    }
    if (this.running.size < this.maxConcurrentRuns) return this.launch({ nqlId, due });
    this.queue.push({ nqlId, due });
    this.options.logger.info(
      `${nqlId}: run queued: ${this.running.size} runs in progress (maxConcurrentRuns ${this.maxConcurrentRuns})`,
    );
    this.options.emit({ type: 'queued', nqlId, running: this.running.size });
    return { submitted: true, queued: true };
  }

  /** A run of `nqlId` is in progress or waiting in the queue. */
  isBusy(nqlId: string): boolean {
    return this.running.has(nqlId) || this.queue.some((q) => q.nqlId === nqlId);
  }

  /** Forgets a queued run (its connector left the config); a run in progress goes on. */
  dequeue(nqlId: string): void {
    this.queue = this.queue.filter((q) => q.nqlId !== nqlId);
  }

  setMaxConcurrentRuns(limit: number): void {
    this.maxConcurrentRuns = clampLimit(limit);
    this.drain();
  }

  runningConnectors(): string[] {
    return [...this.running.keys()];
  }

  /** Drops the queue, aborts every run in progress with `reason`, resolves once they all ended. */
  async close(reason: string): Promise<void> {
    this.closed = true;
    const { logger } = this.options;
    if (this.queue.length > 0) logger.info(`Queued runs dropped: ${this.queue.map((q) => q.nqlId).join(', ')}`);
    this.queue = [];
    if (this.running.size > 0) logger.info(`Cancelling runs in progress: ${this.runningConnectors().join(', ')}`);
    for (const run of this.running.values()) run.controller.abort(new CancelledError(reason));
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private launch({ nqlId, due }: Due): SubmitOutcome {
    const { lock, logger, emit, runConnector } = this.options;
    let release: (() => void) | undefined;
    try {
      release = lock.acquire(nqlId);
    } catch (error) {
      return this.skip(
        nqlId,
        'lock-error',
        `${nqlId}: run skipped: the run lock could not be taken: ${messageOf(error)}`,
      );
    }
    if (release === undefined) {
      const holder = lock.holder(nqlId);
      const by = holder ? ` (pid ${holder.pid} on ${holder.host} since ${holder.startedAt})` : '';
      return this.skip(nqlId, 'locked', `${nqlId}: run skipped: another process is running it${by}`);
    }
    const controller = new AbortController();
    logger.info(`${nqlId}: run started`);
    emit({ type: 'started', nqlId, ...(due ? { due } : {}) });
    const done = Promise.resolve()
      .then(() => runConnector(nqlId, controller.signal, due))
      .then(
        (result) => this.finished(nqlId, result),
        (error: unknown) => {
          logger.error(`${nqlId}: run failed: ${messageOf(error)}`);
          emit({ type: 'failed', nqlId, error });
        },
      )
      .finally(() => {
        release();
        this.running.delete(nqlId);
        this.drain();
      });
    this.running.set(nqlId, { controller, done });
    return { submitted: true, queued: false };
  }

  private finished(nqlId: string, result: RunResult | undefined): void {
    const summary = result
      ? `${result.status} (${result.processedRows} rows processed)${result.description ? `: ${result.description}` : ''}`
      : 'done';
    this.options.logger[result?.status === 'failure' ? 'warn' : 'info'](`${nqlId}: run ended: ${summary}`);
    this.options.emit({ type: 'finished', nqlId, result });
  }

  private drain(): void {
    while (!this.closed && this.running.size < this.maxConcurrentRuns && this.queue.length > 0) {
      this.launch(this.queue.shift() as Due);
    }
  }

  private skip(nqlId: string, reason: SkipReason, message: string): SubmitOutcome {
    this.options.logger.warn(message);
    this.options.emit({ type: 'skipped', nqlId, reason, message });
    return { submitted: false, reason, message };
  }
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
}
