import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  CancelledError,
  ExecutionHistoryService,
  FatalError,
  TransientError,
  type RunResult,
  type SourceRecord,
} from '../../../core/index.js';
import {
  recordingSink,
  startTestHost,
  syntheticConnector,
  testPlugin,
  type RecordingSinkType,
  type SyntheticConnectorOptions,
  type TestHost,
} from '../../../testing/index.js';
import executionLog from '../index.js';

interface Setup {
  readonly source: SyntheticConnectorOptions;
  readonly limits?: { maxRowsPerSync?: number; maxRecordsPerUpn?: number };
  readonly mapping?: Record<string, unknown>;
  readonly failCommit?: Error;
  readonly stateDir?: string;
}

/** A real host with the execution-log plugin, a synthetic source and a recording sink. */
async function hostWith(setup: Setup) {
  const sink = recordingSink({ failCommit: setup.failCommit });
  const host = await startTestHost({
    config: {
      ...(setup.limits ? { limits: setup.limits } : {}),
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        {
          nqlId: 'synthetic_users',
          name: 'Synthetic users',
          connector: 'synthetic',
          mapping: {
            identification: 'Username',
            fields: [{ source: 'Department', target: 'department' }],
            ...setup.mapping,
          },
        },
      ],
    },
    withoutBuiltins: true,
    stateDir: setup.stateDir,
    plugins: [testPlugin({ connectorTemplates: [syntheticConnector(setup.source)], sinkTypes: [sink] }), executionLog],
  });
  return { host, sink };
}

/** Runs synthetic_users, expecting it partial with `processed` rows, all committed, and exactly `description`. */
async function runPartial(
  host: TestHost,
  sink: RecordingSinkType,
  processed: number,
  description: string,
): Promise<RunResult> {
  const result = await host.run('synthetic_users');
  expect(result.status).to.equal('partial');
  expect(result.processedRows).to.equal(processed);
  expect(sink.committed()).to.have.length(processed);
  expect(result.description).to.equal(description);
  return result;
}

/** The log as `tributary logs --format json` prints it. */
async function logs(host: TestHost, nql = 'platform.inbound_connector_logs'): Promise<Array<Record<string, unknown>>> {
  const { code, stdout } = await host.runCommand('logs', [nql, '--format', 'json']);
  expect(code).to.equal(0);
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

const shared =
  (n: number, others: number) =>
  (i: number): SourceRecord => ({
    Username: i < n ? [' JDoe@Acme.com', 'jdoe@acme.com ', 'JDOE@ACME.COM'][i % 3] : `user${i}@acme.com`,
    Department: 'Sales',
    others,
  });

describe('execution-log in a host', () => {
  it('cuts a sync at maxRowsPerSync: partial, exactly the limit processed, the description says so first', async () => {
    const { host, sink } = await hostWith({
      source: { rows: 2501, batchSize: 1000 },
      limits: { maxRowsPerSync: 2500 },
    });
    const result = await runPartial(
      host,
      sink,
      2500,
      'Too many rows received: 2,501 received, 2,500 processed (at most 2,500 rows per sync, limits.maxRowsPerSync)',
    );
    const [entry] = await logs(host);
    expect(entry).to.include({
      status: 'partial',
      'details.number_of_received_rows': 2501,
      'details.number_of_processed_rows': 2500,
      'details.description': result.description,
    });
  });

  it('reports the rows the source did not fetch once the limit was reached', async () => {
    const { host } = await hostWith({ source: { rows: 10_000, batchSize: 1000 }, limits: { maxRowsPerSync: 3000 } });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('partial');
    expect(result.processedRows).to.equal(3000);
    expect(result.description).to.match(/^Too many rows received: 10,000 received, 3,000 processed/);
  });

  it('ends partial, "at least" one row more than received, when a source without a total says more rows exist', async () => {
    const { host, sink } = await hostWith({
      source: { rows: 1050, batchSize: 200, announceTotal: false },
      limits: { maxRowsPerSync: 400 },
    });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('partial');
    expect([result.receivedRows, result.processedRows]).to.deep.equal([400, 400]);
    expect(sink.committed()).to.have.length(400);
    expect(result.description).to.equal(
      'Too many rows received: at least 401 received, 400 processed (at most 400 rows per sync, limits.maxRowsPerSync)',
    );
  });

  it('ends success when a source without a total stops at the limit without saying more exist (it cannot be told apart from a last page)', async () => {
    const { host } = await hostWith({
      source: { rows: 1050, batchSize: 200, announceTotal: false, announceMore: false },
      limits: { maxRowsPerSync: 400 },
    });
    const result = await host.run('synthetic_users');
    expect([result.status, result.receivedRows, result.description]).to.deep.equal(['success', 400, '']);
  });

  it('keeps 1,000 rows of a UPN shared by 1,200 rows (any case, spaces) plus 100 others: partial, 1,100 processed', async () => {
    const { host, sink } = await hostWith({ source: { rows: 1300, batchSize: 500, record: shared(1200, 100) } });
    await runPartial(
      host,
      sink,
      1100,
      'Too many records for one UPN: 1 UPN had more than 1,000 rows; 200 rows ignored',
    );
  });

  it('has no per-UPN limit with identifier email', async () => {
    const { host } = await hostWith({
      source: { rows: 1300, batchSize: 500, record: shared(1200, 100) },
      mapping: { identifier: 'email' },
    });
    const result = await host.run('synthetic_users');
    expect(result.status).to.equal('success');
    expect(result.processedRows).to.equal(1300);
    expect(result.description).to.equal('');
  });

  const failures: Array<[kind: string, setup: Setup, description: RegExp]> = [
    [
      'authentication',
      {
        source: {
          rows: 10,
          beforeBatch: () => {
            throw new AuthenticationError('AUTH_REFUSED', 'invalid_client: client identifier invalid');
          },
        },
      },
      /^invalid_client/,
    ],
    [
      'HTTP',
      {
        source: {
          rows: 10,
          beforeBatch: () => {
            throw new TransientError('HTTP_503', 'Salesforce answered 503 after 4 attempts');
          },
        },
      },
      /503/,
    ],
    [
      'SOQL',
      {
        source: {
          rows: 10,
          beforeBatch: () => {
            throw new FatalError('SF_MALFORMED_QUERY', 'MALFORMED_QUERY: unexpected token FORM');
          },
        },
      },
      /^MALFORMED_QUERY/,
    ],
    [
      'sink',
      { source: { rows: 10 }, failCommit: new FatalError('SINK_WRITE', 'The sink refused the batch') },
      /^The sink refused the batch/,
    ],
    ['source', { source: { rows: 10, failAt: 0 } }, /^Synthetic source failed at row 0/],
  ];
  // (An invalid JSONata mapping is refused by the host's config validation before any run starts.)
  for (const [kind, setup, description] of failures) {
    it(`records one failure entry for a failure of kind: ${kind}`, async () => {
      const { host } = await hostWith(setup);
      const result = await host.run('synthetic_users');
      expect(result.status).to.equal('failure');
      const entries = await logs(host);
      expect(entries).to.have.length(1);
      expect(entries[0]!.status).to.equal('failure');
      expect(entries[0]!['details.description']).to.match(description);
    });
  }

  it('records one failure entry for a cancelled run', async () => {
    const abort = new AbortController();
    const { host } = await hostWith({
      source: {
        rows: 5000,
        batchSize: 1000,
        beforeBatch: (i) => void (i === 2 && abort.abort(new CancelledError('Cancelled by shutdown'))),
      },
    });
    const result = await host.run('synthetic_users', { signal: abort.signal });
    expect(result.status).to.equal('failure');
    const entries = await logs(host, 'platform.inbound_connector_logs | list status, details.description');
    expect(entries).to.deep.equal([{ status: 'failure', 'details.description': 'Cancelled by shutdown' }]);
  });

  it('tells the host which connectors ran; reading history or logs before the first run creates no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-log-host-'));
    try {
      const { host } = await hostWith({ source: { rows: 3 }, stateDir: dir });
      const history = host.service(ExecutionHistoryService)!;
      expect(await history.connectors()).to.deep.equal([]);
      expect(await logs(host)).to.deep.equal([]);
      expect(readdirSync(dir)).to.deep.equal([]);
      const result = await host.run('synthetic_users');
      expect(await history.connectors()).to.deep.equal([
        {
          nqlId: 'synthetic_users',
          name: 'Synthetic users',
          connector: 'Synthetic',
          credentialsId: '',
          lastRun: result.endedAt,
        },
      ]);
      expect(readdirSync(dir)).to.include('execution-log.db');
      expect((await logs(host)).map((e) => e['details.run_id'])).to.deep.equal([result.runId]);
      await host.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
