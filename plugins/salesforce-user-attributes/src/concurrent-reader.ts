import type { SourceRecord } from 'tributary-kit';
import { gatedSource } from './gated-source.js';
import { splitIdRange } from './id-ranges.js';
import { rangesInOrder } from './ranges-in-order.js';
import type { RangesPlan } from './read-plan.js';
import { RequestGate } from './request-gate.js';
import type { RestartPolicy } from './restart-policy.js';
import { isSalesforceId } from './salesforce-ids.js';
import type { QueryPage } from './salesforce-client.js';
import { sequentialPages } from './sequential-reader.js';
import { unexpectedResponse } from './unexpected-response.js';
import type { UserReader } from './user-reader.js';
import { withRestarts } from './with-restarts.js';

/** The records of a range's page when the query selects `Id`: one without an Id is an unexpected answer. */
function withIds(records: readonly SourceRecord[]): readonly SourceRecord[] {
  if (records.every((record) => isSalesforceId(record['Id']))) return records;
  throw unexpectedResponse('Salesforce answered an Id-range query that selects Id with a record without an Id');
}

/** Where the Id ranges' announced row count comes from, as the run's messages name it. */
function rangesTotal(ranges: number): string {
  return `Salesforce (the totalSize of ${ranges} Id ranges)`;
}

/**
 * The query read as the plan's `ranges` consecutive Id ranges by `streams` streams at once (Salesforce's
 * PK-chunking idea): two requests find the lowest and the highest Id, the span between is cut into ranges of equal width
 * (base-62 arithmetic), and each range's query (the configured WHERE clause AND its Id bounds, ordered by
 * Id) is paged with `nextRecordsUrl`. Rows reach the sink range after range, ascending by Id; at most the
 * plan's `pages` pages are requested or wait for the sink at once (the range the sink reads aside). A session
 * that expires restarts every stream from the first range, like a sequential read (`withRestarts`).
 * Once every range's first page has come, their `totalSize` summed is announced as the rows to expect.
 * When the two bounds find no row, the query is read one page after the other instead, and its own
 * `totalSize` is announced: the read never ends with no row on the bounds' word alone.
 */
export function concurrentReader(plan: RangesPlan, restarts?: RestartPolicy): UserReader {
  const { split, streams, ranges } = plan;
  return (session) => {
    const { context, client, deps } = session;
    const { parameters } = context;
    /** The lowest or highest Id the query returns; undefined when it returns no row. */
    const bound = async (order: 'ASC' | 'DESC'): Promise<string | undefined> => {
      const page: QueryPage = await gatedSource(client, new RequestGate(2), 0, context, deps.retry).firstPage(
        { query: split.boundQuery(order), queryAll: parameters.queryAll },
        context.signal,
      );
      const record = page.records[0];
      if (record === undefined) return undefined;
      const id = record['Id'];
      if (!isSalesforceId(id))
        throw unexpectedResponse(
          `Salesforce answered the query for the ${order === 'ASC' ? 'lowest' : 'highest'} Id with a record without an Id`,
        );
      return id;
    };
    async function* attempt(): AsyncGenerator<readonly SourceRecord[]> {
      const [lowest, highest] = await Promise.all([bound('ASC'), bound('DESC')]);
      if (lowest === undefined || highest === undefined) {
        context.logger.info(
          `${context.nqlId}: the query for the lowest and the highest Id found no row: read one page after the other instead`,
        );
        yield* sequentialPages(session);
        return;
      }
      const rangeQueries = splitIdRange(lowest, highest, ranges).map((range) => ({
        query: split.rangeQuery(range),
        queryAll: parameters.queryAll,
      }));
      const totals: (number | undefined)[] = rangeQueries.map(() => undefined);
      let known = 0;
      const gate = new RequestGate(streams);
      const pages = rangesInOrder(rangeQueries, {
        streams,
        pages: plan.pages,
        prefetch: parameters.prefetch,
        maxRows: context.maxRows,
        stopRequested: () => context.stopRequested,
        signal: context.signal,
        source: (index) => gatedSource(client, gate, index, context, deps.retry),
        onTotal: (index, size) => {
          if (totals[index] === undefined) known += 1;
          totals[index] = size;
          if (known === rangeQueries.length)
            context.expectRows(
              totals.reduce<number>((sum, n) => sum + (n ?? 0), 0),
              rangesTotal(rangeQueries.length),
            );
        },
      });
      for await (const page of pages) yield split.selectsId ? withIds(page.records) : page.records;
    }
    return withRestarts(session, attempt, restarts);
  };
}
