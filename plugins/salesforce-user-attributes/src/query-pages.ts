import { CancelledError } from 'tributary-kit';
import { PagingGuard } from './paging-guard.js';
import type { QueryPage, QueryPlan, SalesforceClient } from './salesforce-client.js';

export interface PagingOptions {
  /** Pages fetched ahead of the consumer (0: the next request starts only when the consumer asks). */
  readonly prefetch: number;
  /** Stop fetching once this many rows were received. */
  readonly maxRows: number;
  readonly stopRequested: () => boolean;
  readonly signal: AbortSignal;
}

/** Where pages come from: the client itself, or a wrapper of it (a first page already read, a stream's gate). */
export type PageSource = Pick<SalesforceClient, 'firstPage' | 'nextPage'>;

type Pending = Promise<QueryPage | undefined>;

const ignore = (): void => undefined;

/**
 * The pages of one query, first to last, following `nextRecordsUrl` until `done`; a paging loop (a
 * `nextRecordsUrl` seen before, empty pages in a row that are not `done`: `PagingGuard`) fails. Up to `prefetch`
 * pages are fetched ahead while the consumer works on the current one, never past `maxRows` received
 * rows. When the consumer stops early, the in-flight request is aborted and awaited, so nothing runs
 * or rejects unobserved after the generator has returned.
 */
export async function* queryPages(
  client: PageSource,
  plan: QueryPlan,
  options: PagingOptions,
): AsyncGenerator<QueryPage> {
  const local = new AbortController();
  const signal = AbortSignal.any([options.signal, local.signal]);
  let receivedRows = 0;
  const guard = new PagingGuard({ cursor: 'nextRecordsUrl', pages: 'pages' });
  const received = (page: QueryPage): QueryPage => {
    receivedRows += page.records.length;
    guard.received(page.records.length, !page.done);
    return page;
  };
  const wantsMore = (page: QueryPage): boolean =>
    !page.done && receivedRows < options.maxRows && !options.stopRequested() && !signal.aborted;
  const after = async (previous: Pending): Pending => {
    const page = await previous;
    if (page === undefined || !wantsMore(page)) return undefined;
    return received(await client.nextPage(guard.follow(page.nextRecordsUrl as string), signal));
  };

  const queue: Pending[] = [];
  const enqueue = (pending: Pending): void => {
    pending.catch(ignore); // observed when the consumer reaches it; never an unhandled rejection
    queue.push(pending);
  };
  const topUp = (depth: number, current: QueryPage): void => {
    while (queue.length < depth) enqueue(after(queue.at(-1) ?? Promise.resolve(current)));
  };

  enqueue(client.firstPage(plan, signal).then(received));
  try {
    for (;;) {
      const page = await (queue.shift() as Pending);
      if (page === undefined) return;
      topUp(options.prefetch, page);
      yield page;
      if (options.signal.aborted) throw new CancelledError('Salesforce query cancelled');
      if (options.stopRequested()) return;
      topUp(1, page);
    }
  } finally {
    local.abort();
    await Promise.allSettled(queue);
  }
}
