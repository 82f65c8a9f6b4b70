import assert from 'node:assert/strict';
import { PLUGIN_API_VERSION, type Plugin } from '../../../core/index.js';
import { connectorDirectly, readAll, readDirectly } from '../read-directly.js';
import { CONFORMANCE_NQL_ID as NQL_ID, type ConformanceOptions, type ConformanceScenario } from './conformance-options.js';
import { inScenario, templateIdOf, type ScenarioConfig, type ScenarioWorld } from './conformance-harness.js';
import { assertApiCalls, assertEveryPageOnce, assertNoDuplicates, readPages } from './read-checks.js';
import { assertTyped, rejection } from './typed-failure.js';

// mocha's globals, typed here so that the kit needs no @types/mocha (the suite runs under mocha).
type TestFunction = (title: string, fn: () => Promise<void>) => void;
declare const describe: (title: string, fn: (this: { timeout(ms: number): void }) => void) => void;
declare const it: TestFunction & { skip: TestFunction };
declare const before: (fn: () => Promise<void>) => void;

/**
 * Declares the conformance suite of a connector plugin (mocha `describe`/`it`): it loads through the real
 * loader, `check` passes on the fixtures and fails cleanly on bad credentials, `read` yields records,
 * reads every page exactly once with no row twice and counts every request, the row limit stops it
 * without fetching further and ends the run `partial`, a 429/5xx is retried and a refused session
 * renewed, cancellation stops it with a typed error, and failures are TributaryErrors.
 * `options.setup` prepares the source of each scenario.
 */
export function describeConnectorConformance(plugin: Plugin, options: ConformanceOptions): void {
  describe(`connector conformance: ${plugin.id}${options.title ? ` (${options.title})` : ''}`, function () {
    this.timeout(options.timeoutMs ?? 20_000);
    let templateId: string | undefined;
    let loadError: unknown;
    before(async () => {
      try {
        templateId = await templateIdOf(plugin, options);
      } catch (error) {
        loadError = error;
      }
    });
    const scenario = (name: ConformanceScenario, title: string, config: ScenarioConfig, body: (world: ScenarioWorld) => Promise<void>) => {
      const pending =
        options.skip?.includes(name) ||
        (name === 'bad-credentials' && options.badCredentials === undefined) ||
        (name === 'reauth' && options.credentials === undefined);
      const test = pending ? it.skip : it;
      test(title, async () => {
        if (templateId === undefined) throw loadError;
        await inScenario(plugin, options, templateId, name, config, body);
      });
    };

    scenario('load', 'has a valid manifest and loads through the real loader', {}, async ({ th }) => {
      assert.match(plugin.id, /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/);
      assert.match(plugin.version, /^\d+\.\d+\.\d+/);
      assert.equal(plugin.apiVersion, PLUGIN_API_VERSION);
      const template = th.host.registry.connectorTemplates.get(templateId!)!;
      assert.match(template.id, /^[a-z][a-z0-9-]{0,63}$/);
      assert.ok(template.displayName.trim(), 'the template needs a displayName');
      assert.equal(th.host.connector(NQL_ID).connector, template.id, 'the fixture parameters pass the template schema');
    });

    scenario('check', 'check passes on the fixture setup', {}, async ({ th }) => {
      const report = await th.check(NQL_ID);
      assert.ok(report.ok, `check failed: ${report.messages.join(' | ')}`);
      assert.ok(report.messages.length > 0, 'check should say what it verified');
      assert.ok(report.preview.length > 0, 'check should return sample records');
    });

    scenario('bad-credentials', 'check fails cleanly on bad credentials (ok: false or a typed error)', { bad: true }, async ({ th }) => {
      const { template, context } = connectorDirectly(th.host, NQL_ID);
      let result;
      try {
        result = await template.check(context);
      } catch (error) {
        assertTyped(error, ['auth', 'config']);
        return;
      }
      assert.equal(result.ok, false, 'check passed with bad credentials');
      assert.ok(result.messages.length > 0, 'a failed check must say why');
    });

    scenario('read', 'read yields records that the run maps, writes and logs', {}, async ({ th, sink }) => {
      const result = await th.run(NQL_ID);
      assert.equal(result.status, 'success', `run ended ${result.status}: ${result.description}`);
      assert.ok(result.receivedRows > 0, 'the run received no rows');
      assert.equal(sink.committed().length, result.importedRows);
      assert.ok(sink.committed().every((r) => r.identifier.value !== ''), 'every record has an identifier');
      const [logged] = await th.logs(`platform.inbound_connector_logs | where details.nql_id == "${NQL_ID}"`);
      assert.equal(logged?.['status'], 'success');
    });

    const expected = options.expectedRows;
    const rowKey = options.rowKey ?? options.identification;
    scenario('paging', `reads every page exactly once: the ${expected} rows of the fixtures, in at least two pages`, {}, async ({ th }) => {
      assertEveryPageOnce(await readPages(readDirectly(th.host, NQL_ID)), expected);
    });

    scenario('paging', `delivers no row twice (rows told apart by ${rowKey})`, {}, async ({ th }) => {
      await assertNoDuplicates((await readPages(readDirectly(th.host, NQL_ID))).records, rowKey);
    });

    scenario('paging', 'counts every request it sends as an API call (details.api_calls)', {}, async ({ th, requests }) => {
      const read = readDirectly(th.host, NQL_ID);
      const { pages } = await readPages(read);
      assertApiCalls(read.state.apiCalls, requests?.(), pages);
    });

    const limit = options.rowLimit ?? 1;
    scenario('row-limit', `the row limit (${limit}) stops reading cleanly, without another fetch`, {}, async ({ th, requests }) => {
      const read = readDirectly(th.host, NQL_ID, { maxRows: limit });
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
      const calls = read.state.apiCalls;
      const sent = requests?.();
      const after = await read.batches.next();
      assert.ok(after.done, 'read went on after maxRows rows were received');
      assert.equal(read.state.apiCalls, calls, 'read made another API call after maxRows rows were received');
      if (sent !== undefined) assert.equal(requests!(), sent, 'the source received another request after maxRows rows');
      assert.ok(calls > 0, 'read() must count its requests with ctx.countApiCall()');
    });

    scenario('row-limit', `a run cut by the row limit ends partial: more rows exist than it processed`, { maxRowsPerSync: limit }, async ({ th, sink }) => {
      assert.ok(expected > limit, `rowLimit (${limit}) must be below expectedRows (${expected})`);
      const result = await th.run(NQL_ID);
      assert.notEqual(result.status, 'failure', `run failed: ${result.description}`);
      assert.ok(sink.committed().length <= limit, `${sink.committed().length} rows were written, more than the row limit`);
      assert.equal(
        result.status,
        'partial',
        `the run ended ${result.status} after ${result.receivedRows} rows, though the fixtures hold ${expected}: a connector that stops at maxRows must say ` +
          'that more rows exist, with context.expectRows(total) when the API gives a total, else context.moreAvailable() before yielding the page that reaches maxRows',
      );
      assert.match(result.description, /^Too many rows received/);
    });

    scenario('retry', 'retries a 429 or 5xx answer, reads every row once and counts the retried attempt', {}, async ({ th, sink, requests }) => {
      const result = await th.run(NQL_ID);
      assert.equal(result.status, 'success', `run ended ${result.status} when one request was answered 429 or 5xx: ${result.description}`);
      assert.equal(sink.committed().length, expected, `${sink.committed().length} rows were written, the fixtures hold ${expected}`);
      if (requests) assertApiCalls(result.apiCalls, requests());
    });

    scenario('reauth', 'authenticates again when the API refuses the session (401) and reads every row once', {}, async ({ th, sink }) => {
      const result = await th.run(NQL_ID);
      assert.equal(
        result.status,
        'success',
        `run ended ${result.status} when one request was answered 401: ${result.description} ` +
          '(on a 401, call credential.authenticate({ ...request, force: true }) once and retry, or restart the read)',
      );
      assert.equal(sink.committed().length, expected, `${sink.committed().length} rows were written, the fixtures hold ${expected}`);
    });

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

    scenario('bad-credentials', 'read with bad credentials throws an auth or config TributaryError', { bad: true }, async ({ th }) => {
      assertTyped(await rejection(readAll(readDirectly(th.host, NQL_ID)), 'read with bad credentials'), ['auth', 'config']);
    });
  });
}
