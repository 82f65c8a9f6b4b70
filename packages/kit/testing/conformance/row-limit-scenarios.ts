import assert from 'node:assert/strict';
import { readDirectly, type DirectRead } from '../read-directly.js';
import { CONFORMANCE_NQL_ID as NQL_ID, type ConformanceOptions } from './conformance-options.js';
import type { DeclareScenario } from './conformance-harness.js';

/** Takes batches until `limit` rows were received; fails, saying why, when the read ends before. */
async function receiveUpTo(read: DirectRead, limit: number, expected: number): Promise<void> {
  let received = 0;
  while (received < limit) {
    const next = await read.batches.next();
    assert.ok(
      !next.done,
      expected > limit
        ? `read ended after ${received} rows, below rowLimit (${limit}), though the fixtures hold ${expected}: the connector stopped paging early`
        : `the source ended after ${received} rows: the fixtures need more rows than rowLimit (${limit}); expectedRows is ${expected}`,
    );
    received += next.value.records.length;
  }
}

/** The row limit stops reading without another fetch, and a run it cuts ends `partial`. */
export function declareRowLimitScenarios(scenario: DeclareScenario, options: ConformanceOptions): void {
  const expected = options.expectedRows;
  const limit = options.rowLimit ?? 1;
  scenario(
    'row-limit',
    `the row limit (${limit}) stops reading cleanly, without another fetch`,
    {},
    async ({ th, requests }) => {
      const read = readDirectly(th.host, NQL_ID, { maxRows: limit });
      await receiveUpTo(read, limit, expected);
      const calls = read.state.apiCalls;
      const sent = requests?.();
      const after = await read.batches.next();
      assert.ok(after.done, 'read went on after maxRows rows were received');
      assert.equal(read.state.apiCalls, calls, 'read made another API call after maxRows rows were received');
      if (sent !== undefined) assert.equal(requests!(), sent, 'the source received another request after maxRows rows');
      assert.ok(calls > 0, 'read() must count its requests with ctx.countApiCall()');
    },
  );

  scenario(
    'row-limit',
    `a run cut by the row limit ends partial: more rows exist than it processed`,
    { maxRowsPerSync: limit },
    async ({ th, sink }) => {
      assert.ok(expected > limit, `rowLimit (${limit}) must be below expectedRows (${expected})`);
      const result = await th.run(NQL_ID);
      assert.notEqual(result.status, 'failure', `run failed: ${result.description}`);
      assert.ok(
        sink.committed().length <= limit,
        `${sink.committed().length} rows were written, more than the row limit`,
      );
      assert.equal(
        result.status,
        'partial',
        `the run ended ${result.status} after ${result.receivedRows} rows, though the fixtures hold ${expected}: a connector that stops at maxRows must say ` +
          'that more rows exist, with context.expectRows(total) when the API gives a total, else context.moreAvailable() before yielding the page that reaches maxRows',
      );
      assert.match(result.description, /^Too many rows received/);
    },
  );
}
