import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../index.js';
import { firstError, get, queryAllPages, queryPath, tokenFor } from './sandbox-client.js';

describe('sandbox Id comparisons', () => {
  let sandbox: Sandbox;
  let token: string;
  let ids: string[];
  before(async () => {
    sandbox = await startSandbox({ users: 5_000, seed: 3 });
    token = await tokenFor(sandbox);
    ids = (await queryAllPages(sandbox, token, 'SELECT Id FROM User')).flatMap((p) =>
      p.records.map((r) => r['Id'] as string),
    );
  });
  after(() => sandbox.close());

  const idsOf = async (soql: string): Promise<string[]> =>
    (await queryAllPages(sandbox, token, soql)).flatMap((p) => p.records.map((r) => r['Id'] as string));

  it('serves Ids in ascending order, so ORDER BY Id is the table order', async () => {
    expect([...ids].sort()).to.deep.equal(ids);
    expect(await idsOf('SELECT Id FROM User ORDER BY Id DESC LIMIT 3')).to.deep.equal(ids.slice(-3).reverse());
    expect(await idsOf('SELECT Id FROM User WHERE IsActive = true ORDER BY Id ASC LIMIT 1')).to.have.length(1);
  });

  it('compares Ids case-sensitively, on their 15-character form', async () => {
    const id = ids[3_000] as string;
    const flipped =
      id.slice(0, 3) +
      id.slice(3, 15).replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())) +
      id.slice(15);
    expect(await idsOf(`SELECT Id FROM User WHERE Id = '${id}'`)).to.deep.equal([id]);
    expect(await idsOf(`SELECT Id FROM User WHERE Id = '${id.slice(0, 15)}'`)).to.deep.equal([id]);
    expect(flipped.slice(0, 15)).not.to.equal(id.slice(0, 15));
    const other = await idsOf(`SELECT Id FROM User WHERE Id = '${flipped.slice(0, 15)}'`);
    expect(other).not.to.include(id); // another user's Id (or none), never this one
    for (const found of other) expect(found.slice(0, 15)).to.equal(flipped.slice(0, 15));
  });

  it('reads an Id range with the rest of the WHERE clause, exactly the rows between the bounds', async () => {
    const [from, to] = [ids[1_234] as string, ids[3_456] as string];
    const range = await idsOf(
      `SELECT Id FROM User WHERE (IsActive = true OR IsActive = false) AND Id >= '${from}' AND Id < '${to}' ORDER BY Id ASC`,
    );
    expect(range).to.deep.equal(ids.slice(1_234, 3_456));
    expect(await idsOf(`SELECT Id FROM User WHERE Id > '${from}' AND Id <= '${to}'`)).to.deep.equal(
      ids.slice(1_235, 3_457),
    );
    const active = await idsOf(`SELECT Id FROM User WHERE IsActive = true AND Id >= '${from}'`);
    expect(active.every((id) => id >= from)).to.equal(true);
  });

  it('refuses an Id literal that is not 15 or 18 characters', async () => {
    const reply = await get(sandbox, queryPath("SELECT Id FROM User WHERE Id = 'abc'"), token);
    expect(reply.status).to.equal(400);
    expect(firstError(reply.json).errorCode).to.equal('INVALID_QUERY_FILTER_OPERATOR');
    expect(firstError(reply.json).message).to.match(/invalid ID field: abc$/);
  });
});
