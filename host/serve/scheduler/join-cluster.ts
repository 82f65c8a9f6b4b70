import { messageOf, type Logger } from 'tributary-kit';
import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import type { ClusterWorker } from './cluster-worker.js';
import { startWithRetry } from './start-with-retry.js';

export interface JoinClusterOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Aborted: stop trying. */
  readonly signal: AbortSignal;
  /** Told each failed attempt, with why and when serve tries again. */
  readonly onWaiting: (event: {
    readonly type: 'waiting';
    readonly reason: string;
    readonly retryInMs: number;
  }) => void;
}

/**
 * Starts the cluster worker (it takes ticks off the shared queue), trying again with backoff while the
 * coordinator cannot start, and says when it joined after waiting. Resolves once joined, or once
 * `signal` aborted (the caller tells which from the signal).
 */
export async function joinCluster(worker: ClusterWorker, options: JoinClusterOptions): Promise<void> {
  const { logger } = options;
  let waited = false;
  await startWithRetry(() => worker.start(), {
    clock: options.clock,
    signal: options.signal,
    onFailure: (error, retryInMs) => {
      waited = true;
      const message = messageOf(error);
      logger.warn(`Cannot join the cluster yet: ${message}; trying again in ${retryInMs / 1000} s`);
      options.onWaiting({ type: 'waiting', reason: `waiting for the cluster: ${message}`, retryInMs });
    },
  });
  if (waited && !options.signal.aborted) logger.info('Joined the cluster: scheduling');
}
