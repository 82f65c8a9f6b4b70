import type { ScheduledRunRefusal } from 'tributary-kit/internal/kernel/connector-control.js';
import { messageOf, silentLogger, type ConnectorConfig, type Logger, type RunNowOutcome } from 'tributary-kit';
import { systemClock, type CancelTimer, type Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import { formatInZone } from './format-in-zone.js';
import type { RunLock } from './run-lock.js';
import { RunPool, type RunConnector } from './run-pool.js';
import { ScheduleEvaluator } from 'tributary-kit/internal/kernel/schedule/schedule-evaluator.js';
import type { SchedulerEvent, SchedulerEventListener } from './scheduler-events.js';
import type { ScheduledConnector, ServeControl } from './serve-control.js';

export interface SchedulerOptions {
  readonly connectors: readonly ConnectorConfig[];
  readonly runConnector: RunConnector;
  readonly lock: RunLock;
  readonly maxConcurrentRuns: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly onEvent?: SchedulerEventListener;
  /**
   * Where a due run goes instead of this process's run pool: in a cluster, the shared queue of
   * ticks (`due` is the tick's nominal time, jitter included).
   */
  readonly dispatch?: (nqlId: string, due: Date) => void;
  /**
   * Asked before each due run (never before a run started by hand): a reason skips it (the connector
   * is paused or quarantined).
   */
  readonly refuse?: (nqlId: string) => Promise<ScheduledRunRefusal | undefined>;
}

interface Entry {
  readonly key: string;
  readonly evaluator: ScheduleEvaluator;
  nextAt: Date | undefined;
  cancel: CancelTimer;
}

export const SHUTDOWN_REASON = 'Cancelled by shutdown';

/**
 * Keeps one timer per scheduled connector and hands each due run to the run pool, which enforces
 * one run per connector, `maxConcurrentRuns` and the run lock.
 */
export class Scheduler implements ServeControl {
  private readonly entries = new Map<string, Entry>();
  private readonly lagSeconds = new Map<string, number>();
  private readonly pool: RunPool;
  private connectors: readonly ConnectorConfig[];
  private state: 'new' | 'started' | 'stopping' = 'new';
  private stopping: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: SchedulerOptions) {
    this.connectors = options.connectors;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    const { runConnector, lock, maxConcurrentRuns } = options;
    this.pool = new RunPool({ runConnector, lock, maxConcurrentRuns, logger: this.logger, emit: (e) => this.emit(e) });
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
    if (this.state === 'started') this.apply(connectors);
    if (options.maxConcurrentRuns !== undefined) this.pool.setMaxConcurrentRuns(options.maxConcurrentRuns);
  }

  /** No new runs; runs in progress are aborted with `Cancelled by shutdown`; resolves once they ended. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** Connectors with a run in progress. */
  runningConnectors(): string[] {
    return this.pool.runningConnectors();
  }

  /** The next run time of every scheduled connector. */
  nextRuns(): { nqlId: string; at: Date }[] {
    return [...this.entries].flatMap(([nqlId, e]) => (e.nextAt ? [{ nqlId, at: e.nextAt }] : []));
  }

  /** Every connector of the config, with its schedule, next run and lag. */
  scheduled(): ScheduledConnector[] {
    return this.connectors.map(({ nqlId }) => {
      const entry = this.entries.get(nqlId);
      const lagSeconds = this.lagSeconds.get(nqlId);
      return {
        nqlId,
        ...(entry ? { schedule: entry.evaluator.description } : {}),
        ...(entry?.nextAt ? { nextRunAt: entry.nextAt } : {}),
        ...(lagSeconds !== undefined ? { lagSeconds } : {}),
        ...(entry ? { previousDueAt: entry.evaluator.previous(this.clock.now()) } : {}),
      };
    });
  }

  /** "Run now" (the HTTP API): the pool starts it as it would a due tick, under the run lock; refused while it runs. */
  runNow(nqlId: string): RunNowOutcome {
    if (this.state === 'stopping')
      return { accepted: false, nqlId, reason: 'stopping', message: 'serve is stopping: no new runs' };
    if (!this.connectors.some((c) => c.nqlId === nqlId))
      return { accepted: false, nqlId, reason: 'unknown', message: `No connector with nqlId "${nqlId}"` };
    if (this.pool.isBusy(nqlId))
      return {
        accepted: false,
        nqlId,
        reason: 'running',
        message: `${nqlId} is already running (or waiting for a slot)`,
      };
    this.logger.info(`${nqlId}: run requested through the HTTP API`);
    const outcome = this.pool.submit(nqlId);
    if (outcome.submitted) return { accepted: true, nqlId };
    return {
      accepted: false,
      nqlId,
      reason: outcome.reason === 'closed' ? 'stopping' : 'locked',
      message: outcome.message,
    };
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping';
    for (const entry of this.entries.values()) entry.cancel();
    this.entries.clear();
    await this.pool.close(SHUTDOWN_REASON);
    this.emit({ type: 'stopped' });
  }

  private apply(connectors: readonly ConnectorConfig[]): void {
    const seen = new Set(connectors.map((c) => c.nqlId));
    for (const connector of connectors) this.schedule(connector);
    for (const [nqlId, entry] of this.entries) {
      if (seen.has(nqlId)) continue;
      entry.cancel();
      this.entries.delete(nqlId);
      this.pool.dequeue(nqlId);
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
    if (schedule === undefined)
      return this.unscheduled(nqlId, 'no schedule: serve does not run it (use `tributary run`)');
    let evaluator: ScheduleEvaluator;
    try {
      evaluator = ScheduleEvaluator.compile(schedule, nqlId, this.clock.now());
    } catch (error) {
      return this.unscheduled(nqlId, messageOf(error), 'error');
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

  /** A timer fired: arm the next one (from now, so ticks missed while suspended collapse into this one), then run. */
  private tick(nqlId: string, entry: Entry, due: Date): void {
    if (this.state !== 'started' || this.entries.get(nqlId) !== entry) return;
    const now = this.clock.now();
    this.arm(nqlId, entry, now > due ? now : due);
    if (entry.nextAt) this.logger.debug(`${nqlId}: next run ${formatInZone(entry.nextAt, entry.evaluator.timezone)}`);
    const { refuse } = this.options;
    if (!refuse) return this.launch(nqlId, due);
    refuse(nqlId).then(
      (refusal) => {
        if (this.state !== 'started') return;
        if (refusal === undefined) return this.launch(nqlId, due);
        this.refused(nqlId, refusal);
      },
      (error: unknown) =>
        // The state cannot be read (its store is down): run, as without pausing or quarantine.
        this.launch(nqlId, due, `${nqlId}: could not tell whether it is paused (${messageOf(error)}): it runs`),
    );
  }

  private launch(nqlId: string, due: Date, warning?: string): void {
    if (warning) this.logger.warn(warning);
    if (this.options.dispatch) this.options.dispatch(nqlId, due);
    else this.pool.submit(nqlId, due);
  }

  private refused(nqlId: string, { reason, message }: ScheduledRunRefusal): void {
    this.logger.warn(`${nqlId}: scheduled run skipped: ${message}`);
    this.emit({ type: 'skipped', nqlId, reason, message });
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

  private emit(event: SchedulerEvent): void {
    if (event.type === 'started' && event.due)
      this.lagSeconds.set(event.nqlId, Math.max(0, (this.clock.now().getTime() - event.due.getTime()) / 1000));
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.logger.error(`Scheduler event listener failed on ${event.type}: ${messageOf(error)}`);
    }
  }
}
