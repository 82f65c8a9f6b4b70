import { expect } from 'chai';
import type { RunResult } from 'tributary-kit';
import { exitCodeOf, formatRunResult } from '../../host/cli/format-run-result.js';

const result: RunResult = {
  runId: 'r-1',
  nqlId: 'sf_users',
  name: 'Salesforce users',
  connector: 'Salesforce: User Attributes',
  credentials: 'Production',
  credentialsId: 'sf',
  identifierKind: 'upn',
  startedAt: new Date('2026-11-25T10:00:00.000Z'),
  dryRun: false,
  status: 'partial',
  endedAt: new Date('2026-11-25T10:00:02.500Z'),
  durationMs: 2500,
  description: 'Rows ignored because their identifier is empty (×2)',
  receivedRows: 1200,
  processedRows: 1198,
  importedRows: 1198,
  apiCalls: 1,
};

describe('tributary run: the printed log entry', () => {
  it('prints every field of the execution-log entry, in the log’s names', () => {
    expect(formatRunResult(result).split('\n')).to.deep.equal([
      'sf_users: PARTIAL',
      '  time                               2026-11-25T10:00:02.500Z',
      '  status                             partial',
      '  details.name                       Salesforce users',
      '  details.connector                  Salesforce: User Attributes',
      '  details.credentials                Production',
      '  details.credentials_id             sf',
      '  details.nql_id                     sf_users',
      '  details.number_of_received_rows    1,200',
      '  details.number_of_processed_rows   1,198',
      '  details.number_of_imported_rows    1,198',
      '  details.api_calls                  1',
      '  details.started_at                 2026-11-25T10:00:00.000Z',
      '  details.duration_ms                2500 (2.5 s)',
      '  details.run_id                     r-1',
      '  details.description                Rows ignored because their identifier is empty (×2)',
      '',
    ]);
  });

  it('marks a dry run and leaves out an empty description', () => {
    const text = formatRunResult({ ...result, status: 'success', description: '', dryRun: true });
    expect(text.split('\n')[0]).to.equal('sf_users: SUCCESS (dry run: nothing written)');
    expect(text).not.to.include('details.description');
  });

  it('exits 1 when any run failed, 3 when some were partial, else 0', () => {
    expect(exitCodeOf([{ ...result, status: 'success' }])).to.equal(0);
    expect(exitCodeOf([{ ...result, status: 'success' }, result])).to.equal(3);
    expect(exitCodeOf([result, { ...result, status: 'failure' }])).to.equal(1);
  });
});
