import assert from 'node:assert/strict';
import { compileExpression, type SourceRecord } from '../../core/index.js';
import type { DirectRead } from '../read-directly.js';

/** What a direct read delivered: the records after the last restart, and how many pages (batches) that took. */
export interface DeliveredPages {
  readonly records: SourceRecord[];
  readonly pages: number;
}

export async function readPages(read: DirectRead): Promise<DeliveredPages> {
  let records: SourceRecord[] = [];
  let pages = 0;
  for (;;) {
    const next = await read.batches.next();
    if (next.done) return { records, pages };
    if (next.value.restarted !== undefined) {
      records = [];
      pages = 0;
    }
    records = records.concat(next.value.records);
    pages++;
  }
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** Every page read once: as many rows as the fixtures hold, in at least two pages. */
export function assertEveryPageOnce(delivered: DeliveredPages, expectedRows: number): void {
  const { records, pages } = delivered;
  if (records.length < expectedRows) {
    assert.fail(
      `read stopped after ${thousands(records.length)} of the ${thousands(expectedRows)} rows the fixtures hold (expectedRows), ` +
        `in ${pages} page(s): the connector does not follow the next page (check how it reads the next link, cursor or offset, and when it decides it is done)`,
    );
  }
  if (records.length > expectedRows) {
    assert.fail(
      `read delivered ${thousands(records.length)} rows but the fixtures hold ${thousands(expectedRows)} (expectedRows): a page was read more than once`,
    );
  }
  assert.ok(
    pages >= 2,
    `the fixtures delivered all ${thousands(expectedRows)} rows in one page: give the source at least two pages (a smaller page size) so that the suite can test paging`,
  );
}

/** No row delivered twice, rows told apart by the `rowKey` expression. */
export async function assertNoDuplicates(records: readonly SourceRecord[], rowKey: string): Promise<void> {
  const key = compileExpression(rowKey);
  const seen = new Set<string>();
  for (const record of records) {
    const value = JSON.stringify(await key.evaluate(record));
    assert.ok(
      !seen.has(value),
      `the row ${rowKey} = ${value} was delivered twice: a page was read twice (an offset, page number or cursor that did not advance, or a retry that kept the first answer)`,
    );
    seen.add(value);
  }
}

/** `details.api_calls` against what the source received (and at least one call per page read, when known). */
export function assertApiCalls(apiCalls: number, requests: number | undefined, pages?: number): void {
  const howTo =
    'count every attempt: pass onAttempt: () => context.countApiCall() to HttpClient.request, or call context.countApiCall() before each request';
  if (pages !== undefined)
    assert.ok(apiCalls >= pages, `details.api_calls is ${apiCalls} for ${pages} pages read: ${howTo}`);
  if (requests !== undefined) {
    assert.equal(
      apiCalls,
      requests,
      `details.api_calls is ${apiCalls} but the source received ${requests} API requests: ${howTo}`,
    );
  }
}
