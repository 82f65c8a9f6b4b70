import { expect } from 'chai';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import {
  fakeCredentialType,
  recordingSink,
  startTestServer,
  syntheticConnector,
  testPlugin,
  type TestServer,
} from '../../../testing.js';
import { value, type Labels } from './sample-scrape.js';

const TOKEN = 'metrics-test-token-0123456789';
const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };

function setup(schedule?: object) {
  return {
    config: {
      credentials: [
        { id: 'fake', name: 'Fake', type: 'fake', url: 'https://api.example.test', token: '${FAKE_TOKEN}' },
      ],
      sinks: [{ id: 'out', type: 'recording' }],
      limits: { maxRowsPerSync: 40 },
      connectors: [
        {
          nqlId: 'small_users',
          name: 'Small',
          connector: 'synthetic',
          credentials: 'fake',
          mapping,
          ...(schedule ? { schedule } : {}),
        },
        {
          nqlId: 'capped_users',
          name: 'Capped (partial)',
          connector: 'synthetic-capped',
          credentials: 'fake',
          mapping,
        },
        { nqlId: 'broken_users', name: 'Broken', connector: 'synthetic-broken', credentials: 'fake', mapping },
      ],
    },
    plugins: [
      testPlugin({
        connectorTemplates: [
          syntheticConnector({ rows: 25, batchSize: 10, credentialTypes: ['fake'] }),
          syntheticConnector({ id: 'synthetic-capped', rows: 55, batchSize: 20, credentialTypes: ['fake'] }),
          syntheticConnector({
            id: 'synthetic-broken',
            rows: 30,
            batchSize: 10,
            failAt: 20,
            credentialTypes: ['fake'],
          }),
        ],
        sinkTypes: [recordingSink()],
        credentialTypes: [fakeCredentialType()],
      }),
    ],
    env: { FAKE_TOKEN: 'fake-token-value' },
    token: TOKEN,
  };
}

/**
 * One scrape of /metrics, parsed with a Prometheus text-format parser. That parser merges every
 * labelled series of a histogram into one, so each connector's duration histogram is also parsed on
 * its own, as `tributary_run_duration_seconds:<connector>` with the connector label taken out.
 */
async function scrape(server: TestServer): Promise<MetricFamily[]> {
  const response = await server.fetch('/metrics');
  expect(response.status).to.equal(200);
  expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const families = parsePrometheusTextFormat(text);
  const histogram = 'tributary_run_duration_seconds';
  const lines = text.split('\n').filter((line) => line.startsWith(`${histogram}_`));
  for (const connector of new Set(lines.map((line) => /connector="([^"]+)"/.exec(line)?.[1]))) {
    const label = new RegExp(`,?connector="${connector}"`);
    const own = lines
      .filter((line) => line.includes(`connector="${connector}"`))
      .map((line) => line.replace(label, '').replace('{}', '').replace('{,', '{'));
    const [parsed] = parsePrometheusTextFormat([`# TYPE ${histogram} histogram`, ...own, ''].join('\n'));
    families.push({ ...parsed!, name: `${histogram}:${connector}` });
  }
  return families;
}

describe('metrics: /metrics in the Prometheus text format', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("counts exactly what the runs' execution-log entries say, per connector and status", async () => {
    server = await startTestServer(setup());
    const before = await scrape(server);
    let smallEndedAt = 0;
    for (const nqlId of ['small_users', 'capped_users', 'broken_users', 'small_users']) {
      const ended = server.nextRunEnd(nqlId);
      expect((await server.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' })).status).to.equal(202);
      const result = await ended;
      if (nqlId === 'small_users') smallEndedAt = result.endedAt.getTime();
    }
    const scrapeFrom = Date.now();
    const after = await scrape(server);
    const scrapeTo = Date.now();
    const { entries } = (await (await server.fetch('/api/runs?limit=500')).json()) as {
      entries: Array<Record<string, string | number>>;
    };
    expect(entries.map((e) => e['status']).sort()).to.deep.equal(['failure', 'partial', 'success', 'success']);

    const increase = (name: string, labels: Labels, field: 'value' | 'count' | 'sum' = 'value') =>
      (value(after, name, labels, field) ?? 0) - (value(before, name, labels, field) ?? 0);
    const sum = (list: typeof entries, field: string) => list.reduce((total, e) => total + Number(e[field]), 0);
    for (const connector of ['small_users', 'capped_users', 'broken_users']) {
      const mine = entries.filter((e) => e['details.nql_id'] === connector);
      for (const status of ['success', 'partial', 'failure']) {
        expect(increase('tributary_runs_total', { connector, status }), `${connector} ${status}`).to.equal(
          mine.filter((e) => e['status'] === status).length,
        );
      }
      expect(increase('tributary_rows_received_total', { connector })).to.equal(
        sum(mine, 'details.number_of_received_rows'),
      );
      expect(increase('tributary_rows_processed_total', { connector })).to.equal(
        sum(mine, 'details.number_of_processed_rows'),
      );
      expect(increase('tributary_rows_imported_total', { connector })).to.equal(
        sum(mine, 'details.number_of_imported_rows'),
      );
      expect(increase('tributary_api_calls_total', { connector })).to.equal(sum(mine, 'details.api_calls'));
      expect(increase(`tributary_run_duration_seconds:${connector}`, {}, 'count')).to.equal(mine.length);
      expect(increase(`tributary_run_duration_seconds:${connector}`, {}, 'sum')).to.be.closeTo(
        sum(mine, 'details.duration_ms') / 1000,
        1e-9,
      );
    }
    expect(increase('tributary_rows_processed_total', { connector: 'capped_users' })).to.equal(40); // the row limit
    // The last success is the second small_users run, its entry's time is its end; the scrape read the clock between our two readings.
    const sinceSuccess = value(after, 'tributary_seconds_since_last_success', { connector: 'small_users' });
    expect(sinceSuccess).to.be.within((scrapeFrom - smallEndedAt) / 1000, (scrapeTo - smallEndedAt) / 1000);
    expect(value(after, 'tributary_seconds_since_last_success', { connector: 'broken_users' })).to.equal(undefined);
    expect(value(after, 'tributary_connector_running', { connector: 'small_users' })).to.equal(0);
    // Health, pause and held runs come from the same operations as the API's: broken_users' newest run failed.
    expect(value(after, 'tributary_connector_health', { connector: 'broken_users', state: 'error' })).to.equal(1);
    expect(value(after, 'tributary_connector_health', { connector: 'small_users', state: 'on-time' })).to.equal(1);
    expect(value(after, 'tributary_connector_paused', { connector: 'small_users' })).to.equal(0);
    expect(value(after, 'tributary_held_runs', { connector: 'capped_users' })).to.equal(0);
  });

  it('reports the scheduler lag and the next run of a scheduled connector, and needs the token', async () => {
    server = await startTestServer(setup({ cron: '* * * * * *' }));
    const ran = await server.nextRunEnd('small_users');
    expect(ran.status).to.equal('success');
    expect(ran.scheduledFor).to.be.instanceOf(Date);
    const tick = ran.scheduledFor!.getTime();
    const families = await scrape(server);
    const scraped = Date.now();
    // The gauges are the newest run's (this one or a later one: the schedule fires every second). That run
    // was due at this run's tick or later and started before the scrape; the next run is the first second
    // after a moment before the scrape.
    expect(value(families, 'tributary_scheduler_lag_seconds', { connector: 'small_users' })).to.be.within(
      0,
      (scraped - tick) / 1000,
    );
    expect(value(families, 'tributary_next_run_timestamp_seconds', { connector: 'small_users' }))
      .to.be.above(tick / 1000)
      .and.at.most(Math.floor(scraped / 1000) + 1);
    expect(value(families, 'tributary_scheduler_lag_seconds', { connector: 'broken_users' })).to.equal(undefined);
    expect((await fetch(`${server.url}/metrics`)).status).to.equal(401);
  });
});
