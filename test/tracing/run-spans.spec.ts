/**
 * A traced run: its span tree (run → stages → the connector's own spans → HTTP requests), attributes
 * and statuses, with the spans collected by an in-memory exporter.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import * as v from 'valibot';
import { traceSpan, type ConnectorTemplate, type HttpClient, type SourceRecord } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { startScriptedServer, type ScriptedServer } from 'tributary-kit/internal/testing/scripted-server.js';
import { testHttpClient } from 'tributary-kit/internal/testing/start-test-host.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { SpanTree, tracedHost } from './traced-host.js';

const PAGES = 3;
const ROWS_PER_PAGE = 2;

/** A source of pages over HTTP, each page in its own span, as a plugin would write it. */
function pagedSource(server: ScriptedServer, http: HttpClient): ConnectorTemplate {
  return {
    id: 'paged',
    displayName: 'Paged',
    parameters: v.record(v.string(), v.unknown()),
    credentialTypes: [],
    check: async () => ({ ok: true, messages: [], sample: [] }),
    async *read(context) {
      context.expectRows(PAGES * ROWS_PER_PAGE, 'the paged source');
      for (let page = 0; page < PAGES; page++) {
        const records = await traceSpan('source.page', { 'source.page': page }, async (span) => {
          const response = await http.request({
            url: `${server.url}/users?page=${page}&token=t0ps3cret`,
            signal: context.signal,
          });
          const rows = JSON.parse(response.body) as SourceRecord[];
          span.setAttributes({ 'source.rows': rows.length });
          return rows;
        });
        yield { records };
      }
    },
  };
}

const config = (connector: string) => ({
  connectors: [
    {
      nqlId: 'people',
      name: 'People',
      connector,
      mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
    },
  ],
});

describe('tracing: a run as a trace', () => {
  let server: ScriptedServer;
  let host: Host | undefined;
  let exporter: InMemorySpanExporter;

  beforeEach(async () => {
    // Closing a host shuts its exporter down: one per test.
    exporter = new InMemorySpanExporter();
    server = await startScriptedServer((request) => {
      const page = Number(new URL(request.url, 'http://x').searchParams.get('page'));
      const rows = Array.from({ length: ROWS_PER_PAGE }, (_, i) => ({
        Username: `user${page * ROWS_PER_PAGE + i}@example.com`,
        Department: `D${i}`,
      }));
      return { body: rows };
    });
  });

  afterEach(async () => {
    await host?.close();
    host = undefined;
    await server.close();
  });

  it('is one trace: the run span, its stages, the source pages and their HTTP requests, the commit', async () => {
    const plugin = testPlugin({ id: 'paged-source', connectorTemplates: [pagedSource(server, testHttpClient())] });
    ({ host } = await tracedHost(config('paged'), [plugin], exporter));
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('success');

    const tree = new SpanTree(exporter.getFinishedSpans());
    const run = tree.one('run');
    expect(run.parentSpanContext, 'the run span is a root').to.equal(undefined);
    expect(new Set(tree.spans.map((s) => s.spanContext().traceId)).size, 'one trace').to.equal(1);
    expect(tree.childrenOf(run).map((s) => s.name)).to.deep.equal(['open', 'start', 'read', 'commit']);
    expect(run.attributes).to.include({
      'tributary.nql_id': 'people',
      'tributary.connector': 'paged',
      'tributary.run_id': result.runId,
      'tributary.status': 'success',
      'tributary.rows.received': 6,
      'tributary.rows.imported': 6,
      'tributary.dry_run': false,
    });
    expect(run.status.code).to.equal(SpanStatusCode.UNSET);

    const read = tree.one('read');
    expect(read.attributes).to.include({ 'tributary.rows.received': 6, 'tributary.rows.expected': 6 });
    const pages = tree.named('source.page');
    expect(pages.map((p) => tree.parentOf(p)?.name)).to.deep.equal(['read', 'read', 'read']);
    expect(pages.map((p) => p.attributes['source.rows'])).to.deep.equal([2, 2, 2]);
    for (const page of pages) {
      const [request, ...more] = tree.childrenOf(page);
      expect(more, 'one HTTP request per page').to.have.length(0);
      expect(request?.name).to.equal('GET');
      expect(request?.attributes).to.include({
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'url.path': '/users',
        'http.response.status_code': 200,
      });
    }
    const everyValue = tree.spans.flatMap((s) => Object.values(s.attributes).map(String));
    expect(everyValue.join(' '), 'no query string (nor its token) in any attribute').not.to.include('t0ps3cret');

    const commit = tree.one('commit');
    expect(tree.childrenOf(commit).map((s) => s.name)).to.include.members(['guards', 'sink.commit']);
    expect(tree.one('sink.commit').attributes).to.include({ 'tributary.rows.imported': 6, 'tributary.sink': 'users' });
  });

  it('a request answered 503 then 200 is one span with its resend; an error answer fails its span', async () => {
    server.inject({ status: 503, body: { error: 'busy' } });
    server.inject({ status: 404, body: [], match: (r) => r.url.includes('page=2') });
    const plugin = testPlugin({ id: 'paged-source', connectorTemplates: [pagedSource(server, testHttpClient())] });
    ({ host } = await tracedHost(config('paged'), [plugin], exporter));
    await host.run('people');

    const requests = new SpanTree(exporter.getFinishedSpans()).named('GET');
    expect(requests.map((r) => r.attributes['http.response.status_code'])).to.deep.equal([200, 200, 404]);
    expect(requests[0]?.attributes['http.request.resend_count']).to.equal(1);
    expect(requests[1]?.attributes).not.to.have.property('http.request.resend_count');
    expect(requests.map((r) => r.status.code)).to.deep.equal([
      SpanStatusCode.UNSET,
      SpanStatusCode.UNSET,
      SpanStatusCode.ERROR,
    ]);
  });

  it('a failed run: its span and the failing stage fail with the sentence and the error code; nothing is committed', async () => {
    const plugin = testPlugin({
      id: 'synthetic-source',
      connectorTemplates: [syntheticConnector({ rows: 10, batchSize: 4, failAt: 4 })],
    });
    ({ host } = await tracedHost(config('synthetic'), [plugin], exporter));
    const result = await host.run('people');
    expect(result.status).to.equal('failure');

    const tree = new SpanTree(exporter.getFinishedSpans());
    const run = tree.one('run');
    expect(run.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'Synthetic source failed at row 4' });
    expect(run.attributes).to.include({ 'tributary.status': 'failure', 'tributary.rows.received': 4 });
    const read = tree.one('read');
    expect(read.status.code).to.equal(SpanStatusCode.ERROR);
    expect(read.attributes).to.include({ 'error.type': 'SYNTHETIC_FAILURE', 'tributary.rows.received': 4 });
    expect(tree.named('commit'), 'no commit after a failed read').to.have.length(0);
  });

  it('without tracing, the same run makes no span', async () => {
    const plugin = testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows: 3 })] });
    ({ host } = await tracedHost(config('synthetic'), [plugin], undefined));
    expect((await host.run('people')).status).to.equal('success');
    expect(await traceSpan('outside', {}, async (span) => span)).to.have.property('setError');
    expect(exporter.getFinishedSpans()).to.have.length(0);
  });
});
