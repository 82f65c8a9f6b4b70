import { expect } from 'chai';
import fc from 'fast-check';
import type { RunResult, SinkRecord } from 'tributary-kit';
import { recordingSink, startTestHost, testPlugin } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { sandboxCredentialEntry } from './support/sandbox-credential.js';

/** The mapping of every run: nested relationship fields, nulls, tricky text, booleans. */
const MAPPING = {
  identification: 'Username',
  identifier: 'upn',
  fields: [
    { source: 'Email', target: 'email' },
    { source: 'Preferred_Name__c', target: 'preferred_name' },
    { source: 'Manager.Name', target: 'manager' },
    { source: 'Manager.Manager.Name', target: 'skip_manager' },
    { source: 'IsActive', target: 'active' },
    { source: 'EmployeeNumber', target: 'employee' },
  ],
};
const QUERIES = [
  'SELECT Id, Username, Email, Preferred_Name__c, Manager.Name, Manager.Manager.Name, IsActive, EmployeeNumber FROM User',
  "SELECT Username, Email, Preferred_Name__c, Manager.Name, Manager.Manager.Name, IsActive, EmployeeNumber FROM User WHERE IsActive = true OR Department = 'Sales'",
];
const PATHS = {
  sequential: { api: 'rest', concurrency: 1 },
  concurrent: { api: 'rest', concurrency: 4 },
  bulk: { api: 'bulk' },
} as const;

interface Outcome {
  readonly rows: string[];
  readonly counts: Pick<RunResult, 'status' | 'receivedRows' | 'processedRows' | 'importedRows'>;
  readonly log: unknown[];
}

async function sync(sandbox: Sandbox, query: string, parameters: Record<string, unknown>): Promise<Outcome> {
  const sink = recordingSink();
  const host = await startTestHost({
    env: { SF_CLIENT_SECRET: sandbox.clientSecret },
    plugins: [testPlugin({ id: 'differential-sink', sinkTypes: [sink] })],
    config: {
      credentials: [sandboxCredentialEntry(sandbox)],
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        {
          nqlId: 'sf_users',
          name: 'Salesforce users',
          connector: 'salesforce-user-attributes',
          credentials: 'sf',
          sink: 'out',
          parameters: { query, ...parameters },
          mapping: MAPPING,
        },
      ],
    },
  });
  try {
    const result = await host.run('sf_users');
    const [entry] = await host.logs();
    const log = [
      'status',
      'details.number_of_received_rows',
      'details.number_of_processed_rows',
      'details.number_of_imported_rows',
    ].map((k) => entry?.[k]);
    const rows = sink
      .committed()
      .map((r: SinkRecord) => JSON.stringify(r))
      .sort();
    return {
      rows,
      counts: {
        status: result.status,
        receivedRows: result.receivedRows,
        processedRows: result.processedRows,
        importedRows: result.importedRows,
      },
      log,
    };
  } finally {
    await host.close();
  }
}

describe('salesforce-user-attributes: one answer, whatever the way of reading', () => {
  it('sequential REST, concurrent Id ranges and Bulk API 2.0 give the same sink contents and execution-log counts on random orgs', async function () {
    this.timeout(240_000);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 3_000 }),
          users: fc.integer({ min: 10_001, max: 12_000 }),
          duplicateUpns: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 1_400 })),
          inactivePercent: fc.integer({ min: 0, max: 60 }),
          query: fc.constantFrom(...QUERIES),
        }),
        async ({ query, ...org }) => {
          const sandbox = await startSandbox({ ...org, latency: true, timeScale: 0 });
          try {
            const outcomes = {
              sequential: await sync(sandbox, query, PATHS.sequential),
              concurrent: await sync(sandbox, query, PATHS.concurrent),
              bulk: await sync(sandbox, query, PATHS.bulk),
            };
            expect(outcomes.sequential.counts.status).to.not.equal('failure');
            expect(outcomes.sequential.rows.length).to.be.above(0);
            for (const other of ['concurrent', 'bulk'] as const) {
              expect(outcomes[other].counts, other).to.deep.equal(outcomes.sequential.counts);
              expect(outcomes[other].log, other).to.deep.equal(outcomes.sequential.log);
              expect(outcomes[other].rows, other).to.deep.equal(outcomes.sequential.rows);
            }
            expect(sandbox.stats.bulkJobsCreated).to.equal(1);
            if (outcomes.sequential.counts.receivedRows > 10_000) expect(sandbox.stats.peakInFlight).to.be.above(1);
          } finally {
            await sandbox.close();
          }
        },
      ),
      { numRuns: 3 },
    );
  });
});
