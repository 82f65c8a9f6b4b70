/**
 * The checks the run itself keeps before any commit, whatever the reader, the listeners and the sink:
 * a host without the built-in plugins (no execution log, no guards of its own) still refuses an
 * incomplete read, a run that processed nothing and a field with no value on any row.
 */
import { expect } from 'chai';
import { FatalError, type SinkRecord, type SourceRecord } from 'tributary-kit';
import { RunTally } from 'tributary-kit/internal/kernel/run/run-tally.js';
import { describeEmptyField, namesIn, suggestNames } from 'tributary-kit/internal/kernel/run/empty-field-problem.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import {
  syntheticConnector,
  type SyntheticConnectorOptions,
} from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { bareHost } from '../support/bare-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

interface Field {
  readonly source: string;
  readonly target: string;
  readonly allowEmpty?: boolean;
}

async function run(
  source: SyntheticConnectorOptions,
  connector: { fields?: Field[]; allowShrink?: boolean } = {},
  flags: { allowShrink?: boolean; dryRun?: boolean } = {},
) {
  const sink = recordingSink();
  const host = await bareHost(
    syntheticConfig({
      nqlId: 'people',
      name: 'People',
      ...(connector.allowShrink ? { allowShrink: true } : {}),
      mapping: {
        identification: 'Username',
        fields: connector.fields ?? [{ source: 'Department', target: 'department' }],
      },
    }),
    [testPlugin({ connectorTemplates: [syntheticConnector(source)], sinkTypes: [sink] })],
  );
  const result = await host.run('people', flags);
  return { result, sink };
}

describe('run: completeness, owned by the run', () => {
  it('fails a read that delivers fewer rows than the source announced, naming the source and the numbers; nothing is committed', async () => {
    const { result, sink } = await run({ rows: 4_000, batchSize: 1_000, announcedRows: 5_000 });
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal(
      'Incomplete read: Synthetic announced 5,000 rows but 4,000 were received (1,000 missing); nothing was committed',
    );
    expect(result.receivedRows, 'the rows actually received').to.equal(4_000);
    expect(result.importedRows).to.equal(0);
    expect(sink.runs[0]!.state).to.equal('aborted');
  });

  it('fails a read that announced rows and delivered none (the connector named when it did not say where its figure comes from)', async () => {
    const { result } = await run({ rows: 0, announcedRows: 12_000, displayName: 'Acme: Users' });
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(
      /^Incomplete read: Acme: Users announced 12,000 rows but 0 were received \(12,000 missing\)/,
    );
  });

  it('is not bypassed by allow-shrink, neither the flag nor the connector setting', async () => {
    for (const [connector, flags] of [
      [{ allowShrink: true }, {}],
      [{}, { allowShrink: true }],
    ] as const) {
      const { result, sink } = await run({ rows: 0, announcedRows: 12_000 }, connector, flags);
      expect(result.status).to.equal('failure');
      expect(result.description).to.include('Incomplete read');
      expect(sink.runs[0]!.state).to.equal('aborted');
    }
  });

  it('checks a dry run too', async () => {
    const { result } = await run({ rows: 10, announcedRows: 20 }, {}, { dryRun: true });
    expect(result.status).to.equal('failure');
    expect(result.description).to.include('Incomplete read');
  });

  it('does not call the row limit a shortfall: the source stopped at maxRows', async () => {
    const sink = recordingSink();
    const host = await bareHost(
      {
        limits: { maxRowsPerSync: 1_000, maxRecordsPerUpn: 1_000 },
        ...syntheticConfig({ nqlId: 'people', name: 'People' }),
      },
      [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 5_000, batchSize: 500 })], sinkTypes: [sink] })],
    );
    const result = await host.run('people');
    expect(result.status).to.not.equal('failure');
    expect(result.processedRows).to.equal(1_000);
    expect(result.receivedRows, 'the unread rows still count as received').to.equal(5_000);
  });

  it('says so, without failing, when more rows came than announced (rows added while reading)', async () => {
    const { result } = await run({ rows: 1_010, announcedRows: 1_000 });
    expect(result.status).to.equal('success');
    expect(result.description).to.include('1,010 rows received, 10 more than Synthetic announced (1,000)');
  });

  it('refuses a run that received rows and processed none, even with allow-shrink', async () => {
    const { result } = await run(
      { rows: 40, record: (i) => ({ Username: '', Department: `D${i}` }) },
      { allowShrink: true },
    );
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(
      /^No row was processed: 40 rows received, 40 ignored \(an empty identifier or a limit\); nothing was committed/,
    );
  });
});

describe('run: a field with no value on any row is no data', () => {
  const misspelt = [{ source: 'Departmnet', target: 'department' }];

  it('fails a first run (no baseline) whose field resolves on no record, naming it and suggesting the close name', async () => {
    const { result, sink } = await run({ rows: 5_000 }, { fields: misspelt });
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal(
      'No data: field department has no value on any of the 5,000 processed rows: check the spelling of Departmnet and that the source selects it ' +
        '(did you mean Department?). Nothing was committed; if the field may be empty on every row, set allowEmpty: true on it',
    );
    expect(sink.runs[0]!.state).to.equal('aborted');
  });

  it('lists only the empty fields, one clause each', async () => {
    const fields = [
      { source: 'Departmnet', target: 'department' },
      { source: 'Username', target: 'login' },
      { source: 'Titel', target: 'title' },
    ];
    const { result } = await run(
      { rows: 100, record: (i) => ({ Username: `u${i}@x`, Department: 'D', Title: 'T' }) },
      { fields },
    );
    expect(result.description).to.match(
      /^No data: field department has no value .*Department\?\); field title has no value .*\(did you mean Title\?\)\. Nothing/,
    );
    expect(result.description).not.to.include('field login');
  });

  it('lets an empty field through with allowEmpty: true, and judges no field on fewer than 10 rows', async () => {
    expect((await run({ rows: 5_000 }, { fields: [{ ...misspelt[0]!, allowEmpty: true }] })).result.status).to.equal(
      'success',
    );
    expect((await run({ rows: 9 }, { fields: misspelt })).result.status).to.equal('success');
    expect((await run({ rows: 10 }, { fields: misspelt })).result.status).to.equal('failure');
  });

  it('counts "" as no value, and is not bypassed by allow-shrink', async () => {
    const { result } = await run(
      { rows: 50, record: (i) => ({ Username: `u${i}@x`, Department: '' }) },
      { allowShrink: true },
    );
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/^No data: field department has no value on any of the 50 processed rows/);
  });

  it('finds the names an expression reads and suggests the close ones the records had', () => {
    expect(namesIn('$uppercase(Manager.Emial) & " " & `Cost Centre` & "Departmnet" & $x')).to.deep.equal([
      'Manager',
      'Emial',
      'Cost Centre',
    ]);
    expect(suggestNames('$uppercase(Manager.Emial)', ['Manager', 'Email', 'Username'])).to.deep.equal(['Email']);
    expect(suggestNames('Nothing.close', ['Department'])).to.deep.equal([]);
    expect(describeEmptyField({ source: 'Zzz', target: 'z' }, 12, ['Department'])).to.equal(
      'field z has no value on any of the 12 processed rows: check the spelling of Zzz and that the source selects it',
    );
  });
});

describe('run tally: received = processed + ignored, by cause', () => {
  const records = (n: number): SourceRecord[] =>
    Array.from({ length: n }, (_, i) => ({ Username: `u${i}`, Manager: { Email: 'm@x' } }));
  const out = (n: number): SinkRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      identifier: { kind: 'upn', value: `u${i}` },
      fields: { department: i % 2 ? 'D' : '' },
    }));

  it("counts a balanced batch by cause, with each field's values and the names the records had", () => {
    const tally = new RunTally(['department']);
    tally.add(records(10), out(6), { identificationErrors: 1, identified: 8, vetoed: 1, fieldErrors: 1 });
    expect(tally.received).to.equal(10);
    expect(tally.processed).to.equal(6);
    expect(tally.ignored).to.deep.equal({ emptyIdentifier: 1, mappingErrors: 2, vetoed: 1 });
    expect(tally.fieldValues).to.deep.equal({ department: 3 });
    expect(tally.names).to.deep.equal(['Username', 'Manager', 'Email']);
    tally.restart();
    expect([tally.received, tally.processed, tally.fieldValues.department]).to.deep.equal([0, 0, 0]);
  });

  it('fails the run when a batch loses rows that no cause accounts for', () => {
    const tally = new RunTally(['department']);
    expect(() => tally.add(records(10), out(7), { identificationErrors: 0, identified: 10, vetoed: 1, fieldErrors: 0 }))
      .to.throw(
        FatalError,
        /^Rows unaccounted for: a batch of 10 received rows gave 7 processed rows, but 9 were neither ignored nor rejected/,
      )
      .with.property('code', 'RUN_ROWS_UNACCOUNTED');
    expect(tally.received, 'nothing counted from the bad batch').to.equal(0);
  });
});
