import type { ServerLimits } from 'tributary-kit/internal/kernel/config/server-settings.js';
import { BoundedPool } from './bounded-pool.js';
import { busyError } from './error-reply.js';

/** What a `429` for a check asks the client to wait, in seconds. */
const CHECK_RETRY_AFTER_SECONDS = 5;

/** The one pool every check of the server runs in: `server.maxConcurrentChecks` at once, `server.maxQueuedChecks` waiting, more refused. */
export function checkPool(limits: ServerLimits): BoundedPool {
  return new BoundedPool({
    concurrency: limits.maxConcurrentChecks,
    queue: limits.maxQueuedChecks,
    refusal: () =>
      busyError(
        `${limits.maxConcurrentChecks} check(s) are running and ${limits.maxQueuedChecks} waiting (server.maxConcurrentChecks, server.maxQueuedChecks): try again in ${CHECK_RETRY_AFTER_SECONDS} s`,
        CHECK_RETRY_AFTER_SECONDS,
      ),
  });
}
