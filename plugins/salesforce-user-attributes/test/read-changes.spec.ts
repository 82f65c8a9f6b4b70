import { expect } from 'chai';
import { isTributaryError, type SourceRecord, type SyncRead } from 'tributary-kit';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { idsOf, readSandbox } from './support/sandbox-read.js';

const at = (iso: string): number => Date.parse(iso);
const FULL_WITH_CURSOR: SyncRead = { mode: 'full', cursor: true, reason: 'no cursor yet' };
const changes = (since: string, lookBackSeconds = 300): SyncRead => ({ mode: 'changes', since, lookBackSeconds });
const QUERY = 'SELECT Username, Department, IsActive FROM User WHERE IsActive = true';

/** The greatest SystemModstamp of `rows` (all written alike by REST), and the greatest Id at it. */
function greatestRow(rows: readonly SourceRecord[]): string {
  const latest = rows.reduce((max, r) => (String(r['SystemModstamp']) > max ? String(r['SystemModstamp']) : max), '');
  const id = idsOf(rows.filter((r) => r['SystemModstamp'] === latest))
    .sort()
    .at(-1);
  return `${new Date(Date.parse(latest.replace('+0000', 'Z'))).toISOString()},${id}`;
}

describe('salesforce-user-attributes read: changes since a cursor', () => {
  let sandbox: Sandbox;
  const id = (index: number): string => sandbox.userId(index);
  /** Changes user `index` at `iso`; by default into Sales, active (so that the query returns it). */
  const edit = (index: number, iso: string, fields: Record<string, string | boolean> = {}) =>
    sandbox.editUser(index, { Department: 'Sales', IsActive: true, ...fields }, { modstamp: at(iso) });
  beforeEach(
    async () => (sandbox = await startSandbox({ users: 5_000, seed: 11, now: () => at('2026-06-01T12:00:00Z') })),
  );
  afterEach(() => sandbox.close());

  it('reads everything on a full read, selecting SystemModstamp and Id, and sets the cursor at the greatest row', async () => {
    const untouched = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: FULL_WITH_CURSOR });
    expect(untouched.error).to.equal(undefined);
    expect(untouched.rows.length).to.equal(untouched.context.expected[0]).and.to.be.above(4_000);
    expect(Object.keys(untouched.rows[0] ?? {})).to.deep.equal([
      'Username',
      'Department',
      'IsActive',
      'SystemModstamp',
      'Id',
    ]);
    expect(untouched.context.cursor).to.equal(greatestRow(untouched.rows));
    expect(untouched.context.sourceCount).to.equal(undefined); // a full read's announced total stands for it
    edit(200, '2026-02-01T00:00:00Z');
    edit(100, '2026-02-01T00:00:00Z');
    const tied = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: FULL_WITH_CURSOR });
    expect(tied.context.cursor).to.equal(`2026-02-01T00:00:00.000Z,${[id(100), id(200)].sort().at(-1)}`);
  });

  it('reads exactly the rows changed since the cursor and its look-back, counts the whole query, moves the cursor', async () => {
    edit(20, '2026-03-01T10:00:00Z');
    edit(10, '2026-03-01T10:00:00Z');
    edit(30, '2026-03-01T08:56:00Z'); // inside the 300 s look-back before the cursor
    edit(40, '2026-03-01T08:54:59Z'); // before it
    edit(50, '2026-03-01T09:30:00Z', { IsActive: false }); // changed, but no longer in the query
    const run = await readSandbox(
      sandbox,
      { api: 'rest', query: QUERY },
      { sync: changes('2026-03-01T09:00:00.000Z') },
    );
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal([id(10), id(20), id(30)]);
    expect(run.rows.every((r) => r['Department'] === 'Sales')).to.equal(true);
    expect(run.context.expected).to.deep.equal([3]);
    const active = await readSandbox(sandbox, { api: 'rest', query: 'SELECT Id FROM User WHERE IsActive = true' });
    expect(run.context.sourceCount).to.equal(active.rows.length);
    expect(run.context.sourceFrom).to.equal('SELECT COUNT()');
    expect(run.context.cursor).to.equal(`2026-03-01T10:00:00.000Z,${[id(10), id(20)].sort().at(-1)}`);
    expect(run.context.apiCalls).to.equal(2); // the COUNT() and the change query's one page
  });

  it('keeps the cursor it started from, as written, when nothing changed since', async () => {
    edit(10, '2026-03-01T10:00:00Z');
    const since = `2026-03-01T10:00:00.000Z,${id(10)}`;
    const run = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes(since, 0) });
    expect(idsOf(run.rows)).to.deep.equal([id(10)]); // the inclusive bound reads the cursor's own row again
    expect(run.context.cursor).to.equal(since);
    const later = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes('2026-04-01T00:00:00Z') });
    expect(later.rows).to.deep.equal([]);
    expect(later.context.cursor).to.equal('2026-04-01T00:00:00Z');
  });

  it('reads a burst of rows sharing one modstamp again, and a late commit at that modstamp, on the next read', async () => {
    const burst = Array.from({ length: 40 }, (_, k) => 1_000 + k * 7);
    for (const index of burst) edit(index, '2026-03-02T00:00:00Z');
    const first = await readSandbox(
      sandbox,
      { api: 'rest', query: QUERY },
      { sync: changes('2026-03-01T00:00:00Z', 0) },
    );
    expect(idsOf(first.rows)).to.deep.equal(burst.map(id));
    const cursor = `2026-03-02T00:00:00.000Z,${id(burst.at(-1) as number)}`;
    expect(first.context.cursor).to.equal(cursor);
    edit(3, '2026-03-02T00:00:00Z'); // committed late, at the same modstamp, with a lower Id
    const second = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes(cursor, 0) });
    expect(idsOf(second.rows)).to.deep.equal([3, ...burst].map(id));
    expect(second.context.cursor).to.equal(cursor);
  });

  it('reads a late commit whose modstamp is inside the look-back window before the cursor, and misses one before it', async () => {
    edit(10, '2026-03-01T10:00:00Z');
    const first = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes('2026-03-01T09:00:00Z') });
    const cursor = first.context.cursor as string;
    edit(60, '2026-03-01T09:56:00Z'); // committed after the first read, stamped before its cursor
    edit(70, '2026-03-01T09:54:00Z'); // later than the look-back allows for
    const second = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes(cursor, 300) });
    expect(idsOf(second.rows)).to.deep.equal([id(10), id(60)]);
    expect(second.context.cursor).to.equal(cursor);
  });

  it('keeps the cursor at the org time the read began when a row read was changed after that', async () => {
    edit(10, '2026-06-01T11:59:00Z');
    edit(20, '2026-06-01T12:00:30Z'); // the org's clock says 12:00:00: the row changed while the read went on
    const run = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes('2026-06-01T11:00:00Z') });
    expect(idsOf(run.rows)).to.deep.equal([id(10), id(20)]);
    expect(run.context.cursor).to.equal('2026-06-01T12:00:00.000Z');
  });

  it('starts the change read over after an expired session, and sets the cursor from what the new read delivered', async () => {
    const changed = Array.from({ length: 500 }, (_, k) => k * 9);
    for (const [k, index] of changed.entries()) edit(index, `2026-03-01T10:00:${String(k % 60).padStart(2, '0')}Z`);
    sandbox.faults.expireSessionAfterPages = 2; // the COUNT() and the first page; the second page finds it expired
    const run = await readSandbox(
      sandbox,
      { api: 'rest', query: QUERY, batchSize: 200 },
      { sync: changes('2026-03-01T10:00:00Z', 0) },
    );
    expect(run.error).to.equal(undefined);
    expect(run.batches.filter((b) => b.restarted !== undefined)).to.have.length(1);
    expect(idsOf(run.rows)).to.deep.equal(changed.map(id));
    expect(run.context.cursor).to.equal(`2026-03-01T10:00:59.000Z,${id(changed[479] as number)}`);
  });

  it('fails on a cursor it did not set, and on a query a change filter would change', async () => {
    const bad = await readSandbox(sandbox, { api: 'rest', query: QUERY }, { sync: changes('yesterday') });
    expect(isTributaryError(bad.error) && bad.error.code).to.equal('SF_INVALID_CURSOR');
    const limited = await readSandbox(
      sandbox,
      { api: 'rest', query: 'SELECT Id FROM User LIMIT 10' },
      { sync: changes('2026-03-01T00:00:00Z') },
    );
    expect(isTributaryError(limited.error) && limited.error.code).to.equal('SF_QUERY_NOT_INCREMENTAL');
    expect((limited.error as Error).message).to.match(/it has its own LIMIT, whose rows a change filter would change/);
    expect(sandbox.stats.queryRequests).to.equal(0);
  });
});

describe('salesforce-user-attributes read: changes through Id ranges and Bulk API 2.0', () => {
  const USERS = 30_000;
  let sandbox: Sandbox;
  let edited: string[];
  before(async () => {
    sandbox = await startSandbox({ users: USERS, seed: 12, latency: true, timeScale: 0 });
    edited = [];
    for (let index = 0; index < USERS; index += 2) {
      const minute = String(index % 60).padStart(2, '0');
      sandbox.editUser(index, { Title: 'Changed' }, { modstamp: at(`2026-03-01T10:${minute}:00Z`) });
      edited.push(sandbox.userId(index));
    }
    sandbox.editUser(1, { Title: 'Old' }, { modstamp: at('2026-02-01T00:00:00Z') });
  });
  after(() => sandbox.close());

  const since = changes('2026-03-01T10:00:00Z', 60);
  const cursor = (): string => `2026-03-01T10:58:00.000Z,${sandbox.userId(USERS - 2)}`;

  it('reads the change query in concurrent Id ranges when it returns more than 10,000 rows', async () => {
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 }, { sync: since });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal(edited);
    expect(run.rows.every((r) => typeof r['SystemModstamp'] === 'string')).to.equal(true);
    expect(run.context.expectedFrom.at(-1)).to.match(/^Salesforce \(the totalSize of \d+ Id ranges\)$/);
    expect(run.context.expected.at(-1)).to.equal(edited.length);
    expect(run.context.sourceCount).to.equal(USERS);
    expect(run.context.cursor).to.equal(cursor());
    expect(run.context.apiCalls).to.be.above(10);
  });

  it('reads the change query with a Bulk API 2.0 job', async () => {
    const created = sandbox.stats.bulkJobsCreated;
    const run = await readSandbox(sandbox, { api: 'bulk' }, { sync: since });
    expect(run.error).to.equal(undefined);
    expect(sandbox.stats.bulkJobsCreated).to.equal(created + 1);
    expect(idsOf(run.rows)).to.deep.equal(edited);
    expect(run.context.expectedFrom).to.have.length(1);
    expect(run.context.expectedFrom[0]).to.match(/^Bulk API 2\.0 job 750\w{15} \(numberRecordsProcessed\)$/);
    expect(run.context.sourceCount).to.equal(USERS);
    expect(run.context.cursor).to.equal(cursor());
  });

  it('reads the change query one page after the other at concurrency 1', async () => {
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 1 }, { sync: since });
    expect(idsOf(run.rows)).to.deep.equal(edited);
    expect(run.context.cursor).to.equal(cursor());
    expect(run.context.expectedFrom).to.deep.equal(["Salesforce (the query's totalSize)"]);
  });
});
