import { expect } from 'chai';
import { FatalError, LOG_FIELDS, silentLogger } from 'tributary-kit';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli, tempProject } from '../support/run-cli.js';
import { sqliteConfig } from '../support/sqlite-config.js';

const LONG =
  'The source refused the request because the integration user lacks the View All Users permission; ask an admin';

function project() {
  const stateDir = tempProject({});
  const record = (i: number) => ({
    Username: `user${i}@example.com`,
    Department: `D${i % 3}`,
    Title: i === 1 ? undefined : `T${i}`,
  });
  const config = sqliteConfig(stateDir, [
    {
      nqlId: 'people',
      name: 'People',
      connector: 'people',
      mapping: {
        identification: 'Username',
        onMissingValue: 'keep',
        fields: [
          { source: 'Department', target: 'department' },
          { source: 'Title', target: 'title' },
        ],
      },
    },
    {
      nqlId: 'a_connector_with_a_rather_long_nql_id',
      name: 'Broken',
      connector: 'broken',
      mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
    },
  ]);
  const plugins = [
    testPlugin({
      connectorTemplates: [
        syntheticConnector({ id: 'people', rows: 3, record }),
        syntheticConnector({
          id: 'broken',
          rows: 1,
          beforeBatch: () => Promise.reject(new FatalError('BROKEN', LONG)),
        }),
      ],
    }),
  ];
  return (argv: string[]) => runCli(argv, { host: { logger: silentLogger, config, plugins } });
}

describe('CLI output for operators', () => {
  it('run --format json prints the execution-log entries as one JSON array (the exit code still says how it went)', async () => {
    const cli = project();
    const out = await cli(['run', 'people', '--format', 'json']);
    expect(out.code, out.stderr).to.equal(0);
    const [entry] = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(entry!)).to.deep.equal(LOG_FIELDS.map((f) => f.name));
    expect(entry).to.deep.include({
      status: 'success',
      'details.nql_id': 'people',
      'details.number_of_processed_rows': 3,
      'details.dry_run': 'false',
    });
    const all = await cli(['run', '--format', 'json', '--dry-run']);
    expect(all.code).to.equal(1);
    expect(
      (JSON.parse(all.stdout) as Array<Record<string, unknown>>).map((e) => [e['status'], e['details.dry_run']]),
    ).to.deep.equal([
      ['success', 'true'],
      ['failure', 'true'],
    ]);
    expect((await cli(['run', '--format', 'yaml'])).code).to.equal(2);
  });

  it('logs without a query fits 120 columns; --wide and --format json give every field', async () => {
    const cli = project();
    await cli(['run']);
    const table = await cli(['logs']);
    expect(table.code, table.stderr).to.equal(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^time +status +nql_id +processed +duration_ms +description$/);
    expect(lines).to.have.length(4);
    for (const line of lines) expect(line.length, line).to.be.at.most(120);
    expect(table.stdout).to.match(/failure +a_connector_with_a_rather_long_nql_id +0 +\d+ +The source refused.*…$/m);
    const wide = await cli(['logs', '--wide']);
    expect(wide.stdout.split('\n')[0]).to.include('details.credentials_id').and.include('details.api_calls');
    expect(wide.stdout).to.include(LONG);
    const json = JSON.parse((await cli(['logs', '--format', 'json'])).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(json[0]!)).to.deep.equal(LOG_FIELDS.map((f) => f.name));
  });

  it('users --by-user prints one row per user with a column per field, as a table, CSV or JSON', async () => {
    const cli = project();
    await cli(['run', 'people']);
    const table = await cli(['users', '--by-user']);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.equal(
      [
        'identifier         department  title',
        '-----------------  ----------  -----',
        'user0@example.com  D0          T0',
        'user1@example.com  D1',
        'user2@example.com  D2          T2',
        '',
      ].join('\n'),
    );
    expect((await cli(['users', '--by-user', '--format', 'csv'])).stdout).to.equal(
      'identifier,department,title\r\nuser0@example.com,D0,T0\r\nuser1@example.com,D1,\r\nuser2@example.com,D2,T2\r\n',
    );
    const json = JSON.parse(
      (await cli(['users', '--by-user', '--format', 'json', '--identifier', 'USER2@example.com'])).stdout,
    ) as unknown[];
    expect(json).to.deep.equal([{ kind: 'upn', identifier: 'user2@example.com', department: 'D2', title: 'T2' }]);
  });
});
