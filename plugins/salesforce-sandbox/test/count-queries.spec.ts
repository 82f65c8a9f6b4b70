import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../index.js';
import { firstError, get, queryPath, send, tokenFor, type QueryPage } from './sandbox-client.js';

describe('sandbox SELECT COUNT()', () => {
  let sandbox: Sandbox;
  let token: string;
  before(async () => {
    sandbox = await startSandbox({ users: 3_000, deletedUsers: 12, seed: 4, inactivePercent: 10 });
    token = await tokenFor(sandbox);
  });
  after(() => sandbox.close());

  const count = async (soql: string, all = false): Promise<QueryPage> => {
    const reply = await get(sandbox, queryPath(soql, { all }), token);
    expect(reply.status, reply.text).to.equal(200);
    return reply.json;
  };

  it('answers like Salesforce: the number of rows in totalSize, done, and no records', async () => {
    const reply = await get(sandbox, queryPath('SELECT COUNT() FROM User'), token);
    expect(reply.text).to.equal('{"totalSize":3000,"done":true,"records":[]}');
    expect((await count('select count() from user', true)).totalSize).to.equal(3_012);
    expect((await count('SELECT COUNT() FROM Account')).totalSize).to.equal(25);
  });

  it('counts the rows its WHERE clause matches, up to its LIMIT, as the query of those rows returns them', async () => {
    const { totalSize: active } = await count('SELECT COUNT() FROM User WHERE IsActive = true');
    const rows = await get<QueryPage>(sandbox, queryPath('SELECT Id FROM User WHERE IsActive = true'), token);
    expect(active).to.equal(rows.json.totalSize).and.to.be.within(2_500, 2_900);
    expect((await count('SELECT COUNT() FROM User WHERE IsActive = true LIMIT 100')).totalSize).to.equal(100);
    const range = `Id >= '${sandbox.userId(1_000)}' AND Id < '${sandbox.userId(1_200)}'`;
    expect((await count(`SELECT COUNT() FROM User WHERE ${range}`)).totalSize).to.equal(200);
  });

  it('counts edits: a user made inactive leaves the count of active users', async () => {
    const soql = 'SELECT COUNT() FROM User WHERE IsActive = true';
    const before = (await count(soql)).totalSize;
    const active = await get<QueryPage>(sandbox, queryPath('SELECT Id FROM User WHERE IsActive = true LIMIT 1'), token);
    const index = Array.from({ length: 3_000 }, (_, i) => sandbox.userId(i)).indexOf(
      active.json.records[0]?.['Id'] as string,
    );
    sandbox.editUser(index, { IsActive: false });
    expect((await count(soql)).totalSize).to.equal(before - 1);
    expect((await count('SELECT COUNT() FROM User WHERE SystemModstamp > 2026-01-01T00:00:00Z')).totalSize).to.equal(1);
  });

  it('is an API call like any query, and refuses another aggregate or a select list beside it', async () => {
    const used = sandbox.usage.used;
    await count('SELECT COUNT() FROM User');
    expect(sandbox.usage.used).to.equal(used + 1);
    for (const [soql, unexpected] of [
      ['SELECT COUNT(Id) FROM User', 'Id'],
      ['SELECT COUNT(), Id FROM User', ','],
      ['SELECT Id, COUNT() FROM User', '('],
    ] as const) {
      const reply = await get(sandbox, queryPath(soql), token);
      expect(reply.status).to.equal(400);
      expect(firstError(reply.json).errorCode).to.equal('MALFORMED_QUERY');
      expect(firstError(reply.json).message.endsWith(`unexpected token: '${unexpected}'`)).to.equal(true);
    }
  });

  it('is refused by Bulk API 2.0', async () => {
    const reply = await send(sandbox, 'POST', '/services/data/v62.0/jobs/query', token, {
      operation: 'query',
      query: 'SELECT COUNT() FROM User',
    });
    expect(reply.status).to.equal(400);
    expect(firstError(reply.json)).to.deep.equal({
      errorCode: 'API_ERROR',
      message: 'Aggregate queries are not supported in Bulk Query',
    });
  });
});

describe('sandbox SELECT COUNT() under the latency model', () => {
  it('costs what a first page costs, and counts against the session-expiry fault like a page', async () => {
    const sandbox = await startSandbox({ users: 1_000, latency: true, timeScale: 0 });
    try {
      const token = await tokenFor(sandbox);
      const modelled = sandbox.stats.modelledMs;
      await get(sandbox, queryPath('SELECT COUNT() FROM User'), token);
      const latency = sandbox.latency;
      const ms = sandbox.stats.modelledMs - modelled;
      expect(ms).to.be.closeTo(latency?.firstPageMs ?? 0, 1);
      expect(ms).to.be.closeTo(sandbox.sequentialFloorMs('SELECT COUNT() FROM User') - (latency?.tokenMs ?? 0), 1);
      sandbox.faults.expireSessionAfterPages = 1;
      const expired = await get(sandbox, queryPath('SELECT COUNT() FROM User'), token);
      expect(expired.status).to.equal(401);
    } finally {
      await sandbox.close();
    }
  });
});
