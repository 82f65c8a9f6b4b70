import assert from 'node:assert/strict';
import { CONFORMANCE_NQL_ID as NQL_ID, type ConformanceOptions } from './conformance-options.js';
import type { DeclareScenario } from './conformance-harness.js';
import { assertApiCalls } from './read-checks.js';

/** A 429 or 5xx answer is retried, a refused session (401) renewed, and every row still read once. */
export function declareRecoveryScenarios(scenario: DeclareScenario, options: ConformanceOptions): void {
  const expected = options.expectedRows;
  scenario(
    'retry',
    'retries a 429 or 5xx answer, reads every row once and counts the retried attempt',
    {},
    async ({ th, sink, requests }) => {
      const result = await th.run(NQL_ID);
      assert.equal(
        result.status,
        'success',
        `run ended ${result.status} when one request was answered 429 or 5xx: ${result.description}`,
      );
      assert.equal(
        sink.committed().length,
        expected,
        `${sink.committed().length} rows were written, the fixtures hold ${expected}`,
      );
      if (requests) assertApiCalls(result.apiCalls, requests());
    },
  );

  scenario(
    'reauth',
    'authenticates again when the API refuses the session (401) and reads every row once',
    {},
    async ({ th, sink }) => {
      const result = await th.run(NQL_ID);
      assert.equal(
        result.status,
        'success',
        `run ended ${result.status} when one request was answered 401: ${result.description} ` +
          '(on a 401, call credential.authenticate({ ...request, force: true }) once and retry, or restart the read)',
      );
      assert.equal(
        sink.committed().length,
        expected,
        `${sink.committed().length} rows were written, the fixtures hold ${expected}`,
      );
    },
  );
}
