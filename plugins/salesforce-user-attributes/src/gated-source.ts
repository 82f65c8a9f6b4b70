import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, isTributaryError, type ConnectorContext } from 'tributary-kit';
import type { SalesforceParameters } from './parameters.js';
import type { PageSource } from './query-pages.js';
import { RequestGate } from './request-gate.js';
import type { RetryDelays } from './salesforce-client.js';

export const CONCURRENCY_WARNING =
  'Salesforce refused concurrent requests (ConcurrentPerOrgLongTxn Limit exceeded): the read backed off and went on with fewer streams';

/** `403 REQUEST_LIMIT_EXCEEDED ConcurrentPerOrgLongTxn` after the client's own retries (the daily limit is fatal instead). */
function isConcurrencyLimit(error: unknown): boolean {
  return isTributaryError(error) && error.code === 'SF_REQUEST_LIMIT_EXCEEDED' && error.category === 'transient';
}

/**
 * The page source of one range: every request waits for its turn at the gate (ranges the sink needs
 * first go first). When Salesforce refuses concurrent requests, the gate allows one fewer and the
 * request is sent again after a backoff, for as long as it takes: a read never fails for that limit.
 */
export function gatedSource(
  source: PageSource,
  gate: RequestGate,
  priority: number,
  context: ConnectorContext<SalesforceParameters>,
  retry: RetryDelays | undefined,
): PageSource {
  const base = retry?.baseDelayMs ?? 500;
  const cap = retry?.maxDelayMs ?? 30_000;
  async function send<T>(request: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const release = await gate.acquire(priority, signal);
      try {
        return await request();
      } catch (error) {
        if (!isConcurrencyLimit(error)) throw error;
        if (gate.lower())
          context.logger.info(`Salesforce refused concurrent requests: at most ${gate.limit} at once from now on`);
        context.warn(CONCURRENCY_WARNING);
      } finally {
        release();
      }
      const delay = Math.random() * Math.min(cap, base * 2 ** attempt);
      await sleep(delay, undefined, { signal }).catch(() => {
        throw new CancelledError('Salesforce query cancelled');
      });
    }
  }
  return {
    firstPage: (plan, signal) => send(() => source.firstPage(plan, signal), signal),
    nextPage: (url, signal) => send(() => source.nextPage(url, signal), signal),
  };
}

/** A page source for requests sent one at a time (the sequential read, the first page), with the same patience. */
export function patientSource(
  source: PageSource,
  context: ConnectorContext<SalesforceParameters>,
  retry: RetryDelays | undefined,
): PageSource {
  return gatedSource(source, new RequestGate(1), 0, context, retry);
}
