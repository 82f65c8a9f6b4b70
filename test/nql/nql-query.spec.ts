import { expect } from 'chai';
import { NQL_EXAMPLES, queryLogs, type RunResult } from 'tributary-kit';
import { STORES, type StoreUnderTest } from './log-stores.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const H = 3_600_000;
const T = 'platform.inbound_connector_logs';

const ENTRIES: Partial<RunResult>[] = [
  {
    runId: 'r1',
    name: 'Salesforce users',
    status: 'success',
    endedAt: ago(1 * H),
    receivedRows: 100,
    host: 'node-a:11',
  },
  {
    runId: 'r2',
    name: 'Salesforce users',
    status: 'partial',
    endedAt: ago(48 * H),
    receivedRows: 3_000_001,
    description: 'Too many rows received',
    host: 'node-b:12',
    scheduledFor: ago(48 * H + 60_000),
  },
  {
    runId: 'r3',
    name: 'Workday Users',
    nqlId: 'workday_users',
    status: 'failure',
    endedAt: ago(240 * H),
    receivedRows: 0,
    description: 'Authentication failed',
  },
  {
    runId: 'r4',
    name: 'Sales EMEA [eu]',
    nqlId: 'sales_emea',
    status: 'partial',
    endedAt: ago(960 * H),
    receivedRows: 50,
  },
  { runId: 'r5', name: 'Ünïcode Ñame', nqlId: 'unicode', status: 'success', endedAt: ago(0.5 * H), receivedRows: 7 },
  {
    runId: 'r6',
    name: 'ΟΔΟΣ İstanbul 50%_off',
    nqlId: 'greek',
    status: 'failure',
    endedAt: ago(2000 * H),
    receivedRows: 1,
  },
];

for (const { kind, open } of STORES) {
  describe(`execution-log NQL queries (${kind} store)`, function () {
    this.timeout(60_000);
    let under: StoreUnderTest;
    before(async () => {
      under = await open(ENTRIES);
    });
    after(() => under?.close());

    /** The run ids a `where` (or any pipeline) selects, in result order. */
    const ids = async (pipeline: string) =>
      (await queryLogs(under.store, `${T} ${pipeline} | list details.run_id`, NOW)).rows.map(
        (r) => r['details.run_id'],
      );
    const rows = async (pipeline: string) => (await queryLogs(under.store, `${T} ${pipeline}`, NOW)).rows;

    it('selects the whole table in time order, and the newest 20 without a query', async () => {
      expect(await ids('')).to.deep.equal(['r6', 'r4', 'r3', 'r2', 'r1', 'r5']);
      const newest = await queryLogs(under.store, undefined, NOW);
      expect(newest.rows.map((r) => r['details.run_id'])).to.deep.equal(['r5', 'r1', 'r2', 'r3', 'r4', 'r6']);
      expect(newest.columns).to.include.members([
        'time',
        'status',
        'details.nql_id',
        'details.api_calls',
        'details.host',
        'details.scheduled_for',
      ]);
    });

    it('filters with during past N min, h and d', async () => {
      expect(await ids('during past 45min')).to.deep.equal(['r5']);
      expect(await ids('during past 2h')).to.deep.equal(['r1', 'r5']);
      expect(await ids('during past 7d')).to.deep.equal(['r2', 'r1', 'r5']);
      expect(await ids('during past 30d')).to.deep.equal(['r3', 'r2', 'r1', 'r5']);
    });

    it('compares numbers with every operator', async () => {
      const f = 'details.number_of_received_rows';
      expect(await ids(`| where ${f} == 100`)).to.deep.equal(['r1']);
      expect(await ids(`| where ${f} = 100`)).to.deep.equal(['r1']);
      expect(await ids(`| where ${f} != 100`)).to.deep.equal(['r6', 'r4', 'r3', 'r2', 'r5']);
      expect(await ids(`| where ${f} < 50`)).to.deep.equal(['r6', 'r3', 'r5']);
      expect(await ids(`| where ${f} <= 50`)).to.deep.equal(['r6', 'r4', 'r3', 'r5']);
      expect(await ids(`| where ${f} > 100`)).to.deep.equal(['r2']);
      expect(await ids(`| where ${f} >= 100`)).to.deep.equal(['r2', 'r1']);
      expect(await ids(`| where ${f} < 7.5`)).to.deep.equal(['r6', 'r3', 'r5']);
      expect(await ids(`| where ${f} in [0, 7]`)).to.deep.equal(['r3', 'r5']);
      expect(await ids(`| where ${f} !in [0, 7]`)).to.deep.equal(['r6', 'r4', 'r2', 'r1']);
    });

    it('matches enumerations unquoted or quoted, in any case, with in and !in', async () => {
      expect(await ids('| where status == failure')).to.deep.equal(['r6', 'r3']);
      expect(await ids('| where status == "FAILURE"')).to.deep.equal(['r6', 'r3']);
      expect(await ids('| where status = Partial')).to.deep.equal(['r4', 'r2']);
      expect(await ids('| where status != success')).to.deep.equal(['r6', 'r4', 'r3', 'r2']);
      expect(await ids('| where status in [partial, failure]')).to.deep.equal(['r6', 'r4', 'r3', 'r2']);
      expect(await ids('| where status !in [partial, failure]')).to.deep.equal(['r1', 'r5']);
      expect(await ids('| where status == "fail*"')).to.deep.equal(['r6', 'r3']);
    });

    it('compares strings case-insensitively (Unicode too: final sigma, dotted İ), with * and ? wildcards', async () => {
      expect(await ids('| where details.name == "SALESFORCE USERS"')).to.deep.equal(['r2', 'r1']);
      expect(await ids('| where details.name == "ünïcode ñAME"')).to.deep.equal(['r5']);
      expect(await ids('| where details.name == "ΟΔΟΣ İSTANBUL*"')).to.deep.equal(['r6']);
      expect(await ids('| where details.name == "ΟΔΟΣ*"')).to.deep.equal(['r6']);
      expect(await ids('| where details.name == "*50%_off"')).to.deep.equal(['r6']);
      expect(await ids('| where details.name == "*50?_off"')).to.deep.equal(['r6']);
      expect(await ids('| where details.name == "*5%"')).to.deep.equal([]);
      expect(await ids('| where details.name == "sales*"')).to.deep.equal(['r4', 'r2', 'r1']);
      expect(await ids('| where details.name == "?orkday*"')).to.deep.equal(['r3']);
      expect(await ids('| where details.name == "sales"')).to.deep.equal([]);
      expect(await ids('| where details.name != "sales*"')).to.deep.equal(['r6', 'r3', 'r5']);
      expect(await ids('| where details.name == "*[eu]"')).to.deep.equal(['r4']);
      expect(await ids('| where details.name in ["workday*", \'sales emea [EU]\']')).to.deep.equal(['r4', 'r3']);
      expect(await ids('| where details.name !in ["*users"]')).to.deep.equal(['r6', 'r4', 'r5']);
      expect(await ids('| where details.description == "*ROWS*"')).to.deep.equal(['r2']);
    });

    it('orders strings and datetimes byte-wise, whatever the locale', async () => {
      expect(await ids('| where details.nql_id < "t"')).to.deep.equal(['r6', 'r4', 'r2', 'r1']);
      expect(await ids('| where time > "2026-11-20T00:00:00Z"')).to.deep.equal(['r2', 'r1', 'r5']);
      expect(await ids('| where time <= "2026-11-15T12:00:00Z"')).to.deep.equal(['r6', 'r4', 'r3']);
      expect(await ids('| where time == "2026-11-25T11:30:00Z"')).to.deep.equal(['r5']);
      expect(await ids('| where details.started_at == "2026-11-20*"')).to.deep.equal([
        'r6',
        'r4',
        'r3',
        'r2',
        'r1',
        'r5',
      ]);
      expect(await ids('| sort details.name asc')).to.deep.equal(['r4', 'r1', 'r2', 'r3', 'r5', 'r6']);
    });

    it('has the host and the scheduled tick of each run', async () => {
      expect(
        await rows('| where details.host == "node-*" | list details.run_id, details.host, details.scheduled_for'),
      ).to.deep.equal([
        { 'details.run_id': 'r2', 'details.host': 'node-b:12', 'details.scheduled_for': '2026-11-23T11:59:00.000Z' },
        { 'details.run_id': 'r1', 'details.host': 'node-a:11', 'details.scheduled_for': '' },
      ]);
    });

    it('combines conditions: and binds tighter than or, parentheses group', async () => {
      expect(
        await ids('| where status == success or status == failure and details.number_of_received_rows > 5'),
      ).to.deep.equal(['r1', 'r5']);
      expect(
        await ids('| where (status == success or status == failure) and details.number_of_received_rows > 5'),
      ).to.deep.equal(['r1', 'r5']);
      expect(
        await ids('| where (status == success or status == failure) and details.number_of_received_rows < 50'),
      ).to.deep.equal(['r6', 'r3', 'r5']);
      expect(await ids('| where status == partial | where details.number_of_received_rows < 100')).to.deep.equal([
        'r4',
      ]);
    });

    it('lists, sorts (asc, desc, several keys, ties in insertion order) and limits', async () => {
      expect(await rows('| list details.nql_id, status | limit 1')).to.deep.equal([
        { 'details.nql_id': 'greek', status: 'failure' },
      ]);
      expect(await ids('| sort time desc')).to.deep.equal(['r5', 'r1', 'r2', 'r3', 'r4', 'r6']);
      expect(await ids('| sort time asc')).to.deep.equal(['r6', 'r4', 'r3', 'r2', 'r1', 'r5']);
      expect(await ids('| sort time')).to.deep.equal(['r6', 'r4', 'r3', 'r2', 'r1', 'r5']);
      expect(await ids('| sort status desc, details.number_of_received_rows asc')).to.deep.equal([
        'r5',
        'r1',
        'r4',
        'r2',
        'r3',
        'r6',
      ]);
      expect(await ids('| sort status')).to.deep.equal(['r3', 'r6', 'r2', 'r4', 'r1', 'r5']);
      expect(await ids('| sort time desc | limit 2')).to.deep.equal(['r5', 'r1']);
      expect(await ids('| limit 3 | limit 10')).to.have.length(3);
      expect(await ids('| limit 0')).to.deep.equal([]);
    });

    it('applies stages in order: a where after a limit filters the limited rows, in their order', async () => {
      expect(await ids('| sort time desc | limit 2 | where status == partial')).to.deep.equal([]);
      expect(await ids('| where status == partial | sort time desc | limit 2')).to.deep.equal(['r2', 'r4']);
      expect(await ids('| limit 2 | sort time desc')).to.deep.equal(['r4', 'r6']);
      expect(await ids('| sort time desc | limit 4 | where details.number_of_received_rows > 0')).to.deep.equal([
        'r5',
        'r1',
        'r2',
      ]);
      expect(await ids('| sort status | list details.run_id | limit 3 | where details.run_id != "r6"')).to.deep.equal([
        'r3',
        'r2',
      ]);
    });

    it('summarizes counts, with and without by, then sorts and filters on the count', async () => {
      expect(await rows('| summarize runs = count()')).to.deep.equal([{ runs: 6 }]);
      expect(await rows('| summarize runs = count() by status | sort runs desc, status asc')).to.deep.equal([
        { status: 'failure', runs: 2 },
        { status: 'partial', runs: 2 },
        { status: 'success', runs: 2 },
      ]);
      expect(
        await rows('| summarize runs = count() by status | sort runs desc | limit 1 | where runs > 1'),
      ).to.deep.equal([{ status: 'failure', runs: 2 }]);
      expect(await rows('| summarize n = count() by details.name | where n > 1')).to.deep.equal([
        { 'details.name': 'Salesforce users', n: 2 },
      ]);
      expect(
        await rows('| where details.name == "salesforce*" | summarize n = count() by details.nql_id'),
      ).to.deep.equal([{ 'details.nql_id': 'salesforce_user_attributes', n: 2 }]);
      expect(await rows('| limit 2 | summarize n = count()')).to.deep.equal([{ n: 2 }]);
      expect(await rows('| summarize n = count() by status | list n | sort n desc | limit 1')).to.deep.equal([
        { n: 2 },
      ]);
    });

    it('accepts keywords and field names in any case', async () => {
      expect(
        await ids('DURING PAST 2H | WHERE Status == SUCCESS AND Details.Number_Of_Received_Rows > 50'),
      ).to.deep.equal(['r1']);
    });

    it('runs the three documented examples', async () => {
      const [failures, recent, summary] = await Promise.all(NQL_EXAMPLES.map((q) => queryLogs(under.store, q, NOW)));
      expect(failures!.columns).to.deep.equal(['time', 'details.name', 'details.description']);
      expect(failures!.rows).to.deep.equal([]);
      expect(recent!.rows.map((r) => r.status)).to.deep.equal(['partial']);
      expect(summary!.columns).to.deep.equal(['details.name', 'status', 'runs']);
      expect(summary!.rows).to.deep.equal([
        { 'details.name': 'Salesforce users', status: 'partial', runs: 1 },
        { 'details.name': 'Salesforce users', status: 'success', runs: 1 },
        { 'details.name': 'Ünïcode Ñame', status: 'success', runs: 1 },
      ]);
    });
  });
}
