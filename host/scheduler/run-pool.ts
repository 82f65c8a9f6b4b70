import { CancelledError, type Logger, type RunResult } from '../../core/index.js';
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
  private queue: string[] = [];
  /** The tick each queued connector waits to run for. */
  private readonly dueOf = new Map<string, Date>();
  private maxConcurrentRuns: number;
  private closed = false;

  constructor(private readonly options: RunPoolOptions) {
    this.maxConcurrentRuns = clampLimit(options.maxConcurrentRuns);
  }

  /** A run of `nqlId` is due: start it, queue it, or skip it if one is already running or queued. */
  submit(nqlId: string, due?: Date): void {
    if (this.closed) return;
    if (this.running.has(nqlId) || this.queue.includes(nqlId)) {
      return this.skip(nqlId, 'overlap', `${nqlId}: run skipped: the previous run is still going`);
    }
    if (this.running.size < this.maxConcurrentRuns) return this.launch(nqlId, due);
    this.queue.push(nqlId);
    if (due) this.dueOf.set(nqlId, due);
    this.options.logger.info(`${nqlId}: run queued: ${this.running.size} runs in progress (maxConcurrentRuns ${this.maxConcurrentRuns})`);
    this.options.emit({ type: 'queued', nqlId, running: this.running.size });
  }

  /** Forgets a queued run (its connector left the config); a run in progress goes on. */
  dequeue(nqlId: string): void {
    this.queue = this.queue.filter((q) => q !== nqlId);
    this.dueOf.delete(nqlId);
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
    if (this.queue.length > 0) logger.info(`Queued runs dropped: ${this.queue.join(', ')}`);
    this.queue = [];
    this.dueOf.clear();
    if (this.running.size > 0) logger.info(`Cancelling runs in progress: ${this.runningConnectors().join(', ')}`);
    for (const run of this.running.values()) run.controller.abort(new CancelledError(reason));
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private launch(nqlId: string, due?: Date): void {
    const { lock, logger, emit, runConnector } = this.options;
    let release: (() => void) | undefined;
    try {
      release = lock.acquire(nqlId);
    } catch (error) {
      return this.skip(nqlId, 'lock-error', `${nqlId}: run skipped: the run lock could not be taken: ${messageOf(error)}`);
    }
    if (release === undefined) {
      const holder = lock.holder(nqlId);
      const by = holder ? ` (pid ${holder.pid} on ${holder.host} since ${holder.startedAt})` : '';
      return this.skip(nqlId, 'locked', `${nqlId}: run skipped: another process is running it${by}`);
    }
    const controller = new AbortController();
    logger.info(`${nqlId}: run started`);
    emit({ type: 'started', nqlId });
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
  }

  private finished(nqlId: string, result: RunResult | undefined): void {
    const summary = result ? `${result.status} (${result.processedRows} rows processed)${result.description ? `: ${result.description}` : ''}` : 'done';
    this.options.logger[result?.status === 'failure' ? 'warn' : 'info'](`${nqlId}: run ended: ${summary}`);
    this.options.emit({ type: 'finished', nqlId, result });
  }

  private drain(): void {
    while (!this.closed && this.running.size < this.maxConcurrentRuns && this.queue.length > 0) {
      const nqlId = this.queue.shift() as string;
      const due = this.dueOf.get(nqlId);
      this.dueOf.delete(nqlId);
      this.launch(nqlId, due);
    }
  }

  private skip(nqlId: string, reason: SkipReason, message: string): void {
    this.options.logger.warn(message);
    this.options.emit({ type: 'skipped', nqlId, reason, message });
  }
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
