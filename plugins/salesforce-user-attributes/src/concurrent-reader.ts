import type { SourceRecord } from '../../../core/index.js';
import { gatedSource } from './gated-source.js';
import { splitIdRange } from './id-ranges.js';
import type { QuerySplit } from './query-split.js';
import { rangesInOrder } from './ranges-in-order.js';
import { RequestGate } from './request-gate.js';
import type { RestartPolicy } from './restart-policy.js';
import { isSalesforceId } from './salesforce-ids.js';
import type { QueryPage } from './salesforce-client.js';
import type { UserReader } from './user-reader.js';
import { withRestarts } from './with-restarts.js';

/** Rows per Id range when the query's rows spread evenly over the Id space (three full pages). */
export const ROWS_PER_RANGE = 6_000;
/** Ranges at most, whatever the size of the query. */
export const MAX_RANGES = 2_000;
/** Pages of later ranges held per stream while the sink works through earlier ones. */
const BUDGET_PAGES_PER_STREAM = 4;

/**
 * How many ranges a query of `total` rows is split into: a whole number of rounds of `streams` ranges, at
 * least two rounds so that a dense range does not stall the run, ranges of about `ROWS_PER_RANGE` rows.
 */
export function rangeCount(total: number, streams: number): number {
  return Math.min(MAX_RANGES, streams * Math.max(2, Math.ceil(total / (streams * ROWS_PER_RANGE))));
}

type Splittable = Extract<QuerySplit, { splittable: true }>;

/**
 * The query read as consecutive Id ranges by `streams` streams at once (Salesforce's PK-chunking idea):
 * two requests find the lowest and the highest Id, the span between is cut into ranges of equal width
 * (base-62 arithmetic), and each range's query (the configured WHERE clause AND its Id bounds, ordered by
 * Id) is paged with `nextRecordsUrl`. Rows reach the sink range after range, ascending by Id. A session
 * that expires restarts every stream from the first range, like a sequential read (`withRestarts`).
 */
export function concurrentReader(split: Splittable, streams: number, total: number, restarts?: RestartPolicy): UserReader {
  return (session) => {
    const { context, client, deps } = session;
    const { parameters } = context;
    const bound = async (order: 'ASC' | 'DESC'): Promise<string | undefined> => {
      const page: QueryPage = await gatedSource(client, new RequestGate(2), 0, context, deps.retry).firstPage({ query: split.boundQuery(order), queryAll: parameters.queryAll }, context.signal);
      const id = page.records[0]?.['Id'];
      return isSalesforceId(id) ? id : undefined;
    };
    async function* attempt(): AsyncGenerator<readonly SourceRecord[]> {
      const [lowest, highest] = await Promise.all([bound('ASC'), bound('DESC')]);
      if (lowest === undefined || highest === undefined) return; // no rows any more
      const ranges = splitIdRange(lowest, highest, rangeCount(total, streams));
      const plans = ranges.map((range) => ({ query: split.rangeQuery(range), queryAll: parameters.queryAll }));
      const totals: (number | undefined)[] = plans.map(() => undefined);
      let known = 0;
      const gate = new RequestGate(streams);
      const pages = rangesInOrder(plans, {
        streams,
        budgetPages: streams * BUDGET_PAGES_PER_STREAM,
        prefetch: parameters.prefetch,
        maxRows: context.maxRows,
        stopRequested: () => context.stopRequested,
        signal: context.signal,
        source: (index) => gatedSource(client, gate, index, context, deps.retry),
        onTotal: (index, size) => {
          if (totals[index] === undefined) known += 1;
          totals[index] = size;
          if (known === plans.length) context.expectRows(totals.reduce<number>((sum, n) => sum + (n ?? 0), 0));
        },
      });
      for await (const page of pages) yield page.records;
    }
    return withRestarts(session, attempt, restarts);
  };
}
