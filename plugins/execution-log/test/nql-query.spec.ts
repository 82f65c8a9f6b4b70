import { expect } from 'chai';
import type { RunResult } from '../../../core/index.js';
import { NQL_EXAMPLES } from '../nql/nql-examples.js';
import { queryLogs } from '../query-logs.js';
import { openLogStore, type LogStore } from '../store/log-store.js';
import { fakeResult } from './fake-run.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const H = 3_600_000;
const T = 'platform.inbound_connector_logs';

const ENTRIES: Partial<RunResult>[] = [
  { runId: 'r1', name: 'Salesforce users', status: 'success', endedAt: ago(1 * H), receivedRows: 100 },
  { runId: 'r2', name: 'Salesforce users', status: 'partial', endedAt: ago(48 * H), receivedRows: 3_000_001, description: 'Too many rows received' },
  { runId: 'r3', name: 'Workday Users', nqlId: 'workday_users', status: 'failure', endedAt: ago(240 * H), receivedRows: 0, description: 'Authentication failed' },
  { runId: 'r4', name: 'Sales EMEA [eu]', nqlId: 'sales_emea', status: 'partial', endedAt: ago(960 * H), receivedRows: 50 },
  { runId: 'r5', name: 'Ünïcode Ñame', nqlId: 'unicode', status: 'success', endedAt: ago(0.5 * H), receivedRows: 7 },
];

describe('execution-log NQL queries', () => {
  let store: LogStore;
  before(() => {
    store = openLogStore({ stateDir: ':memory:' });
    for (const e of ENTRIES) store.append(fakeResult(e));
  });
  after(() => store.close());

  /** The run ids a `where` (or any pipeline) selects, in result order. */
  const ids = (pipeline: string) =>
    queryLogs(store, `${T} ${pipeline} | list details.run_id`, NOW).rows.map((r) => r['details.run_id']);
  const rows = (pipeline: string) => queryLogs(store, `${T} ${pipeline}`, NOW).rows;

  it('selects the whole table in time order, and the newest 20 without a query', () => {
    expect(ids('')).to.deep.equal(['r4', 'r3', 'r2', 'r1', 'r5']);
    const newest = queryLogs(store, undefined, NOW);
    expect(newest.rows.map((r) => r['details.run_id'])).to.deep.equal(['r5', 'r1', 'r2', 'r3', 'r4']);
    expect(newest.columns).to.include.members(['time', 'status', 'details.nql_id', 'details.api_calls']);
  });

  it('filters with during past N min, h and d', () => {
    expect(ids('during past 45min')).to.deep.equal(['r5']);
    expect(ids('during past 2h')).to.deep.equal(['r1', 'r5']);
    expect(ids('during past 7d')).to.deep.equal(['r2', 'r1', 'r5']);
    expect(ids('during past 30d')).to.deep.equal(['r3', 'r2', 'r1', 'r5']);
  });

  it('compares numbers with every operator', () => {
    const f = 'details.number_of_received_rows';
    expect(ids(`| where ${f} == 100`)).to.deep.equal(['r1']);
    expect(ids(`| where ${f} = 100`)).to.deep.equal(['r1']);
    expect(ids(`| where ${f} != 100`)).to.deep.equal(['r4', 'r3', 'r2', 'r5']);
    expect(ids(`| where ${f} < 50`)).to.deep.equal(['r3', 'r5']);
    expect(ids(`| where ${f} <= 50`)).to.deep.equal(['r4', 'r3', 'r5']);
    expect(ids(`| where ${f} > 100`)).to.deep.equal(['r2']);
    expect(ids(`| where ${f} >= 100`)).to.deep.equal(['r2', 'r1']);
    expect(ids(`| where ${f} in [0, 7]`)).to.deep.equal(['r3', 'r5']);
    expect(ids(`| where ${f} !in [0, 7]`)).to.deep.equal(['r4', 'r2', 'r1']);
  });

  it('matches enumerations unquoted or quoted, in any case, with in and !in', () => {
    expect(ids('| where status == failure')).to.deep.equal(['r3']);
    expect(ids('| where status == "FAILURE"')).to.deep.equal(['r3']);
    expect(ids('| where status = Partial')).to.deep.equal(['r4', 'r2']);
    expect(ids('| where status != success')).to.deep.equal(['r4', 'r3', 'r2']);
    expect(ids('| where status in [partial, failure]')).to.deep.equal(['r4', 'r3', 'r2']);
    expect(ids('| where status !in [partial, failure]')).to.deep.equal(['r1', 'r5']);
    expect(ids('| where status == "fail*"')).to.deep.equal(['r3']);
  });

  it('compares strings case-insensitively (Unicode too), with * and ? wildcards', () => {
    expect(ids('| where details.name == "SALESFORCE USERS"')).to.deep.equal(['r2', 'r1']);
    expect(ids('| where details.name == "ünïcode ñAME"')).to.deep.equal(['r5']);
    expect(ids('| where details.name == "sales*"')).to.deep.equal(['r4', 'r2', 'r1']);
    expect(ids('| where details.name == "?orkday*"')).to.deep.equal(['r3']);
    expect(ids('| where details.name == "sales"')).to.deep.equal([]);
    expect(ids('| where details.name != "sales*"')).to.deep.equal(['r3', 'r5']);
    expect(ids('| where details.name == "*[eu]"')).to.deep.equal(['r4']);
    expect(ids('| where details.name in ["workday*", \'sales emea [EU]\']')).to.deep.equal(['r4', 'r3']);
    expect(ids('| where details.name !in ["*users"]')).to.deep.equal(['r4', 'r5']);
    expect(ids('| where details.description == "*ROWS*"')).to.deep.equal(['r2']);
  });

  it('orders strings and datetimes', () => {
    expect(ids('| where details.nql_id < "t"')).to.deep.equal(['r4', 'r2', 'r1']);
    expect(ids('| where time > "2026-11-20T00:00:00Z"')).to.deep.equal(['r2', 'r1', 'r5']);
    expect(ids('| where time <= "2026-11-15T12:00:00Z"')).to.deep.equal(['r4', 'r3']);
    expect(ids('| where time == "2026-11-25T11:30:00Z"')).to.deep.equal(['r5']);
    expect(ids('| where details.started_at == "2026-11-20*"')).to.deep.equal(['r4', 'r3', 'r2', 'r1', 'r5']);
  });

  it('combines conditions: and binds tighter than or, parentheses group', () => {
    expect(ids('| where status == success or status == failure and details.number_of_received_rows > 5')).to.deep.equal(['r1', 'r5']);
    expect(ids('| where (status == success or status == failure) and details.number_of_received_rows > 5')).to.deep.equal(['r1', 'r5']);
    expect(ids('| where (status == success or status == failure) and details.number_of_received_rows < 50')).to.deep.equal(['r3', 'r5']);
    expect(ids('| where status == partial | where details.number_of_received_rows < 100')).to.deep.equal(['r4']);
  });

  it('lists, sorts (asc, desc, several keys) and limits', () => {
    expect(rows('| list details.nql_id, status | limit 1')).to.deep.equal([{ 'details.nql_id': 'sales_emea', status: 'partial' }]);
    expect(ids('| sort time desc')).to.deep.equal(['r5', 'r1', 'r2', 'r3', 'r4']);
    expect(ids('| sort time asc')).to.deep.equal(['r4', 'r3', 'r2', 'r1', 'r5']);
    expect(ids('| sort time')).to.deep.equal(['r4', 'r3', 'r2', 'r1', 'r5']);
    expect(ids('| sort status desc, details.number_of_received_rows asc')).to.deep.equal(['r5', 'r1', 'r4', 'r2', 'r3']);
    expect(ids('| sort time desc | limit 2')).to.deep.equal(['r5', 'r1']);
    expect(ids('| limit 3 | limit 10')).to.have.length(3);
    expect(ids('| limit 0')).to.deep.equal([]);
  });

  it('applies stages in order: a where after a limit filters the limited rows', () => {
    expect(ids('| sort time desc | limit 2 | where status == partial')).to.deep.equal([]);
    expect(ids('| where status == partial | sort time desc | limit 2')).to.deep.equal(['r2', 'r4']);
    expect(ids('| limit 2 | sort time desc')).to.deep.equal(['r3', 'r4']);
  });

  it('summarizes counts, with and without by, then sorts and filters on the count', () => {
    expect(rows('| summarize runs = count()')).to.deep.equal([{ runs: 5 }]);
    expect(rows('| summarize runs = count() by status | sort runs desc, status asc')).to.deep.equal([
      { status: 'partial', runs: 2 },
      { status: 'success', runs: 2 },
      { status: 'failure', runs: 1 },
    ]);
    expect(rows('| summarize n = count() by details.name | where n > 1')).to.deep.equal([{ 'details.name': 'Salesforce users', n: 2 }]);
    expect(rows('| where details.name == "salesforce*" | summarize n = count() by details.nql_id')).to.deep.equal([
      { 'details.nql_id': 'salesforce_user_attributes', n: 2 },
    ]);
    expect(rows('| limit 2 | summarize n = count()')).to.deep.equal([{ n: 2 }]);
    expect(rows('| summarize n = count() by status | list n | sort n desc | limit 1')).to.deep.equal([{ n: 2 }]);
  });

  it('accepts keywords and field names in any case', () => {
    expect(ids('DURING PAST 2H | WHERE Status == SUCCESS AND Details.Number_Of_Received_Rows > 50')).to.deep.equal(['r1']);
  });

  it('runs the three documented examples', () => {
    const [failures, recent, summary] = NQL_EXAMPLES.map((q) => queryLogs(store, q, NOW));
    expect(failures!.columns).to.deep.equal(['time', 'details.name', 'details.description']);
    expect(failures!.rows).to.deep.equal([]);
    expect(recent!.rows.map((r) => r.status)).to.deep.equal(['partial']);
    expect(summary!.columns).to.deep.equal(['details.name', 'status', 'runs']);
    expect(summary!.rows).to.have.deep.members([
      { 'details.name': 'Salesforce users', status: 'success', runs: 1 },
      { 'details.name': 'Salesforce users', status: 'partial', runs: 1 },
      { 'details.name': 'Ünïcode Ñame', status: 'success', runs: 1 },
    ]);
  });
});
