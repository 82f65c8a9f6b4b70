import { CancelledError } from 'tributary-kit';
import { RangeStreams, type RangesInOrderOptions } from './range-streams.js';

export type { RangesInOrderOptions } from './range-streams.js';
import type { QueryPage, QueryPlan } from './salesforce-client.js';

/**
 * Reads the queries of consecutive Id ranges with several streams and hands their pages out in range
 * order (each range ascending by Id), so that what reaches the sink never depends on timing. Pages of
 * later ranges wait in memory: with the pages requested, at most `pages` of them, and those of the range
 * the sink reads. Every stream pages with
 * `queryPages` (prefetch, stop and limit checks per stream). A stream stops once the ranges up to its own
 * hold `maxRows` rows: the rows past the limit are never the ones the sink needs.
 */
export async function* rangesInOrder(
  plans: readonly QueryPlan[],
  options: RangesInOrderOptions,
): AsyncGenerator<QueryPage> {
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
