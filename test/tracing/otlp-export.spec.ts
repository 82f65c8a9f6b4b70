/**
 * Tracing configured in the file: the spans reach an OTLP/HTTP receiver (a local server standing in
 * for a collector) with the service name and the configured headers, whose values are secrets.
 */
import { expect } from 'chai';
import { startLocalServer, type LocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { tracesUrl } from 'tributary-kit/internal/kernel/tracing/otlp-exporter.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { tracedHost } from './traced-host.js';

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: number | string };
}
interface OtlpBody {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeSpans: ReadonlyArray<{
      readonly spans: ReadonlyArray<{ readonly name: string; readonly attributes: readonly OtlpAttribute[] }>;
    }>;
  }>;
}

const TOKEN = 'otlp-T0ken-for-the-collector';

describe('tracing: OTLP export', () => {
  let receiver: LocalServer;

  beforeEach(async () => {
    receiver = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  afterEach(() => receiver.close());

  it('posts the run spans as OTLP JSON to /v1/traces with the service name and the headers, the token redacted', async () => {
    const config = {
      tracing: {
        serviceName: 'tributary-test',
        // No path: the host adds the standard /v1/traces.
        otlp: { url: receiver.url, headers: { Authorization: 'Bearer ${OTLP_TOKEN}' } },
      },
      connectors: [
        {
          nqlId: 'people',
          name: 'People',
          connector: 'synthetic',
          mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        },
      ],
    };
    const plugin = testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows: 5 })] });
    const { host, logger } = await tracedHost(config, [plugin], undefined, { OTLP_TOKEN: TOKEN });
    const result = await host.run('people');
    await host.close(); // exports what the batch still holds

    const posts = receiver.requests.filter((r) => r.method === 'POST' && r.url === '/v1/traces');
    expect(posts.length, JSON.stringify(receiver.requests.map((r) => r.url))).to.be.at.least(1);
    expect(posts[0]?.headers['content-type']).to.equal('application/json');
    expect(posts[0]?.headers['authorization']).to.equal(`Bearer ${TOKEN}`);
    const bodies = posts.map((p) => JSON.parse(p.body) as OtlpBody);
    const resource = bodies[0]?.resourceSpans[0]?.resource.attributes ?? [];
    expect(resource).to.deep.include({ key: 'service.name', value: { stringValue: 'tributary-test' } });
    const spans = bodies.flatMap((b) => b.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    const run = spans.find((s) => s.name === 'run');
    expect(run?.attributes).to.deep.include({ key: 'tributary.run_id', value: { stringValue: result.runId } });
    expect(spans.map((s) => s.name)).to.include.members(['open', 'start', 'read', 'commit', 'sink.commit']);

    expect(host.redactor.redact(`token ${TOKEN}`)).to.equal('token ***');
    expect(logger.lines.join('\n')).not.to.include(TOKEN);
  });

  it('says once, naming the collector by host, when it cannot export; the run is not affected', async () => {
    await receiver.close();
    const config = {
      tracing: { otlp: { url: `${receiver.url}/v1/traces`, timeoutMs: 2_000 } },
      connectors: [
        {
          nqlId: 'people',
          name: 'People',
          connector: 'synthetic',
          mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        },
      ],
    };
    const plugin = testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows: 5 })] });
    const { host, logger } = await tracedHost(config, [plugin], undefined);
    expect((await host.run('people')).status).to.equal('success');
    await host.close();
    const warnings = logger.lines.filter((l) => l.includes('Tracing: could not export'));
    expect(warnings, logger.lines.join('\n')).to.have.length(1);
    expect(warnings[0]).to.include(new URL(receiver.url).host);
  });

  it('finds the endpoint in the config, else in the standard variables, else on the local collector', () => {
    expect(tracesUrl('http://collector:4318', {})).to.equal('http://collector:4318/v1/traces');
    expect(tracesUrl('https://otel.example.com/custom/path', {})).to.equal('https://otel.example.com/custom/path');
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://agent:4318/' };
    expect(tracesUrl(undefined, env)).to.equal('http://agent:4318/v1/traces');
    expect(tracesUrl(undefined, { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:1/x' })).to.equal(
      'http://t:1/x',
    );
    expect(tracesUrl(undefined, {})).to.equal('http://localhost:4318/v1/traces');
  });
});
