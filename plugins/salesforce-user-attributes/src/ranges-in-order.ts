import { CancelledError } from '../../../core/index.js';
import type { PageSource } from './query-pages.js';
import { RangeStreams } from './range-streams.js';
import type { QueryPage, QueryPlan } from './salesforce-client.js';

export interface RangesInOrderOptions {
  /** Ranges read at once. */
  readonly streams: number;
  /** Pages held for ranges the sink does not need yet; past it, those streams wait (the next range's never does). */
  readonly budgetPages: number;
  readonly prefetch: number;
  /** Stop once this many rows went out; no range is read past the rows the limit keeps. */
  readonly maxRows: number;
  readonly stopRequested: () => boolean;
  readonly signal: AbortSignal;
  /** The page source of range `index` (its requests queue with that priority). */
  readonly source: (index: number) => PageSource;
  /** A range's first page said how many rows it has. */
  readonly onTotal: (index: number, totalSize: number) => void;
}

/**
 * Reads the queries of consecutive Id ranges with several streams and hands their pages out in range
 * order (each range ascending by Id), so that what reaches the sink never depends on timing. Pages of
 * later ranges wait in memory, at most `budgetPages` of them plus one per stream. Every stream pages with
 * `queryPages` (prefetch, stop and limit checks per stream). A stream stops once the ranges up to its own
 * hold `maxRows` rows: the rows past the limit are never the ones the sink needs.
 */
export async function* rangesInOrder(plans: readonly QueryPlan[], options: RangesInOrderOptions): AsyncGenerator<QueryPage> {
  const streams = new RangeStreams(plans, options);
  const running = streams.start();
  try {
    let emitted = 0;
    for (let head = 0; head < plans.length; head++) {
      streams.setHead(head);
      for (let page = await streams.takePage(head); page; page = await streams.takePage(head)) {
        emitted += page.records.length;
        yield page;
        if (options.signal.aborted) throw new CancelledError('Salesforce query cancelled');
        if (options.stopRequested() || emitted >= options.maxRows) return;
      }
    }
    streams.throwFailure();
  } finally {
    streams.stop();
    await Promise.allSettled(running);
  }
}
