import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { DEFAULT_SANDBOX_QUERY, startSandbox, type Sandbox } from '../index.js';
import { get, queryAllPages, queryPath, send, tokenFor, type QueryPage, type Reply } from './sandbox-client.js';

const USERS = 5_000;
const JOBS = '/services/data/v62.0/jobs/query';
const at = (iso: string): number => Date.parse(iso);

describe('sandbox user edits', () => {
  let sandbox: Sandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ users: USERS, deletedUsers: 10, seed: 3, now: () => at('2026-06-01T12:00:00Z') });
    token = await tokenFor(sandbox);
  });
  afterEach(() => sandbox.close());

  const records = async (soql: string, all = false): Promise<Record<string, unknown>[]> => {
    const pages: QueryPage[] = [];
    let path: string | undefined = queryPath(soql, { all });
    while (path) {
      const page: Reply<QueryPage> = await get(sandbox, path, token);
      expect(page.status, page.text).to.equal(200);
      pages.push(page.json);
      path = page.json.nextRecordsUrl;
    }
    return pages.flatMap((p) => p.records);
  };
  const idsOf = async (soql: string, all = false): Promise<string[]> =>
    (await records(soql, all)).map((r) => r['Id'] as string);

  it('overrides fields of a user and sets its SystemModstamp and LastModifiedDate to the edit time', async () => {
    const before = await records(
      `SELECT Id, Department, IsActive, SystemModstamp FROM User WHERE Id = '${sandbox.userId(42)}'`,
    );
    const edited = sandbox.editUser(
      42,
      { department: 'Sales', IsActive: false },
      { modstamp: at('2026-03-01T10:00:00.750Z') },
    );
    expect(edited).to.deep.equal({ id: sandbox.userId(42), systemModstamp: '2026-03-01T10:00:00.000+0000' });
    const [after] = await records(
      `SELECT Id, Department, IsActive, Title, LastModifiedDate, SystemModstamp FROM User WHERE Id = '${edited.id}'`,
    );
    expect(after).to.deep.include({
      Department: 'Sales',
      IsActive: false,
      LastModifiedDate: '2026-03-01T10:00:00.000+0000',
      SystemModstamp: '2026-03-01T10:00:00.000+0000',
    });
    expect(before[0]?.['SystemModstamp']).to.not.equal(after?.['SystemModstamp']);
    const untouched = await records(`SELECT Id, SystemModstamp FROM User WHERE Id = '${sandbox.userId(43)}'`);
    expect(String(untouched[0]?.['SystemModstamp']) <= '2026-01-01T00:00:00.000+0000').to.equal(true);
  });

  it('stamps an edit without a modstamp with the org clock, which is also the Date of every answer', async () => {
    expect(sandbox.editUser(7, { Title: 'CTO' }).systemModstamp).to.equal('2026-06-01T12:00:00.000+0000');
    const reply = await get(sandbox, queryPath('SELECT Id FROM User LIMIT 1'), token);
    expect(reply.headers.get('date')).to.equal('Mon, 01 Jun 2026 12:00:00 GMT');
  });

  it('finds exactly the edited rows with a SystemModstamp condition, in either datetime form', async () => {
    sandbox.editUser(4_000, { Title: 'A' }, { modstamp: at('2026-03-01T10:00:00Z') });
    sandbox.editUser(10, { Title: 'B' }, { modstamp: at('2026-03-01T10:00:00Z') });
    sandbox.editUser(2_500, { Title: 'C' }, { modstamp: at('2026-03-02T08:30:00Z') });
    const ids = [10, 2_500, 4_000].map((i) => sandbox.userId(i));
    expect(await idsOf('SELECT Id FROM User WHERE SystemModstamp >= 2026-03-01T10:00:00Z')).to.deep.equal(ids);
    expect(await idsOf('SELECT Id FROM User WHERE SystemModstamp >= 2026-03-01T10:00:00.000+0000')).to.deep.equal(ids);
    expect(await idsOf('SELECT Id FROM User WHERE SystemModstamp > 2026-03-01T10:00:00Z')).to.deep.equal([ids[1]]);
    expect(await idsOf('SELECT Id FROM User WHERE LastModifiedDate = 2026-03-01T11:00:00+01:00')).to.deep.equal([
      ids[0],
      ids[2],
    ]);
    expect(await idsOf('SELECT Id FROM User WHERE SystemModstamp >= 2026-03-03T00:00:00Z')).to.deep.equal([]);
  });

  it('combines the SystemModstamp condition with the rest of the WHERE clause, Id ranges and ORDER BY', async () => {
    for (const [index, title] of [
      [100, 'Lead'],
      [1_500, 'Lead'],
      [3_000, 'Other'],
    ] as const)
      sandbox.editUser(index, { Title: title }, { modstamp: at('2026-04-01T00:00:00Z') });
    const since = 'SystemModstamp >= 2026-04-01T00:00:00Z';
    expect(await idsOf(`SELECT Id FROM User WHERE (Title = 'lead') AND ${since}`)).to.deep.equal([
      sandbox.userId(100),
      sandbox.userId(1_500),
    ]);
    const range = `Id >= '${sandbox.userId(1_000)}' AND Id < '${sandbox.userId(4_000)}'`;
    expect(
      await idsOf(
        `SELECT Id FROM User WHERE ((Title = 'lead' OR Title = 'other') AND ${since}) AND ${range} ORDER BY Id ASC`,
      ),
    ).to.deep.equal([sandbox.userId(1_500), sandbox.userId(3_000)]);
    expect(await idsOf(`SELECT Id FROM User WHERE ${since} ORDER BY Id DESC LIMIT 2`)).to.deep.equal([
      sandbox.userId(3_000),
      sandbox.userId(1_500),
    ]);
    expect(await idsOf(`SELECT Id FROM User WHERE ${since} ORDER BY Title DESC, Id`)).to.deep.equal([
      sandbox.userId(3_000),
      sandbox.userId(100),
      sandbox.userId(1_500),
    ]);
  });

  it('shows edits of deleted users to queryAll only', async () => {
    sandbox.editUser(USERS + 3, { Title: 'Gone' }, { modstamp: at('2026-05-01T00:00:00Z') });
    sandbox.editUser(5, { Title: 'Here' }, { modstamp: at('2026-05-01T00:00:00Z') });
    const soql = 'SELECT Id, Title FROM User WHERE SystemModstamp >= 2026-05-01T00:00:00Z';
    expect(await idsOf(soql)).to.deep.equal([sandbox.userId(5)]);
    expect(await idsOf(soql, true)).to.deep.equal([sandbox.userId(5), sandbox.userId(USERS + 3)]);
  });

  it('makes a late commit visible only from the edit on: its SystemModstamp is before what an earlier read saw', async () => {
    sandbox.editUser(20, { Title: 'first' }, { modstamp: at('2026-03-01T10:00:05Z') });
    const soql = 'SELECT Id FROM User WHERE SystemModstamp >= 2026-03-01T10:00:00Z';
    expect(await idsOf(soql)).to.deep.equal([sandbox.userId(20)]);
    sandbox.editUser(30, { Title: 'late' }, { modstamp: at('2026-03-01T10:00:02Z') });
    expect(await idsOf(soql)).to.deep.equal([sandbox.userId(20), sandbox.userId(30)]);
    expect(await idsOf('SELECT Id FROM User WHERE SystemModstamp > 2026-03-01T10:00:02Z')).to.deep.equal([
      sandbox.userId(20),
    ]);
  });

  it('shows edits to Bulk API 2.0 jobs created afterwards', async () => {
    sandbox.editUser(77, { Department: 'Bulk, "quoted"' }, { modstamp: at('2026-03-05T00:00:00Z') });
    const query = 'SELECT Id, Department, SystemModstamp FROM User WHERE SystemModstamp >= 2026-03-05T00:00:00Z';
    const job = await send<{ id: string }>(sandbox, 'POST', JOBS, token, { operation: 'query', query });
    expect((await send<{ state: string }>(sandbox, 'GET', `${JOBS}/${job.json.id}`, token)).json.state).to.equal(
      'JobComplete',
    );
    const results = await send(sandbox, 'GET', `${JOBS}/${job.json.id}/results`, token);
    expect(parse(results.text)).to.deep.equal([
      ['Id', 'Department', 'SystemModstamp'],
      [sandbox.userId(77), 'Bulk, "quoted"', '2026-03-05T00:00:00.000+0000'],
    ]);
  });

  it('keeps the rows of a locator opened before an edit, rendered with the edit', async () => {
    const first = await get(sandbox, queryPath("SELECT Id, Title FROM User WHERE Title != 'Renamed'"), token, {
      'Sforce-Query-Options': 'batchSize=1000',
    });
    const total = first.json.totalSize;
    sandbox.editUser(1_500, { Title: 'Renamed' }, { modstamp: at('2026-03-01T00:00:00Z') });
    const next = await get(sandbox, first.json.nextRecordsUrl as string, token);
    expect(next.json.totalSize).to.equal(total);
    const renamed = next.json.records.find((r) => r['Id'] === sandbox.userId(1_500));
    expect(renamed?.['Title']).to.equal('Renamed');
  });

  it('refuses an edit of a field it cannot set, a value of the wrong type, or a row that does not exist', () => {
    expect(() => sandbox.editUser(1, { Nope: 'x' })).to.throw(RangeError, 'User has no field Nope');
    expect(() => sandbox.editUser(1, { id: 'x' })).to.throw(RangeError, 'User.Id cannot be edited');
    expect(() => sandbox.editUser(1, { SystemModstamp: 'x' })).to.throw(RangeError, 'cannot be edited');
    expect(() => sandbox.editUser(1, { Address: null })).to.throw(RangeError, 'cannot be edited');
    expect(() => sandbox.editUser(1, { IsActive: 'no' })).to.throw(TypeError, 'User.IsActive takes true or false');
    expect(() => sandbox.editUser(1, { Title: true })).to.throw(TypeError, 'User.Title takes a text or null');
    expect(() => sandbox.editUser(USERS + 10, {})).to.throw(RangeError, 'no user at index 5010');
    expect(() => sandbox.editUser(1, {}, { modstamp: Number.NaN })).to.throw(RangeError, 'modstamp');
  });
});

describe('sandbox user edits and pre-rendered pages', () => {
  it('drop the pre-rendered pages: queries, and locators opened before, render the edit', async () => {
    const sandbox = await startSandbox({ users: 4_321, prerender: true });
    try {
      const token = await tokenFor(sandbox);
      const first = await get(sandbox, queryPath(DEFAULT_SANDBOX_QUERY), token);
      expect(sandbox.prerenderedBytes).to.be.greaterThan(0);
      sandbox.editUser(2_100, { Title: 'Edited' });
      expect(sandbox.prerenderedBytes).to.equal(0);
      const second = await get(sandbox, first.json.nextRecordsUrl as string, token);
      expect(second.json.records.find((r) => r['Id'] === sandbox.userId(2_100))?.['Title']).to.equal('Edited');
      const again = await queryAllPages(sandbox, token, DEFAULT_SANDBOX_QUERY);
      const edited = again.flatMap((p) => p.records).filter((r) => r['Title'] === 'Edited');
      expect(edited.map((r) => r['Id'])).to.deep.equal([sandbox.userId(2_100)]);
    } finally {
      await sandbox.close();
    }
  });
});
