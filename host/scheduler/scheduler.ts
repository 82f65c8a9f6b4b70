import { CancelledError, silentLogger, type ConnectorConfig, type Logger, type RunResult } from '../../core/index.js';
import { systemClock, type CancelTimer, type Clock } from './clock.js';
import { formatInZone } from './format-in-zone.js';
import type { RunLock } from './run-lock.js';
import { ScheduleEvaluator } from './schedule-evaluator.js';
import type { SchedulerEvent, SchedulerEventListener, SkipReason } from './scheduler-events.js';

/** Runs one connector now; must stop soon after `signal` aborts (its reason is a CancelledError). */
export type RunConnector = (nqlId: string, signal: AbortSignal) => Promise<RunResult | undefined>;

export interface SchedulerOptions {
  readonly connectors: readonly ConnectorConfig[];
  readonly runConnector: RunConnector;
  readonly lock: RunLock;
  readonly maxConcurrentRuns: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly onEvent?: SchedulerEventListener;
}

interface Entry {
  readonly key: string;
  readonly evaluator: ScheduleEvaluator;
  nextAt: Date | undefined;
  cancel: CancelTimer;
}

interface ActiveRun {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export const SHUTDOWN_REASON = 'Cancelled by shutdown';

/**
 * Runs every scheduled connector at its times: never two runs of one connector at once (a tick that
 * finds the previous run going is skipped with a warning), at most `maxConcurrentRuns` runs overall
 * (due runs beyond that wait in a queue), and the run lock guards against other processes.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, ActiveRun>();
  private queue: string[] = [];
  private connectors: readonly ConnectorConfig[];
  private maxConcurrentRuns: number;
  private state: 'new' | 'started' | 'stopping' = 'new';
  private stopping: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: SchedulerOptions) {
    this.connectors = options.connectors;
    this.maxConcurrentRuns = Math.max(1, Math.floor(options.maxConcurrentRuns));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** Schedules every connector and reports the next run time of each. */
  start(): void {
    if (this.state !== 'new') return;
    this.state = 'started';
    this.apply(this.connectors);
  }

  /** Applies a new config: changed schedules are re-armed, removed connectors unscheduled; runs in progress go on. */
  reload(connectors: readonly ConnectorConfig[], options: { readonly maxConcurrentRuns?: number } = {}): void {
    if (this.state === 'stopping') return;
    this.connectors = connectors;
    if (options.maxConcurrentRuns !== undefined) this.maxConcurrentRuns = Math.max(1, Math.floor(options.maxConcurrentRuns));
    if (this.state !== 'started') return;
    this.apply(connectors);
    this.drain();
  }

  /** No new runs; runs in progress are aborted with `Cancelled by shutdown`; resolves once they ended. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** Connectors with a run in progress. */
  runningConnectors(): string[] {
    return [...this.running.keys()];
  }

  /** The next run time of every scheduled connector. */
  nextRuns(): { nqlId: string; at: Date }[] {
    return [...this.entries].flatMap(([nqlId, e]) => (e.nextAt ? [{ nqlId, at: e.nextAt }] : []));
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping';
    for (const entry of this.entries.values()) entry.cancel();
    this.entries.clear();
    if (this.queue.length > 0) this.logger.info(`Shutdown: queued runs dropped: ${this.queue.join(', ')}`);
    this.queue = [];
    if (this.running.size > 0) this.logger.info(`Shutdown: cancelling runs in progress: ${this.runningConnectors().join(', ')}`);
    for (const run of this.running.values()) run.controller.abort(new CancelledError(SHUTDOWN_REASON));
    await Promise.all([...this.running.values()].map((r) => r.done));
    this.emit({ type: 'stopped' });
  }

  private apply(connectors: readonly ConnectorConfig[]): void {
    const seen = new Set<string>();
    for (const connector of connectors) {
      seen.add(connector.nqlId);
      this.schedule(connector);
    }
    for (const [nqlId, entry] of this.entries) {
      if (seen.has(nqlId)) continue;
      entry.cancel();
      this.entries.delete(nqlId);
      this.queue = this.queue.filter((q) => q !== nqlId);
      this.unscheduled(nqlId, 'no longer in the config');
    }
  }

  private schedule(connector: ConnectorConfig): void {
    const { nqlId, schedule } = connector;
    const previous = this.entries.get(nqlId);
    const key = JSON.stringify(schedule ?? null);
    if (previous?.key === key) return this.announce(nqlId, previous);
    previous?.cancel();
    this.entries.delete(nqlId);
    if (schedule === undefined) return this.unscheduled(nqlId, 'no schedule: serve does not run it (use `tributary run`)');
    let evaluator: ScheduleEvaluator;
    try {
      evaluator = ScheduleEvaluator.compile(schedule, nqlId, this.clock.now());
    } catch (error) {
      return this.unscheduled(nqlId, error instanceof Error ? error.message : String(error), 'error');
    }
    const entry: Entry = { key, evaluator, nextAt: undefined, cancel: () => undefined };
    this.entries.set(nqlId, entry);
    this.arm(nqlId, entry, this.clock.now());
    this.announce(nqlId, entry);
  }

  private arm(nqlId: string, entry: Entry, after: Date): void {
    const at = entry.evaluator.next(after);
    entry.nextAt = at;
    entry.cancel = at === undefined ? () => undefined : this.clock.setTimer(at, () => this.tick(nqlId, entry, at));
  }

  private announce(nqlId: string, entry: Entry): void {
    const { nextAt, evaluator } = entry;
    if (nextAt === undefined) return this.unscheduled(nqlId, `${evaluator.description} has no run left`);
    this.logger.info(`${nqlId}: next run ${formatInZone(nextAt, evaluator.timezone)} (${evaluator.description})`);
    this.emit({ type: 'scheduled', nqlId, at: nextAt, description: evaluator.description });
  }

  private unscheduled(nqlId: string, reason: string, level: 'info' | 'error' = 'info'): void {
    this.logger[level](`${nqlId}: not scheduled: ${reason}`);
    this.emit({ type: 'unscheduled', nqlId, reason });
  }

  private tick(nqlId: string, entry: Entry, firedFor: Date): void {
    if (this.state !== 'started' || this.entries.get(nqlId) !== entry) return;
    const now = this.clock.now();
    this.arm(nqlId, entry, now > firedFor ? now : firedFor);
    if (entry.nextAt) this.logger.debug(`${nqlId}: next run ${formatInZone(entry.nextAt, entry.evaluator.timezone)}`);
    if (this.running.has(nqlId) || this.queue.includes(nqlId)) {
      return this.skip(nqlId, 'overlap', `${nqlId}: run skipped: the previous run is still going`);
    }
    if (this.running.size < this.maxConcurrentRuns) return this.launch(nqlId);
    this.queue.push(nqlId);
    this.logger.info(`${nqlId}: run queued: ${this.running.size} runs in progress (maxConcurrentRuns ${this.maxConcurrentRuns})`);
    this.emit({ type: 'queued', nqlId, running: this.running.size });
  }

  private launch(nqlId: string): void {
    let release: (() => void) | undefined;
    try {
      release = this.options.lock.acquire(nqlId);
    } catch (error) {
      return this.skip(nqlId, 'lock-error', `${nqlId}: run skipped: the run lock could not be taken: ${messageOf(error)}`);
    }
    if (release === undefined) {
      const holder = this.options.lock.holder(nqlId);
      const by = holder ? ` (pid ${holder.pid} on ${holder.host} since ${holder.startedAt})` : '';
      return this.skip(nqlId, 'locked', `${nqlId}: run skipped: another process is running it${by}`);
    }
    const controller = new AbortController();
    this.logger.info(`${nqlId}: run started`);
    this.emit({ type: 'started', nqlId });
    const done = Promise.resolve()
      .then(() => this.options.runConnector(nqlId, controller.signal))
      .then(
        (result) => this.finished(nqlId, result),
        (error: unknown) => {
          this.logger.error(`${nqlId}: run failed: ${messageOf(error)}`);
          this.emit({ type: 'failed', nqlId, error });
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
    this.logger[result?.status === 'failure' ? 'warn' : 'info'](`${nqlId}: run ended: ${summary}`);
    this.emit({ type: 'finished', nqlId, result });
  }

  private drain(): void {
    while (this.state === 'started' && this.running.size < this.maxConcurrentRuns && this.queue.length > 0) {
      this.launch(this.queue.shift() as string);
    }
  }

  private skip(nqlId: string, reason: SkipReason, message: string): void {
    this.logger.warn(message);
    this.emit({ type: 'skipped', nqlId, reason, message });
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.logger.error(`Scheduler event listener failed on ${event.type}: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
