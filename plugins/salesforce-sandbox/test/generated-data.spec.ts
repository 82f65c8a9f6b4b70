import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../index.js';
import { toId18 } from '../salesforce-id.js';
import { rowOf } from '../sobject-table.js';
import { createUserTable } from '../user-table.js';
import { queryAllPages, tokenFor } from './sandbox-client.js';

const EVERY_FIELD =
  'SELECT Id, Username, Email, FirstName, LastName, Name, Alias, Department, Division, Title, CompanyName, ' +
  'EmployeeNumber, FederationIdentifier, City, Country, UserType, IsActive, IsDeleted, ManagerId, Cost_Center__c, ' +
  'CreatedDate, LastModifiedDate, SystemModstamp, Manager.Name FROM User';

async function readAll(options: Parameters<typeof startSandbox>[0]): Promise<string> {
  const sandbox: Sandbox = await startSandbox(options);
  try {
    const pages = await queryAllPages(sandbox, await tokenFor(sandbox), EVERY_FIELD);
    return JSON.stringify(pages.flatMap((p) => p.records));
  } finally {
    await sandbox.close();
  }
}

describe('sandbox generated users', () => {
  it('are the same for the same seed and differ for another seed', async () => {
    const [a, b, c] = await Promise.all([
      readAll({ users: 300, seed: 7 }),
      readAll({ users: 300, seed: 7 }),
      readAll({ users: 300, seed: 8 }),
    ]);
    expect(a).to.equal(b);
    expect(a).to.not.equal(c);
  });

  it('do not depend on the table size: user i is the same in a small and a large table (except its creation date spread)', () => {
    const small = createUserTable({ users: 100, seed: 3 });
    const large = createUserTable({ users: 3_000_500, seed: 3 });
    const strip = (row: Record<string, unknown>): Record<string, unknown> => ({
      ...row,
      CreatedDate: 0,
      LastModifiedDate: 0,
      SystemModstamp: 0,
    });
    expect(strip(rowOf(large, 42))).to.deep.equal(strip(rowOf(small, 42)));
    expect(rowOf(large, 3_000_499).Username).to.match(/\.3000500@acme\.example$/);
  });

  it('have unique 18-character ids with a valid checksum and unique usernames', () => {
    const table = createUserTable({ users: 5000, seed: 1 });
    const rows = Array.from({ length: 5000 }, (_, i) => rowOf(table, i));
    const ids = rows.map((r) => String(r.Id));
    expect(new Set(ids).size).to.equal(5000);
    expect([toId18('005000000000001'), toId18('005R0000000UyrW')]).to.deep.equal([
      '005000000000001AAA',
      '005R0000000UyrWIAS',
    ]); // Salesforce's own
    expect(ids.filter((id) => id.length !== 18 || toId18(id.slice(0, 15)) !== id)).to.deep.equal([]);
    expect(new Set(rows.map((r) => r.Username)).size).to.equal(5000);
    expect(rows.every((r) => /^[a-z]+\.[a-z]+\.\d+@acme\.example$/.test(String(r.Username)))).to.equal(true);
  });

  it('form a manager tree: a manager always comes earlier, some users have none', () => {
    const table = createUserTable({ users: 5000, seed: 1 });
    const manager = table.relationships[0]!;
    let without = 0;
    for (let i = 0; i < 5000; i++) {
      const m = manager.parentIndex(i);
      if (m < 0) without++;
      else expect(m).to.be.lessThan(i);
    }
    expect(without).to.be.within(5, 500);
  });

  it('mix active and inactive users, and fill or null the optional fields', () => {
    const table = createUserTable({ users: 5000, seed: 1, inactivePercent: 10 });
    const rows = Array.from({ length: 5000 }, (_, i) => rowOf(table, i));
    const inactive = rows.filter((r) => r.IsActive === false).length;
    expect(inactive).to.be.within(350, 650);
    expect(rows.filter((r) => r.Cost_Center__c === null).length).to.be.greaterThan(0);
    expect(rows.every((r) => typeof r.EmployeeNumber === 'string' || r.EmployeeNumber === null)).to.equal(true);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/.test(String(r.CreatedDate)))).to.equal(
      true,
    );
    expect(rows.some((r) => /[^\x20-\x7e]/.test(String(r.Name)))).to.equal(true);
  });

  it('duplicateUpns makes the first N users share one Username', () => {
    const table = createUserTable({ users: 100, seed: 1, duplicateUpns: 4 });
    const names = Array.from({ length: 6 }, (_, i) => rowOf(table, i).Username);
    expect(new Set(names.slice(0, 4)).size).to.equal(1);
    expect(names[4]).to.not.equal(names[0]);
    expect(names[5]).to.not.equal(names[4]);
  });
});
