/**
 * The Salesforce connector's own spans in a traced run on the sandbox: one per Id range and one per
 * Bulk API 2.0 job call, each the parent of its HTTP requests' spans.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { startSandbox, type Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { SpanTree, tracedHost } from './traced-host.js';

const QUERY = 'SELECT Id, Username, Department FROM User';

function sfConfig(sandbox: Sandbox, parameters: Record<string, unknown>) {
  return {
    credentials: [
      {
        id: 'sf',
        name: 'Sandbox',
        type: 'oauth2-client-credentials',
        url: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: '${SF_CLIENT_SECRET}',
      },
    ],
    connectors: [
      {
        nqlId: 'sf_users',
        name: 'Salesforce users',
        connector: 'salesforce-user-attributes',
        credentials: 'sf',
        parameters: { query: QUERY, ...parameters },
        mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
      },
    ],
  };
}

/** Every HTTP request span under `span`, at any depth. */
function requestsUnder(tree: SpanTree, span: ReadableSpan): ReadableSpan[] {
  return tree
    .childrenOf(span)
    .flatMap((child) =>
      child.name === 'GET' || child.name === 'POST' || child.name === 'DELETE' || child.name === 'PATCH'
        ? [child]
        : requestsUnder(tree, child),
    );
}

describe('tracing: the Salesforce connector in a traced run', () => {
  let sandbox: Sandbox | undefined;
  let host: Host | undefined;

  afterEach(async () => {
    await host?.close();
    await sandbox?.close();
    host = sandbox = undefined;
  });

  async function tracedRun(users: number, parameters: Record<string, unknown>) {
    sandbox = await startSandbox({ users, seed: 7 });
    const exporter = new InMemorySpanExporter();
    ({ host } = await tracedHost(sfConfig(sandbox, parameters), [], exporter, {
      SF_CLIENT_SECRET: sandbox.clientSecret,
    }));
    const result = await host.run('sf_users');
    expect(result.status, result.description).to.equal('success');
    return { result, tree: new SpanTree(exporter.getFinishedSpans()) };
  }

  it('an Id-range read: a span per range under the read, its page requests under it, the rows adding up', async () => {
    const { result, tree } = await tracedRun(12_000, { api: 'rest', concurrency: 2 });
    const ranges = tree.named('salesforce.id_range');
    expect(ranges.length).to.be.at.least(2);
    const read = tree.one('read');
    for (const range of ranges) {
      expect(tree.parentOf(range)?.spanContext().spanId).to.equal(read.spanContext().spanId);
      const pages = tree.childrenOf(range);
      expect(pages.length, 'a range reads at least one page').to.be.at.least(1);
      expect(
        pages.every((p) => p.name === 'GET' && String(p.attributes['url.path']).startsWith('/services/data/')),
      ).to.equal(true);
      expect(range.attributes['salesforce.range.pages']).to.equal(pages.length);
      expect(range.attributes['salesforce.range.count']).to.equal(ranges.length);
    }
    const rows = ranges.reduce((sum, r) => sum + Number(r.attributes['salesforce.range.rows']), 0);
    expect(rows).to.equal(result.receivedRows).and.to.equal(12_000);
    expect(new Set(ranges.map((r) => r.attributes['salesforce.range.index'])).size).to.equal(ranges.length);
  });

  it('a Bulk API 2.0 read: create, poll, results and delete spans naming the job, each over its request', async () => {
    const { result, tree } = await tracedRun(3_000, { api: 'bulk' });
    const create = tree.one('salesforce.bulk_job.create');
    const jobId = create.attributes['salesforce.bulk_job.id'];
    expect(jobId).to.be.a('string');
    expect(create.attributes['salesforce.bulk_job.operation']).to.equal('query');
    const calls = tree.spans.filter((s) => s.name.startsWith('salesforce.bulk_job.'));
    expect(calls.every((s) => s.attributes['salesforce.bulk_job.id'] === jobId)).to.equal(true);
    expect(calls.every((s) => tree.parentOf(s)?.name === 'read')).to.equal(true);
    for (const call of calls) {
      // The first call may also authenticate: its token request nests under it too.
      const jobRequests = requestsUnder(tree, call).filter((r) =>
        String(r.attributes['url.path']).includes('/jobs/query'),
      );
      expect(jobRequests, call.name).to.have.length(1);
    }
    expect(tree.one('salesforce.bulk_job.delete').attributes).to.include({ 'salesforce.bulk_job.id': jobId });
    const sets = tree.named('salesforce.bulk_job.results');
    const setRows = sets.reduce((sum, s) => sum + Number(s.attributes['salesforce.bulk_job.set_records']), 0);
    expect(setRows).to.equal(result.receivedRows).and.to.equal(3_000);
    expect(sets.at(-1)?.attributes['salesforce.bulk_job.more']).to.equal(false);
  });
});
