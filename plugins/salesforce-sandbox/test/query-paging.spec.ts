import { expect } from 'chai';
import { DEFAULT_SANDBOX_QUERY, startSandbox, type Sandbox } from '../index.js';
import { firstError, get, queryAllPages, queryPath, tokenFor, type QueryPage } from './sandbox-client.js';

describe('sandbox query paging', () => {
  let sandbox: Sandbox;
  let token: string;
  before(async () => {
    sandbox = await startSandbox({ deletedUsers: 7 });
    token = await tokenFor(sandbox);
  });
  after(() => sandbox.close());

  it('serves 4,500 users in 3 pages of 2,000/2,000/500 with totalSize on each and nextRecordsUrl until done', async () => {
    const pages = await queryAllPages(sandbox, token, 'SELECT Id, Username FROM User', {
      'Sforce-Query-Options': 'batchSize=2000',
    });
    expect(pages.map((p) => p.records.length)).to.deep.equal([2000, 2000, 500]);
    expect(pages.map((p) => p.totalSize)).to.deep.equal([4500, 4500, 4500]);
    expect(pages.map((p) => p.done)).to.deep.equal([false, false, true]);
    expect(pages[0]?.nextRecordsUrl).to.match(/^\/services\/data\/v62\.0\/query\/0r8\w{15}-2000$/);
    expect(pages[1]?.nextRecordsUrl).to.match(/-4000$/);
    expect(pages[2]).to.not.have.property('nextRecordsUrl');
    const ids = new Set(pages.flatMap((p) => p.records.map((r) => r.Id)));
    expect(ids.size).to.equal(4500);
  });

  it('lays out each record as Salesforce does: attributes first, then the selected fields in SELECT order', async () => {
    const { json } = await get(sandbox, queryPath('SELECT Username, Id, IsActive FROM User LIMIT 1'), token);
    const record = json.records[0] as Record<string, unknown>;
    expect(Object.keys(record)).to.deep.equal(['attributes', 'Username', 'Id', 'IsActive']);
    expect(record.attributes).to.deep.equal({
      type: 'User',
      url: `/services/data/v62.0/sobjects/User/${String(record.Id)}`,
    });
    expect(record.Id).to.match(/^005\w{15}$/);
    expect(record.IsActive).to.be.a('boolean');
  });

  it('keeps the API-name case of fields whatever the case typed in SOQL', async () => {
    const { json } = await get(sandbox, queryPath('select username, manager.name from user limit 1'), token);
    expect(Object.keys(json.records[0] as object)).to.deep.equal(['attributes', 'Username', 'Manager']);
  });

  it('honours Sforce-Query-Options batchSize, clamped to 200…2,000', async () => {
    const sizes = async (header: string): Promise<number[]> =>
      (await queryAllPages(sandbox, token, 'SELECT Id FROM User', { 'Sforce-Query-Options': header })).map(
        (p) => p.records.length,
      );
    expect(await sizes('batchSize=1000')).to.deep.equal([1000, 1000, 1000, 1000, 500]);
    const smallest = await sizes('batchSize=50');
    expect(smallest[0]).to.equal(200);
    expect(smallest).to.have.length(23);
    expect(await sizes('batchSize=5000')).to.deep.equal([2000, 2000, 500]);
  });

  it('caps pages at the batchSize option whatever the client asks', async () => {
    const small = await startSandbox({ users: 25, batchSize: 10 });
    try {
      const pages = await queryAllPages(small, await tokenFor(small), 'SELECT Id FROM User', {
        'Sforce-Query-Options': 'batchSize=2000',
      });
      expect(pages.map((p) => p.records.length)).to.deep.equal([10, 10, 5]);
    } finally {
      await small.close();
    }
  });

  it('stops at LIMIT: totalSize is the limited count', async () => {
    const pages = await queryAllPages(sandbox, token, 'SELECT Id FROM User LIMIT 2500');
    expect(pages.map((p) => p.records.length)).to.deep.equal([2000, 500]);
    expect(pages[0]?.totalSize).to.equal(2500);
  });

  it('answers an empty result with totalSize 0, done and no records', async () => {
    const { json } = await get(
      sandbox,
      queryPath("SELECT Id FROM User WHERE Username = 'nobody@nowhere.example'"),
      token,
    );
    expect(json).to.deep.equal({ totalSize: 0, done: true, records: [] });
  });

  it('returns deleted users only through queryAll', async () => {
    const live = await get(sandbox, queryPath('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true'), token);
    expect(live.json.totalSize).to.equal(0);
    const all = await get(
      sandbox,
      queryPath('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true', { all: true }),
      token,
    );
    expect(all.json.totalSize).to.equal(7);
    expect(all.json.records.every((r) => r.IsDeleted === true)).to.equal(true);
  });

  it('serves a query on another object with that object type in attributes', async () => {
    const { json } = await get(sandbox, queryPath('SELECT Id, Name, Owner.Username FROM Account'), token);
    expect(json.totalSize).to.equal(25);
    expect((json.records[0]?.attributes as { type: string }).type).to.equal('Account');
    expect(json.records[0]?.Id).to.match(/^001/);
  });

  it('uses the API version of the request in record urls and nextRecordsUrl', async () => {
    const { json } = await get(sandbox, queryPath('SELECT Id FROM User', { version: '65.0' }), token);
    expect(json.nextRecordsUrl).to.match(/^\/services\/data\/v65\.0\/query\//);
    expect((json.records[0]?.attributes as { url: string }).url).to.match(
      /^\/services\/data\/v65\.0\/sobjects\/User\//,
    );
  });

  it('lets a locator be read again (Salesforce keeps cursors for days)', async () => {
    const first = await get(sandbox, queryPath('SELECT Id FROM User'), token);
    const again1 = await get(sandbox, first.json.nextRecordsUrl as string, token);
    const again2 = await get(sandbox, first.json.nextRecordsUrl as string, token);
    expect(again1.text).to.equal(again2.text);
  });

  it('drops the oldest cursors beyond 200 open ones (their locators become invalid)', async () => {
    const small = await startSandbox({ users: 5, batchSize: 2 });
    try {
      const smallToken = await tokenFor(small);
      const open = async (): Promise<string> =>
        (await get(small, queryPath('SELECT Id FROM User'), smallToken)).json.nextRecordsUrl as string;
      const oldest = await open();
      const second = await open();
      for (let i = 0; i < 199; i++) await open();
      expect(firstError((await get(small, oldest, smallToken)).json).errorCode).to.equal('INVALID_QUERY_LOCATOR');
      expect((await get(small, second, smallToken)).status).to.equal(200);
    } finally {
      await small.close();
    }
  });

  it('answers unknown paths and versions with 404 NOT_FOUND', async () => {
    for (const path of ['/services/data/v12.0/query?q=x', '/services/data/v62.0/sobjects', '/nothing']) {
      const reply = await get<unknown[]>(sandbox, path, token);
      expect(reply.status, path).to.equal(404);
      expect(reply.json).to.deep.equal([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
  });

  it('lists API versions without authentication and reports limits', async () => {
    const versions = await get<{ version: string }[]>(sandbox, '/services/data/', undefined);
    expect(versions.json.map((v) => v.version)).to.include('62.0');
    const limits = await get<{ DailyApiRequests: { Max: number; Remaining: number } }>(
      sandbox,
      '/services/data/v62.0/limits',
      token,
    );
    expect(limits.json.DailyApiRequests.Max).to.equal(100_000);
    expect(limits.json.DailyApiRequests.Remaining).to.equal(100_000 - sandbox.usage.used);
  });

  it('counts query requests in stats', async () => {
    const before = sandbox.stats.queryRequests;
    await queryAllPages(sandbox, token, 'SELECT Id FROM User');
    expect(sandbox.stats.queryRequests - before).to.equal(3);
  });

  describe('pre-rendered pages', () => {
    it('serve byte for byte what live rendering serves, with working locators', async () => {
      const prerendered = await startSandbox({ users: 4321, prerender: true });
      const live = await startSandbox({ users: 4321 });
      try {
        expect(prerendered.prerenderedBytes).to.be.greaterThan(4321 * 100);
        const read = async (sb: Sandbox): Promise<QueryPage[]> =>
          queryAllPages(sb, await tokenFor(sb), DEFAULT_SANDBOX_QUERY);
        const [a, b] = await Promise.all([read(prerendered), read(live)]);
        expect(a.map((p) => p.records.length)).to.deep.equal([2000, 2000, 321]);
        expect(a.map((p) => p.records)).to.deep.equal(b.map((p) => p.records));
      } finally {
        await Promise.all([prerendered.close(), live.close()]);
      }
    });
  });
});
