import type { ScheduledRunRefusal } from 'tributary-kit/internal/kernel/connector-control.js';
import { ConfigProblemsError, messageOf, type Logger, type RunCoordinator, type TributaryConfig } from 'tributary-kit';
import { ClusterWorker, type RunLeased } from './cluster-worker.js';
import { systemClock, type Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import { watchConfigFile, type WatchConfig } from './config-watcher.js';
import { createRunLock } from './create-run-lock.js';
import type { RunLock } from './run-lock.js';
import { scheduleProblems } from 'tributary-kit/internal/kernel/schedule/schedule-problems.js';
import type { SchedulerEvent } from './scheduler-events.js';
import type { RunConnector } from './run-pool.js';
import { Scheduler, SHUTDOWN_REASON } from './scheduler.js';
import type { ServeControl } from './serve-control.js';
import { processSignals, type ServeSignal, type SignalSource } from './signal-source.js';
import { joinCluster } from './join-cluster.js';
import { serveShutdown } from './serve-shutdown.js';

export type ServeEvent =
  | { readonly type: 'serving' }
  /** In a cluster, joining it failed (its database cannot be reached): serve tries again after `retryInMs`. */
  | { readonly type: 'waiting'; readonly reason: string; readonly retryInMs: number }
  | { readonly type: 'reloaded'; readonly trigger: Trigger }
  | { readonly type: 'reload-failed'; readonly trigger: Trigger; readonly error: unknown }
  | { readonly type: 'shutdown'; readonly signal: ServeSignal };

export interface ServeOptions {
  /** Loads and validates the config; throws (a ConfigProblemsError) when it is broken. */
  readonly loadConfig: () => Promise<TributaryConfig>;
  /** The config file: watched, and a change reloads like SIGHUP. */
  readonly configPath?: string;
  readonly runConnector: RunConnector;
  /** Where the run locks live (`<stateDir>/locks`; `:memory:` keeps them in this process). Default: the config's `state.dir`. */
  readonly stateDir?: string;
  /**
   * Called with each config serve is about to apply (the first one and every reload), e.g. to rebuild
   * the runner with it; throwing refuses the config like a load error (on reload the old one stays).
   */
  readonly onConfig?: (config: TributaryConfig) => void | Promise<void>;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly signals?: SignalSource;
  /** How the config file is watched; `false` turns watching off. */
  readonly watchConfig?: WatchConfig | false;
  readonly lock?: RunLock;
  /** After cancelling, how long to wait for runs to end before giving up (exit code 1). */
  readonly shutdownGraceMs?: number;
  readonly onEvent?: (event: SchedulerEvent | ServeEvent) => void;
  /**
   * In a cluster: due ticks go to the coordinator's shared queue (each exactly once, whichever host
   * enqueues it first), and this process runs the ticks it takes off the queue with `runLeased`,
   * `maxConcurrentRuns` at once; `runConnector` and the run lock are not used.
   */
  readonly cluster?: {
    readonly coordinator: RunCoordinator;
    readonly runLeased: RunLeased;
    readonly knows?: (nqlId: string) => boolean;
  };
  /** Why a due run does not start (its connector is paused or quarantined); see {@link SchedulerOptions.refuse}. */
  readonly refuseScheduledRun?: (nqlId: string) => Promise<ScheduledRunRefusal | undefined>;
  /** Called once the connectors are scheduled, with what runs them (the HTTP API's next runs and "run now"). */
  readonly onServing?: (control: ServeControl) => void;
}

/**
 * `tributary serve`: loads the config once (a broken config throws before anything is scheduled:
 * exit 2), runs every connector on its schedule, reloads on SIGHUP or a change of the config file
 * (a broken new config keeps the current schedule), and on SIGINT/SIGTERM cancels the runs in
 * progress and resolves with the exit code once they ended: 0, or 1 if some did not end in time.
 * In a cluster, nothing is scheduled until this host has joined it: while the coordinator cannot
 * start (its database is down or unreachable), serve says why and tries again, 1 s after the first
 * failure, then twice as long each time, up to 30 s.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const { logger, clock = systemClock, signals = processSignals, shutdownGraceMs = 30_000, cluster } = options;
  const load = async (): Promise<TributaryConfig> => {
    const loaded = await loadChecked(options.loadConfig);
    await options.onConfig?.(loaded);
    return loaded;
  };
  const config = await load();
  const emit = (event: SchedulerEvent | ServeEvent): void => options.onEvent?.(event);
  const worker = cluster && new ClusterWorker({ ...cluster, concurrency: config.maxConcurrentRuns, logger, emit });
  const scheduler = new Scheduler({
    connectors: config.connectors,
    runConnector: options.runConnector,
    lock: options.lock ?? createRunLock(options.stateDir ?? config.state.dir, logger),
    maxConcurrentRuns: config.maxConcurrentRuns,
    clock,
    logger,
    onEvent: emit,
    dispatch: cluster && clusterDispatch(cluster.coordinator, logger),
    ...(options.refuseScheduledRun ? { refuse: options.refuseScheduledRun } : {}),
  });
  const running = (): string[] => [...scheduler.runningConnectors(), ...(worker?.runningConnectors() ?? [])];
  /** Aborted once SIGINT/SIGTERM arrived: serve is stopping. */
  const stopping = new AbortController();
  const reload = reloader(
    load,
    () => stopping.signal.aborted,
    rescheduleOnReload(scheduler, logger, emit),
    keepScheduleOnFailure(logger, emit),
  );

  let unwatch: () => void = () => undefined;
  let resolveExit: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  const stop = serveShutdown({
    logger,
    clock,
    graceMs: shutdownGraceMs,
    stopping,
    emit,
    running,
    beforeStop: () => unwatch(),
    stopRuns: () => Promise.all([scheduler.stop(), worker?.stop(SHUTDOWN_REASON)]),
    finish: (code) => {
      unlisten();
      resolveExit(code);
    },
  });
  // Listen before anything is scheduled, so no signal finds the process without its handlers.
  const unlisten = signals.listen((signal) => (signal === 'SIGHUP' ? reload('SIGHUP') : stop(signal)));
  const watch = options.watchConfig ?? ((path, onChange) => watchConfigFile(path, onChange, { clock, logger }));
  if (options.configPath && watch) unwatch = watch(options.configPath, () => reload('file'));

  logger.info(
    `Serving ${config.connectors.length} connector(s), at most ${config.maxConcurrentRuns} run(s) at once${cluster ? ` on this host, in a cluster as ${cluster.coordinator.host}` : ''}; SIGINT/SIGTERM stops, SIGHUP reloads`,
  );
  // In a cluster, take ticks before scheduling: this host then also runs the ones it queues itself.
  if (worker) {
    await joinCluster(worker, { clock, logger, signal: stopping.signal, onWaiting: emit });
    if (stopping.signal.aborted) {
      // Stopped while waiting (an attempt that was in progress may have started taking ticks since).
      await worker.stop(SHUTDOWN_REASON);
      return exit;
    }
  }
  scheduler.start();
  options.onServing?.(worker ? worker.control(scheduler) : scheduler);
  emit({ type: 'serving' });
  return exit;
}

/** In a cluster, where the scheduler's due ticks go: the coordinator's shared queue (each tick once, whichever host queues it first). */
function clusterDispatch(coordinator: RunCoordinator, logger: Logger): (nqlId: string, due: Date) => void {
  return (nqlId, due) => {
    coordinator.enqueue({ nqlId, scheduledFor: due }).then(
      (created) =>
        logger.debug(`${nqlId}: tick ${due.toISOString()} ${created ? 'queued' : 'already queued by another host'}`),
      (error: unknown) =>
        logger.error(`${nqlId}: the tick of ${due.toISOString()} could not be queued: ${messageOf(error)}`),
    );
  };
}

/** A reloaded config: the scheduler takes its connectors and concurrency. */
function rescheduleOnReload(
  scheduler: Scheduler,
  logger: Logger,
  emit: (event: ServeEvent) => void,
): (config: TributaryConfig, trigger: Trigger) => void {
  return (next, trigger) => {
    logger.info(`Config reloaded (${trigger === 'file' ? 'the file changed' : 'SIGHUP'}): rescheduling`);
    scheduler.reload(next.connectors, { maxConcurrentRuns: next.maxConcurrentRuns });
    emit({ type: 'reloaded', trigger });
  };
}

/** A reload that failed: said, and the current schedule stays. */
function keepScheduleOnFailure(
  logger: Logger,
  emit: (event: ServeEvent) => void,
): (error: unknown, trigger: Trigger) => void {
  return (error, trigger) => {
    logger.error(`Config reload failed, the current schedule stays in force: ${messageOf(error)}`);
    emit({ type: 'reload-failed', trigger, error });
  };
}

type Trigger = 'SIGHUP' | 'file';

/** Serialises reloads: one at a time, in order; none once stopping. */
function reloader(
  load: () => Promise<TributaryConfig>,
  isStopping: () => boolean,
  apply: (config: TributaryConfig, trigger: Trigger) => void,
  fail: (error: unknown, trigger: Trigger) => void,
): (trigger: Trigger) => void {
  let queue: Promise<void> = Promise.resolve();
  return (trigger) => {
    queue = queue.then(async () => {
      if (isStopping()) return;
      try {
        const next = await load();
        if (!isStopping()) apply(next, trigger);
      } catch (error) {
        fail(error, trigger);
      }
    });
  };
}

/** Loads the config and refuses one whose schedules cannot be evaluated. */
async function loadChecked(loadConfig: () => Promise<TributaryConfig>): Promise<TributaryConfig> {
  const config = await loadConfig();
  const problems = scheduleProblems(config.connectors);
  if (problems.length > 0) throw new ConfigProblemsError(problems);
  return config;
}
