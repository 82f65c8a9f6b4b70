import type { Logger } from 'tributary-kit';
import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import type { ServeSignal } from './signal-source.js';

export interface ServeShutdownOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  /** After cancelling, how long to wait for runs to end before giving up (exit code 1). */
  readonly graceMs: number;
  /** Aborted by the first stop signal: serve is stopping. */
  readonly stopping: AbortController;
  readonly emit: (event: { readonly type: 'shutdown'; readonly signal: ServeSignal }) => void;
  /** The connectors running now, on this host. */
  readonly running: () => string[];
  /** Called first: nothing new may start (the config file is no longer watched). */
  readonly beforeStop: () => void;
  /** Cancels the runs in progress; resolves once every one ended. */
  readonly stopRuns: () => Promise<unknown>;
  /** Called once with the exit code: 0 when the runs ended, 1 when the grace ran out first. */
  readonly finish: (code: number) => void;
}

/**
 * What SIGINT/SIGTERM do in `serve`: the first one cancels the runs in progress and finishes once
 * they ended, or after the grace period; a further one only says what serve still waits for.
 */
export function serveShutdown(options: ServeShutdownOptions): (signal: ServeSignal) => void {
  const { logger, clock, graceMs, stopping, running } = options;
  return (signal) => {
    if (stopping.signal.aborted)
      return logger.warn(`${signal} received: already stopping, waiting for ${running().join(', ') || 'nothing'}`);
    stopping.abort();
    options.emit({ type: 'shutdown', signal });
    const inProgress = running();
    logger.info(`${signal} received: stopping${inProgress.length > 0 ? `, cancelling ${inProgress.join(', ')}` : ''}`);
    options.beforeStop();
    const finish = (code: number): void => {
      cancelGrace();
      options.finish(code);
    };
    const cancelGrace = clock.setTimer(new Date(clock.now().getTime() + graceMs), () => {
      logger.error(`Runs still going ${graceMs / 1000}s after cancellation: ${running().join(', ')}; exiting anyway`);
      finish(1);
    });
    void options.stopRuns().then(() => {
      logger.info('Stopped');
      finish(0);
    });
  };
}
