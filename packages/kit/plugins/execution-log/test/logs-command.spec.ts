import { expect } from 'chai';
import type { CommandIo } from '../../../core/index.js';
import { createLogsCommand } from '../logs-command.js';
import { openLogStore, type LogStore } from '../store/log-store.js';
import { fakeResult } from './fake-run.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const LIST =
  'platform.inbound_connector_logs | list time, status, details.nql_id, details.description, details.api_calls';

function captureIo() {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (err += t) } };
  return { io, out: () => out, err: () => err };
}

describe('execution-log logs command', () => {
  let store: LogStore;
  beforeEach(() => {
    store = openLogStore({ stateDir: ':memory:' });
    void store.append(
      fakeResult({ runId: 'a', status: 'success', endedAt: new Date('2026-11-25T10:00:00.000Z'), apiCalls: 3 }),
    );
    void store.append(
      fakeResult({
        runId: 'b',
        status: 'partial',
        nqlId: 'workday_users',
        endedAt: new Date('2026-11-25T11:00:00.000Z'),
        description: 'Rejected mapping, "department": object\nsecond line',
        apiCalls: 12,
      }),
    );
  });
  afterEach(() => store.close());

  const run = async (positionals: string[], options: Record<string, string | boolean> = {}) => {
    const command = createLogsCommand(
      () => store,
      () => NOW,
    );
    const capture = captureIo();
    const code = await command.run({ positionals, options }, capture.io);
    return { code, out: capture.out(), err: capture.err() };
  };

  it('prints one JSON array of flat objects keyed by the listed field names', async () => {
    const { code, out, err } = await run([LIST], { format: 'json' });
    expect(code).to.equal(0);
    expect(err).to.equal('');
    const parsed = JSON.parse(out) as Record<string, unknown>[];
    expect(parsed).to.deep.equal([
      {
        time: '2026-11-25T10:00:00.000Z',
        status: 'success',
        'details.nql_id': 'salesforce_user_attributes',
        'details.description': '',
        'details.api_calls': 3,
      },
      {
        time: '2026-11-25T11:00:00.000Z',
        status: 'partial',
        'details.nql_id': 'workday_users',
        'details.description': 'Rejected mapping, "department": object\nsecond line',
        'details.api_calls': 12,
      },
    ]);
    expect(Object.keys(parsed[0]!)).to.deep.equal([
      'time',
      'status',
      'details.nql_id',
      'details.description',
      'details.api_calls',
    ]);
  });

  it('prints RFC 4180 CSV: header, CRLF, quoted fields with doubled quotes', async () => {
    const { code, out } = await run([LIST], { format: 'csv' });
    expect(code).to.equal(0);
    expect(out).to.equal(
      'time,status,details.nql_id,details.description,details.api_calls\r\n' +
        '2026-11-25T10:00:00.000Z,success,salesforce_user_attributes,,3\r\n' +
        '2026-11-25T11:00:00.000Z,partial,workday_users,"Rejected mapping, ""department"": object\nsecond line",12\r\n',
    );
  });

  it('prints an aligned table by default, numbers right-aligned, one line per entry', async () => {
    const { code, out } = await run([
      'platform.inbound_connector_logs | list status, details.nql_id, details.api_calls',
    ]);
    expect(code).to.equal(0);
    expect(out).to.equal(
      [
        'status   details.nql_id              details.api_calls',
        '-------  --------------------------  -----------------',
        'success  salesforce_user_attributes                  3',
        'partial  workday_users                              12',
        '',
      ].join('\n'),
    );
    const table = await run([LIST], { format: 'table' });
    expect(table.out.split('\n')).to.have.length(5); // header, rule, 2 entries, final newline
    expect(table.out).to.contain('object second line');
  });

  it('joins the NQL from several arguments, and shows the 20 newest without one', async () => {
    const split = await run(
      ['platform.inbound_connector_logs', '|', 'where', 'status', '==', 'partial', '|', 'list', 'details.run_id'],
      { format: 'json' },
    );
    expect(JSON.parse(split.out)).to.deep.equal([{ 'details.run_id': 'b' }]);
    for (let i = 0; i < 25; i++)
      void store.append(fakeResult({ runId: `n${i}`, endedAt: new Date(NOW.getTime() + i) }));
    const newest = JSON.parse((await run([], { format: 'json' })).out) as Array<Record<string, unknown>>;
    expect(newest).to.have.length(20);
    expect(newest[0]!['details.run_id']).to.equal('n24');
    expect(Object.keys(newest[0]!)).to.include('details.number_of_processed_rows');
  });

  it('says so when nothing matches', async () => {
    expect((await run(['platform.inbound_connector_logs | where status == failure'])).out).to.equal('(no entries)\n');
    expect((await run(['platform.inbound_connector_logs | where status == failure'], { format: 'json' })).out).to.equal(
      '[]\n',
    );
    expect(
      (await run(['platform.inbound_connector_logs | where status == failure | list time'], { format: 'csv' })).out,
    ).to.equal('time\r\n');
  });

  it('exits 2 with the parse error, pointing at the token', async () => {
    const query = 'platform.inbound_connector_logs | whre status == failure';
    const { code, out, err } = await run([query]);
    expect(code).to.equal(2);
    expect(out).to.equal('');
    expect(err).to.equal(
      'Unexpected token "whre" at column 35: expected where, list, sort, limit or summarize\n' +
        `  ${query}\n` +
        `  ${' '.repeat(34)}^\n`,
    );
  });

  it('exits 2 with a usage error for deeply nested parentheses and absurd durations (no stack overflow, no "Invalid time value")', async () => {
    const nested = `platform.inbound_connector_logs | where ${'('.repeat(100_000)}status == failure${')'.repeat(100_000)}`;
    const deep = await run([nested]);
    expect(deep.code).to.equal(2);
    expect(deep.err).to.match(/^Parentheses nest too deep at column 73: at most 32 levels\n/);
    const chain = await run([
      `platform.inbound_connector_logs | where ${Array(50_000).fill('status == failure').join(' or ')}`,
    ]);
    expect(chain.code).to.equal(2);
    expect(chain.err).to.match(/^Too many comparisons at column \d+: a where stage holds at most 256\n/);
    const long = await run(['platform.inbound_connector_logs during past 99999999999999d']);
    expect(long.code).to.equal(2);
    expect(long.err).to.match(/^Duration 99999999999999d at column 45 is too long: at most 36500d \(100 years\)\n/);
    const longest = await run(['platform.inbound_connector_logs during past 36500d | list status']);
    expect(longest.code, longest.err).to.equal(0);
  });

  it('exits 2 for an unknown format', async () => {
    const { code, err } = await run([], { format: 'xml' });
    expect(code).to.equal(2);
    expect(err).to.equal('Unknown --format "xml": expected table, json, csv\n');
  });

  it('documents itself', () => {
    const command = createLogsCommand(() => store);
    expect(command.name).to.equal('logs');
    expect(command.valueOptions).to.deep.equal(['format']);
    expect(command.help).to.contain('--format table|json|csv');
    expect(command.help).to.contain('summarize runs = count() by details.name, status');
  });
});
