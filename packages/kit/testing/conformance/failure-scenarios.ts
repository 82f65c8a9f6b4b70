import assert from 'node:assert/strict';
import { readAll, readDirectly } from '../read-directly.js';
import { CONFORMANCE_NQL_ID as NQL_ID } from './conformance-options.js';
import type { DeclareScenario } from './conformance-harness.js';
import { assertTyped, rejection } from './typed-failure.js';

/** Cancellation stops a read with a typed error and a run without committing; a failing source or bad credentials make read throw a TributaryError. */
export function declareFailureScenarios(scenario: DeclareScenario): void {
  scenario('cancel', 'an aborted signal stops read with a CancelledError', {}, async ({ th }) => {
    const controller = new AbortController();
    controller.abort();
    const read = readDirectly(th.host, NQL_ID, { signal: controller.signal });
    assertTyped(await rejection(readAll(read), 'read with an aborted signal'), ['cancelled']);
  });

  scenario('cancel', 'a run cancelled mid-way fails and commits nothing', {}, async ({ th, sink }) => {
    const controller = new AbortController();
    const result = await th.run(NQL_ID, { signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(result.status, 'failure');
    assert.equal(sink.committed().length, 0);
  });

  scenario('failure', 'a failing source makes read throw a TributaryError and the run fail', {}, async ({ th }) => {
    const error = assertTyped(await rejection(readAll(readDirectly(th.host, NQL_ID)), 'read of a failing source'));
    assert.notEqual(error.category, 'plugin');
    assert.ok(!/Bearer |Basic [A-Za-z0-9+/=]{8}/.test(error.message), 'error messages must not carry credentials');
  });

  scenario(
    'bad-credentials',
    'read with bad credentials throws an auth or config TributaryError',
    { bad: true },
    async ({ th }) => {
      assertTyped(await rejection(readAll(readDirectly(th.host, NQL_ID)), 'read with bad credentials'), [
        'auth',
        'config',
      ]);
    },
  );
}
