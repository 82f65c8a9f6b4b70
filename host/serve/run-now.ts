import type { Logger, RunResult } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { createRunLock } from './scheduler/create-run-lock.js';
import type { RunOptions } from 'tributary-kit/internal/kernel/run/run-options.js';

/** A run that happened, or why it did not: another process or host is running the connector. */
export type RunNowResult =
  | { readonly result: RunResult; readonly heldBy?: undefined }
  | { readonly result?: undefined; readonly heldBy: string };

/**
 * Runs a connector now, here, at most once at a time: the one path of `tributary run` and of any
 * "run now" (an HTTP API). On one machine it holds the connector's run lock file in the state dir;
 * in a cluster it holds the connector's cluster lease, exactly as a scheduled run on any host does
 * (the run is not queued: it starts at once, in this process, and its entry names this host).
 * When another process or host holds it, nothing runs and `heldBy` says who. `lockLogger` hears
 * about a stale lock file taken over.
 */
export async function runNow(
  host: Host,
  nqlId: string,
  options: Omit<RunOptions, 'lease'> = {},
  { lockLogger }: { readonly lockLogger?: Logger } = {},
): Promise<RunNowResult> {
  host.connector(nqlId); // an unknown NQL ID is a config error, before any lock
  if (host.coordinator) {
    const outcome = await host.coordinator.acquire(nqlId);
    if (!outcome.lease) {
      const holder = outcome.heldBy;
      return {
        heldBy: holder ? `${holder.host}, run ${holder.runId} since ${holder.since.toISOString()}` : 'another host',
      };
    }
    try {
      return { result: await host.run(nqlId, { ...options, lease: outcome.lease }) };
    } finally {
      await outcome.lease.release();
    }
  }
  const lock = createRunLock(host.stateDir, lockLogger);
  const release = lock.acquire(nqlId);
  if (!release) {
    const holder = lock.holder(nqlId);
    return { heldBy: holder ? `pid ${holder.pid} on ${holder.host} since ${holder.startedAt}` : 'another process' };
  }
  try {
    return { result: await host.run(nqlId, options) };
  } finally {
    release();
  }
}
