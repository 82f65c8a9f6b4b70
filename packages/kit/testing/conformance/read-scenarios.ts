import assert from 'node:assert/strict';
import { readDirectly } from '../read-directly.js';
import { CONFORMANCE_NQL_ID as NQL_ID, type ConformanceOptions } from './conformance-options.js';
import type { DeclareScenario } from './conformance-harness.js';
import { assertApiCalls, assertEveryPageOnce, assertNoDuplicates, readPages } from './read-checks.js';

/** `read` yields records the run maps, writes and logs; it reads every page once, no row twice, and counts every request. */
export function declareReadScenarios(scenario: DeclareScenario, options: ConformanceOptions): void {
  scenario('read', 'read yields records that the run maps, writes and logs', {}, async ({ th, sink }) => {
    const result = await th.run(NQL_ID);
    assert.equal(result.status, 'success', `run ended ${result.status}: ${result.description}`);
    assert.ok(result.receivedRows > 0, 'the run received no rows');
    assert.equal(sink.committed().length, result.importedRows);
    assert.ok(
      sink.committed().every((r) => r.identifier.value !== ''),
      'every record has an identifier',
    );
    const [logged] = await th.logs(`platform.inbound_connector_logs | where details.nql_id == "${NQL_ID}"`);
    assert.equal(logged?.['status'], 'success');
  });

  const expected = options.expectedRows;
  const rowKey = options.rowKey ?? options.identification;
  scenario(
    'paging',
    `reads every page exactly once: the ${expected} rows of the fixtures, in at least two pages`,
    {},
    async ({ th }) => {
      assertEveryPageOnce(await readPages(readDirectly(th.host, NQL_ID)), expected);
    },
  );

  scenario('paging', `delivers no row twice (rows told apart by ${rowKey})`, {}, async ({ th }) => {
    await assertNoDuplicates((await readPages(readDirectly(th.host, NQL_ID))).records, rowKey);
  });

  scenario(
    'paging',
    'counts every request it sends as an API call (details.api_calls)',
    {},
    async ({ th, requests }) => {
      const read = readDirectly(th.host, NQL_ID);
      const { pages } = await readPages(read);
      assertApiCalls(read.state.apiCalls, requests?.(), pages);
    },
  );
}
